"""The session plan, and running it: which activity the room is on, locks, the timer.

The plan is edited in place (a row per activity: include it, its minutes, move it up or
down: no dragging) and saved with one button, so that a half-made plan never reaches
participants' pages.
"""

from __future__ import annotations

import ipywidgets as w

from coprod import timer
from coprod.activities.page import html
from coprod.console.controls import button, say
from coprod.content import CourseContent
from coprod.locking import page_lock
from coprod.plan import LONGEST_MINUTES, planned, save_plan
from coprod.running import bring_everyone
from coprod.store import Store, Workshop
from coprod.store.known_settings import LOCKED
from coprod.widgets import Status, Timer


def label(activity) -> str:
    return f"{activity.number}. {activity.title}"


def editor_order(plan: list[str], rows: list[PlanRow]) -> list[PlanRow]:
    """The plan's rows in its order, each activity left out of it back at its place in the course
    (after the planned activity that comes before it there): ticking it again and saving puts it
    where the course has it, not after the last one."""
    by_id = {row.activity.id: row for row in rows}
    course = sorted(rows, key=lambda row: row.activity_index)
    ordered = [by_id[a] for a in plan]
    for row in course:
        if row.activity.id in plan:
            continue
        before = [r for r in course[:course.index(row)] if r in ordered]
        ordered.insert(ordered.index(before[-1]) + 1 if before else 0, row)
    return ordered


class PlanRow:
    """One activity in the plan editor."""

    def __init__(self, activity, panel: PlanPanel, index: int):
        self.activity, self.activity_index = activity, index  # index: its place in the course
        self.include = w.Checkbox(description=f"Run {label(activity)}", indent=False)
        self.minutes = w.BoundedIntText(value=0, min=0, max=LONGEST_MINUTES,
                                        description=f"Minutes for {activity.number} (0: untimed)")
        self.up = button(f"Move {activity.number} up", secondary=True)
        self.down = button(f"Move {activity.number} down", secondary=True)
        self.up.on_click(lambda _b: panel.move(self, -1))
        self.down.on_click(lambda _b: panel.move(self, 1))
        self.widget = w.HBox([self.include, self.minutes, self.up, self.down])
        self.widget.add_class("coprod-plan-row")


class PlanPanel:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop
        self.rows = [PlanRow(a, self, i) for i, a in enumerate(content.activities)]
        self.rows_box = w.VBox([row.widget for row in self.rows])
        self.rows_box.add_class("coprod-plan-rows")
        self.save = button("Save the plan")
        self.save.on_click(lambda _b: self._save())
        self.plan_said = Status()

        self.current = w.Dropdown(options=[], description="Current activity")
        self.current.add_class("coprod-current")
        self.bring = button("Bring everyone to this activity")
        self.bring.on_click(lambda _b: self._bring())
        self.timer_minutes = w.BoundedIntText(value=10, min=1, max=LONGEST_MINUTES, description="Timer minutes")
        self.start_timer = button("Start the timer for this activity")
        self.start_timer.on_click(lambda _b: self._start_timer())
        self.more_time = button("Add 1 minute", secondary=True)
        self.more_time.on_click(lambda _b: self._more_time())
        self.stop_timer = button("Stop the timer", secondary=True)
        self.stop_timer.on_click(lambda _b: self._stop_timer())
        self.clock = Timer()
        self.locks_box = w.VBox()
        self.locks: dict[str, w.Checkbox] = {}
        self.said = Status()
        self._drawing = False
        self._plan_drawn = None

        self.widget = w.VBox([
            html("<h2>Now</h2>", "coprod-console-heading"),
            self.current, self.bring,
            self.timer_minutes, w.HBox([self.start_timer, self.more_time, self.stop_timer]), self.clock,
            self.said,
            html("<h2>Locked activities</h2>", "coprod-console-heading"),
            html("<p>Locked activities cannot be opened by participants until you unlock them.</p>",
                 "coprod-console-help"),
            self.locks_box,
            html("<h2>Session plan</h2>", "coprod-console-heading"),
            html("<p>Choose which activities this workshop runs, in what order and for how long. "
                 "Participants see only these, in this order.</p>", "coprod-console-help"),
            self.rows_box, self.save, self.plan_said,
        ])
        self.widget.add_class("coprod-console-plan")

    # --- drawing what the store says ---------------------------------------------------------

    def draw(self, settings: dict) -> None:
        self._drawing = True  # setting the controls here is not the facilitator acting
        try:
            steps = planned(self.content, settings)
            shape = [(s.activity.id, s.minutes) for s in steps]
            if shape != self._plan_drawn:  # leave the editor alone unless the saved plan changed
                self._plan_drawn = shape
                self._draw_plan(steps)
            locked = set(LOCKED.read(settings))
            for activity_id, box in self.locks.items():
                box.value = activity_id in locked
            running = timer.running(settings)
            if running and running["activity"] in {a.id for a in self.content.activities}:
                self.clock.show(label(self.content.activity(running["activity"])), running["ends_at"].timestamp())
            else:
                self.clock.show("", None)
        finally:
            self._drawing = False

    def _draw_plan(self, steps) -> None:
        self.rows = editor_order([s.activity.id for s in steps], self.rows)
        minutes = {s.activity.id: s.minutes for s in steps}
        for row in self.rows:
            row.include.value = row.activity.id in minutes
            row.minutes.value = minutes.get(row.activity.id) or 0
        self.rows_box.children = [row.widget for row in self.rows]
        activities = [s.activity for s in steps]
        here = self.current.value
        self.current.options = [(label(a), a.id) for a in activities]
        if here in {a.id for a in activities}:
            self.current.value = here
        self.locks = {a.id: self.locks.get(a.id) or self._lock_box(a) for a in activities}
        self.locks_box.children = list(self.locks.values())

    def _lock_box(self, activity) -> w.Checkbox:
        box = w.Checkbox(description=f"Lock {label(activity)}", indent=False)
        box.observe(self._locks_changed, "value")
        return box

    def _settings(self) -> dict:
        return self.store.settings(self.workshop.id)

    # --- the facilitator acting --------------------------------------------------------------

    def move(self, row: PlanRow, step: int) -> None:
        with page_lock:
            at = self.rows.index(row)
            to = at + step
            if 0 <= to < len(self.rows):
                self.rows[at], self.rows[to] = self.rows[to], self.rows[at]
                self.rows_box.children = [r.widget for r in self.rows]
                say(self.plan_said, f"Moved {label(row.activity)} to place {to + 1}. Save the plan to use it.")

    def _save(self) -> None:
        steps = [(row.activity.id, row.minutes.value or None) for row in self.rows if row.include.value]
        try:
            saved = save_plan(self.store, self.workshop, self.content, steps)
        except ValueError as problem:
            say(self.plan_said, f"The plan was not saved: {problem}.", error=True)
            return
        say(self.plan_said, f"Saved: {len(saved)} activit{'y' if len(saved) == 1 else 'ies'}.")
        with page_lock:
            self.draw(self._settings())

    def _locks_changed(self, _change) -> None:
        with page_lock:
            if not self._drawing:
                locked = sorted(a for a, box in self.locks.items() if box.value)
                LOCKED.write(self.store, self.workshop, locked)

    def _bring(self) -> None:
        activity_id = self.current.value
        if activity_id not in self.locks:
            say(self.said, "Choose an activity of the plan first.", error=True)
            return
        bring_everyone(self.store, self.workshop, activity_id)  # a locked activity is opened too
        planned_minutes = next((s.minutes for s in planned(self.content, self._settings())
                                if s.activity.id == activity_id), None)
        if planned_minutes:
            self.timer_minutes.value = planned_minutes
        say(self.said, "Everyone has been brought to this activity.")
        with page_lock:
            self.draw(self._settings())

    def _start_timer(self) -> None:
        activity_id = self.current.value
        if activity_id not in self.locks:
            say(self.said, "Choose an activity of the plan first.", error=True)
            return
        timer.start(self.store, self.workshop, activity_id, int(self.timer_minutes.value))
        say(self.said, f"The timer runs for {self.timer_minutes.value} minutes: everyone sees it.")
        with page_lock:
            self.draw(self._settings())

    def _more_time(self) -> None:
        if timer.add_time(self.store, self.workshop, 1):
            say(self.said, "Added a minute.")
        else:
            say(self.said, "No timer is running.", error=True)
        with page_lock:
            self.draw(self._settings())

    def _stop_timer(self) -> None:
        timer.stop(self.store, self.workshop)
        say(self.said, "The timer is stopped.")
        with page_lock:
            self.draw(self._settings())

