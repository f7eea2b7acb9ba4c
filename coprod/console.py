"""The facilitator's controls: groups, and which activity the room is on.

Every change is a setting in the store (an append-only log), which participants' pages
pick up through their live feed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.content import CourseContent
from coprod.groups import split
from coprod.locking import page_lock
from coprod.store import Store, Workshop

UNGROUPED = "(no group)"


def _button(description: str) -> w.Button:
    button = w.Button(description=description)
    button.add_class("coprod-button-widget")
    return button


class Controls:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop
        size = content.course.group_size
        self.split = _button(f"Split everyone into groups of {size.min} to {size.max}")
        self.split.on_click(lambda _b: self._split())
        self.add_group = _button("Add an empty group")
        self.add_group.on_click(lambda _b: self._add_group())
        self.picking = w.Checkbox(description="Participants may choose their own group", indent=False)
        self.picking.observe(self._picking_changed, "value")
        self.people = w.VBox()
        self.people.add_class("coprod-people")
        self.said = html("", "coprod-console-status")

        options = [(f"{a.number}. {a.title}", a.id) for a in content.activities]
        self.current = w.Dropdown(options=options, description="Current activity")
        self.current.add_class("coprod-current")
        self.bring = _button("Bring everyone to this activity")
        self.bring.on_click(lambda _b: self._bring())
        self.locks = {a.id: w.Checkbox(description=f"Lock {a.number}. {a.title}", indent=False)
                      for a in content.activities}
        for box in self.locks.values():
            box.observe(self._locks_changed, "value")
        self._drawing = False
        self._people_drawn = None
        self._lock = page_lock

        self.widget = w.VBox([
            html("<h2>Groups</h2>", "coprod-console-heading"),
            self.split, self.add_group, self.picking, self.people,
            html("<h2>Activities</h2>", "coprod-console-heading"),
            self.current, self.bring,
            html("<p>Locked activities cannot be opened by participants until you unlock them.</p>",
                 "coprod-console-help"),
            *self.locks.values(),
            self.said,
        ])
        self.widget.add_class("coprod-console")

    # --- drawing what the store says ---------------------------------------------------------

    def draw(self) -> None:
        with self._lock:  # the live feed's thread, and the facilitator's clicks
            self._draw()

    def _draw(self) -> None:
        settings = self.store.settings(self.workshop.id)
        self._drawing = True  # setting the controls here is not the facilitator acting
        try:
            self.picking.value = bool(settings.get("group_picking"))
            locked = set(settings.get("locked") or [])
            for activity_id, box in self.locks.items():
                box.value = activity_id in locked
            self._draw_people()
        finally:
            self._drawing = False

    def _draw_people(self) -> None:
        groups = self.store.groups(self.workshop)
        people = self.store.participants(self.workshop)
        drawn = (groups, people)
        if drawn == self._people_drawn:
            return  # answers changed, not the room: leave the controls alone while in use
        self._people_drawn = drawn
        choices = [(UNGROUPED, 0), *((g.name, g.id) for g in groups)]
        rows = []
        for group in [*groups, None]:
            members = [p for p in people if p.group_id == (group.id if group else None)]
            if group is None and not members:
                continue
            title = group.name if group else "Not in a group"
            rows.append(html(f"<h3>{escape(title)} ({len(members)})</h3>", "coprod-group-title"))
            for person in members:
                move = w.Dropdown(options=choices, value=person.group_id or 0,
                                  description=f"Group of {person.display_name}")
                move.add_class("coprod-move")
                move.observe(lambda change, pid=person.id: self._move(pid, change["new"]), "value")
                rows.append(move)
        if not people:
            rows.append(html("<p>No one has joined yet.</p>", "coprod-console-help"))
        self.people.children = rows

    # --- the facilitator acting --------------------------------------------------------------

    def _split(self) -> None:
        made = split(self.store, self.workshop)
        self.said.value = f"<p role='status'>Made {len(made)} group{'' if len(made) == 1 else 's'}.</p>"
        self.draw()

    def _add_group(self) -> None:
        names = {g.name for g in self.store.groups(self.workshop)}
        number = 1
        while f"Group {number}" in names:
            number += 1
        self.store.create_group(self.workshop, f"Group {number}")
        self.draw()

    def _move(self, participant_id: int, group_id: int) -> None:
        with self._lock:
            if not self._drawing:
                self._move_now(participant_id, group_id)

    def _move_now(self, participant_id: int, group_id: int) -> None:
        person = self.store.participant(participant_id)
        if person is None or person.workshop_id != self.workshop.id:
            return
        if group_id and group_id not in {g.id for g in self.store.groups(self.workshop)}:
            return
        self.store.assign_group(person, group_id or None)
        self.said.value = f"<p role='status'>Moved {escape(person.display_name)}.</p>"
        self.draw()

    def _picking_changed(self, change) -> None:
        with self._lock:
            if not self._drawing:
                self.store.set_setting(self.workshop, "group_picking", bool(change["new"]))

    def _locks_changed(self, _change) -> None:
        with self._lock:
            if not self._drawing:
                locked = sorted(a for a, box in self.locks.items() if box.value)
                self.store.set_setting(self.workshop, "locked", locked)

    def _bring(self) -> None:
        activity_id = self.current.value
        if activity_id not in self.locks:
            return
        # A new value each time, so that bringing everyone back again is noticed too.
        count = self.store.settings(self.workshop.id).get("current_activity")
        count = count if isinstance(count, dict) else {}
        call = {"activity": activity_id, "call": int(count.get("call", 0)) + 1,
                "at": datetime.now(UTC).isoformat()}
        self.store.set_setting(self.workshop, "current_activity", call)
        if self.locks[activity_id].value:
            self.locks[activity_id].value = False  # bringing people to a locked activity opens it
        self.said.value = "<p role='status'>Everyone has been brought to this activity.</p>"
