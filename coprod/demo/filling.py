"""The demo room at work: every person and every group doing every task of the course,
through the activities' own builders and widgets, activity by activity, as a room does.

Each task is filled in by its type's demo filler (``fill`` in coprod/tasks/<type>/demo.py),
which drives the widgets its builder makes, so content a researcher adds is filled too. A
person's own tasks are done by everyone (a few skip something); a group's tasks by one member
of the group, a different one from task to task. Every choice comes from a ``random.Random``
seeded with the demo's seed and the task's ids, so the same seed gives the same answers, and a
task's answers stay the same when a researcher adds or removes other activities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import ipywidgets as w

from coprod.content import Activity, CourseContent
from coprod.demo import driving as drive
from coprod.demo.followups import answer_followups
from coprod.demo.phrases import SCENARIOS, bank
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.store import Group, Participant, Store, Workshop
from coprod.tasks import parts
from coprod.widgets import SharedList, TextEntry

SKIP = 0.1  # how often someone leaves out a task, a question or a statement of their own





@dataclass(frozen=True)
class Team:
    group: Group
    members: list[Participant]


class Room:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, teams: list[Team], seed: int):
        self.store, self.content, self.workshop, self.teams, self.seed = store, content, workshop, teams, seed
        self.rng = self.random("room")
        people = [person for team in teams for person in team.members]
        self.lean = {person.id: self.rng.choice((-1, 0, 0, 1)) for person in people}  # harsh or generous raters

    def random(self, *keys: str) -> random.Random:
        # A string seed is hashed with SHA-512 by random.Random: the same in every run and process.
        return random.Random(":".join([str(self.seed), *keys]))

    # --- helpers -----------------------------------------------------------------------

    def session(self, person: Participant) -> Session:
        # A fresh session per task: its widgets draw what is stored now, as a page opened now would.
        return Session(self.store, self.content, self.workshop, person)

    def build(self, person: Participant, activity: Activity, task, session: Session | None = None) -> w.Widget:
        return parts.part(task.type, "builder")(activity, task, session or self.session(person))

    def writer(self, team: Team) -> Participant:
        """Who writes this for the group: anyone in it, so that group work has several authors."""
        return self.rng.choice(team.members)

    def phrase(self, *keys: str, **names: str) -> str:
        text = self.rng.choice(bank(*keys))
        if isinstance(text, dict):
            text = text.get("text") or next(iter(text.values()))
        return text.format(**names) if names else text

    def some(self, items: list, low: int, high: int) -> list:
        """Between ``low`` and ``high`` of ``items``, in a random order."""
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def entry(self, keys: tuple[str, ...], ids: list[str]) -> dict[str, str]:
        """A list entry's texts (by field id): a ready-made entry from the bank when it has them all."""
        choice = self.rng.choice(bank(*keys))
        if isinstance(choice, dict) and all(i in choice for i in ids):
            return {i: choice[i] for i in ids}
        first = choice if isinstance(choice, str) else self.phrase(*keys)
        return {ids[0]: first, **{i: self.phrase(f"{keys[0]}/{i}", i) for i in ids[1:]}}

    @staticmethod
    def listed(shared: SharedList, text: str) -> bool:
        first = shared.fields[0]["id"]
        return any(e["values"].get(first) == text for e in shared.value)

    def offer(self, shared: SharedList, example: dict) -> None:
        """Add a ready-made entry with a tap, unless the list has it already (the widget says no)."""
        if not self.listed(shared, example["text"]):
            drive.add_example(shared, example["id"])

    def skips(self, chance: float = SKIP) -> bool:
        return self.rng.random() < chance

    def weighted(self, weights) -> int:
        return self.rng.choices(range(len(weights)), weights=weights)[0]

    # --- the room's work, in the course's order ---------------------------------------------

    def run(self) -> None:
        self.rng = self.random("scenarios")
        self.scenarios()
        for activity in self.content.activities:
            for part in activity.parts:
                for task in part.tasks:
                    self.rng = self.random(activity.id, task.id)
                    parts.part(task.type, "demo filler")(self, activity, task)
        answer_followups(self)

    def scenarios(self) -> None:
        """Each group's own scenario, written in the participant app's group panel."""
        for team in self.teams:
            app = ParticipantApp(self.session(self.writer(team)))
            drive.write(drive.labelled(app.group_box, TextEntry, "Our scenario"), self.rng.choice(SCENARIOS))
            drive.close_tree(app.widget)

    def each_person(self, activity: Activity, task, act, *, skip: float = SKIP) -> None:
        for team in self.teams:
            for person in team.members:
                if self.skips(skip):
                    continue
                widget = self.build(person, activity, task)
                act(person, team, widget)
                drive.close_tree(widget)

    def each_group(self, activity: Activity, task, act) -> None:
        for team in self.teams:
            person = self.writer(team)
            session = self.session(person)
            widget = self.build(person, activity, task, session)
            act(team, widget, session)
            drive.close_tree(widget)
