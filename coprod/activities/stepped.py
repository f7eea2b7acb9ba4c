"""An activity on the page one step at a time: its heading, "Step 2 of 5: <name>", the step's
tasks, and Back / Next. Every step is built once and kept; the others are hidden (a CSS
class), not taken out of the page, so that a half-typed answer, a draft or an open list
stays as it was when the person comes back to its step.

The step is remembered for the person in the store (coprod.steps), so another device, or
the same one later, opens the activity where they were. Moving to another step brings the
activity's heading to the top of the screen and focuses it, as a new page would.
"""

from __future__ import annotations

from contextlib import suppress
from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.content import Activity
from coprod.session import Session
from coprod.steps import APP, POSITION, RESULTS, RESULTS_NAME, StepState, saved_step
from coprod.store import NotAllowed
from coprod.widgets import Place

HIDDEN = "coprod-step-hidden"


class Pages(w.VBox):
    """What a builder returns for a task too long for one screen that falls into natural steps
    of its own (the card sort: sorting, then comparing; the power scenarios: choosing one, then
    rating it). Alone in its step, each page is a step; anywhere else it shows them all."""

    def __init__(self, pages: list[tuple[str, str, w.Widget]]):
        self.pages = pages  # (id within the task, the step's name, the widget); the first keeps the task's
        super().__init__([widget for _id, _name, widget in pages])


class Stepped(w.VBox):
    def __init__(self, activity: Activity, session: Session, header: w.Widget,
                 steps: list[tuple[str, str, w.Widget]]):
        """``steps``: each step's id, name and widget, in order (coprod.activities.build_activity)."""
        self.activity, self.session = activity, session
        self.state = StepState([step_id for step_id, _n, _b in steps],
                               saved_step(session.mine(APP, POSITION), activity.id))
        self.count = html("", "coprod-step-count")
        self.boxes: dict[str, w.Widget] = {}
        for step_id, _name, box in steps:
            box.add_class("coprod-step")
            self.boxes[step_id] = box
        self.names = {**{step_id: name for step_id, name, _b in steps}, RESULTS: RESULTS_NAME}
        self.results_box = w.VBox()
        self.results_box.add_class("coprod-step")
        self.results_box.add_class("coprod-step-results")
        self.back = w.Button(description="Back", tooltip="The step before")
        self.next = w.Button(description="Next", tooltip="The next step")
        for button, kind in ((self.back, "coprod-button-secondary"), (self.next, "coprod-step-next")):
            button.add_class("coprod-button-widget")
            button.add_class(kind)
        self.back.on_click(lambda _b: self.move(self.state.back))
        self.next.on_click(lambda _b: self.move(self.state.next))
        self.buttons = w.HBox([self.back, self.next])
        self.buttons.add_class("coprod-step-buttons")
        # Its own Place: the standalone workbook page has no app around it to move the screen.
        self.place = Place()
        super().__init__([header, self.count, *self.boxes.values(), self.results_box, self.buttons, self.place])
        self.add_class("coprod-activity")
        self._draw()

    @property
    def current(self) -> str:
        return self.state.current

    @property
    def step_target(self) -> str:
        """Where Back and Next bring the screen (coprod.widgets.Place): the step's count and name."""
        return f"{self.activity.id}/step"

    def move(self, how) -> None:
        """Back or Next (or any move of the state): remember it and start the new step at its top."""
        if how():
            self._remember()
            self._draw()
            # To the new step's name, not the activity's heading: on a phone with its text at 200 %
            # the heading alone fills the screen below the timer, and the step was out of sight.
            self.place.go(self.step_target)

    def go(self, step_id: str | None) -> None:
        """Show a step (the first for None) without moving the screen: the caller does that."""
        if self.state.go(step_id):
            self._remember()
        self._draw()

    def first(self) -> None:
        self.go(self.state.ids[0])

    def show_results(self, results: w.Widget | None) -> None:
        """The room's results as the last step, "What the room said", while they are shown."""
        self.results_box.children = [results] if results is not None else []
        was = self.state.current
        self.state.show_results(results is not None)
        if self.state.current != was:
            self._remember()
        self._draw()

    def _remember(self) -> None:
        # A save like any other, charged to the person's budget: a refusal (a page flipping
        # through steps without pause, a person just taken out) must not stop the move.
        with suppress(NotAllowed):
            self.session.save(APP, POSITION, self.activity.id, {"step": self.state.current})

    def _draw(self) -> None:
        state = self.state
        for step_id, box in [*self.boxes.items(), (RESULTS, self.results_box)]:
            if step_id == state.current:
                box.remove_class(HIDDEN)
            else:
                box.add_class(HIDDEN)
        single = state.count == 1
        self.count.value = ("" if single else
                            f"<p data-coprod-heading='{escape(self.step_target)}'>"
                            f"<span class='coprod-step-of'>Step {state.number} of {state.count}</span>"
                            f"<span class='coprod-step-name'>{escape(self.names[state.current])}</span></p>")
        if single:
            self.buttons.add_class(HIDDEN)
        else:
            self.buttons.remove_class(HIDDEN)
        # A button with nowhere to go is hidden, not greyed out: nothing to explain beside it.
        for button, there in ((self.back, state.index > 0), (self.next, state.index < state.count - 1)):
            if there:
                button.remove_class(HIDDEN)
            else:
                button.add_class(HIDDEN)
