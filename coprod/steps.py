"""An activity as a short sequence of steps, one on the screen at a time (the GOV.UK Design
System's "one thing per page"): which tasks make each step, and where a person is in them.

The steps come from the content: a part's first task starts a step, and so does any task with
a ``step`` name or a title of its own; a task with neither joins the step before it (a comment
box under the scale it comments on). No widgets here: the participant's page draws the steps
(coprod.activities.stepped), and the unit tests check the state without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coprod.content import Activity, Part

# Where a person is: the app's bookkeeping ("app", "position"), which the exports leave out and
# which wakes nobody else's page. Item "current" is the open activity; an activity's id is the
# step the person is at in it.
APP, POSITION = "app", "position"
RESULTS = "results"  # the last step once the facilitator shows the room's results
RESULTS_NAME = "What the room said"


@dataclass(frozen=True)
class Step:
    id: str  # the id of its first task: unique within the activity, and stable when tasks are added
    name: str
    part: Part
    tasks: tuple
    opens_part: bool  # its part's aim and what to do are shown above it


def plan(activity: Activity) -> list[Step]:
    """The steps of an activity, in the content's order."""
    steps: list[Step] = []
    for part in activity.parts:
        for index, task in enumerate(part.tasks):
            starts = index == 0 or task.step or task.title
            if starts:
                name = task.step or task.title or part.title or activity.title
                steps.append(Step(task.id, name.rstrip(":"), part, (task,), index == 0))
            else:
                last = steps[-1]
                steps[-1] = Step(last.id, last.name, last.part, (*last.tasks, task), last.opens_part)
    return steps


def saved_step(answers: Iterable[Any], activity_id: str) -> str | None:
    """The step a person was last at in an activity, from their ("app", "position") answers
    (oldest first, on any device); None if they never moved in it."""
    mine = [a.value.get("step") for a in answers
            if a.item == activity_id and isinstance(a.value, dict) and isinstance(a.value.get("step"), str)]
    return mine[-1] if mine else None


class StepState:
    """Which step is on the screen: an index into the step ids, plus the room's results as one
    more step while the facilitator shows them."""

    def __init__(self, ids: list[str], start: str | None = None):
        if not ids:
            raise ValueError("an activity has at least one step")
        self.ids = list(ids)
        self.results = False
        self.index = 0
        self.go(start)

    @property
    def all_ids(self) -> list[str]:
        return [*self.ids, RESULTS] if self.results else list(self.ids)

    @property
    def count(self) -> int:
        return len(self.all_ids)

    @property
    def current(self) -> str:
        return self.all_ids[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    def go(self, step_id: str | None) -> bool:
        """Go to a step by its id; an unknown one (content changed since it was saved) is the first.
        Return whether the step changed."""
        ids = self.all_ids
        index = ids.index(step_id) if step_id in ids else 0
        moved, self.index = index != self.index, index
        return moved

    def next(self) -> bool:
        return self.go(self.all_ids[min(self.index + 1, self.count - 1)])

    def back(self) -> bool:
        return self.go(self.all_ids[max(self.index - 1, 0)])

    def show_results(self, shown: bool) -> None:
        """Add or take away the results step; someone on it when it goes is at the last step."""
        if shown == self.results:
            return
        on_results = self.results and self.current == RESULTS
        self.results = shown
        if on_results:
            self.index = len(self.ids) - 1
