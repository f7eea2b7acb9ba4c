"""The room: who has joined, their groups, and putting right a name or a person.

Every change goes to the store (moves are logged as settings), and participants' pages
pick it up through their live feed.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.console.controls import button, checked_name, say
from coprod.content import CourseContent
from coprod.groups import split
from coprod.locking import page_lock
from coprod.session import public_url
from coprod.store import Participant, Store, Workshop
from coprod.store.budget import limits_reached
from coprod.store.known_settings import GROUP_PICKING
from coprod.widgets import Download, NothingToDownload, Status

UNGROUPED = "(no group)"


def personal_link(token: str) -> str:
    """A participant's personal link, as the join page gives it (coprod.app)."""
    return f"{public_url() or '.'}/index.ipynb?p={token}"

NOBODY = 0
LIMITS = {"rate": "saving very quickly", "size": "the most one person can save in a workshop"}


def limits_html(people: list[Participant], reached: dict[int, dict]) -> str:
    """Who reached a save limit (coprod/store/budget.py), and when: a page saving without pause,
    or someone to ask what happened. Empty when nobody has."""
    names = {p.id: p.display_name for p in people}
    lines = []
    for person_id, note in sorted(reached.items(), key=lambda item: str(item[1].get("at", ""))):
        if person_id not in names:
            continue
        try:
            at = datetime.fromisoformat(str(note.get("at"))).astimezone().strftime("%H:%M")
        except ValueError:
            at = "?"
        why = LIMITS.get(note.get("kind"), "a save limit")
        lines.append(f"<li>{escape(names[person_id])} reached the save limit at {at} ({why}).</li>")
    if not lines:
        return ""
    return ("<div class='coprod-save-limits' role='status'><p>Saves refused: what they saved before is kept, "
            f"and they were asked to wait or to tell you.</p><ul>{''.join(lines)}</ul></div>")


class PeoplePanel:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop
        size = content.course.group_size
        self.split = button(f"Split everyone into groups of {size.min} to {size.max}")
        self.split.on_click(lambda _b: self._split())
        self.add_group = button("Add an empty group")
        self.add_group.on_click(lambda _b: self._add_group())
        self.picking = w.Checkbox(description="Participants may choose their own group", indent=False)
        self.picking.observe(self._picking_changed, "value")
        self.people = w.VBox()
        self.people.add_class("coprod-people")
        self.limits = html("", "coprod-console-help")

        # Putting right a name, or taking someone out, is done for one chosen person.
        self.person = w.Dropdown(options=[("Choose a person", NOBODY)], description="Person")
        self.person.observe(self._person_chosen, "value")
        self.new_name = w.Text(description="New name", placeholder="Their name as others will see it")
        self.rename = button("Rename")
        self.rename.on_click(lambda _b: self._rename())
        self.remove = button("Remove from the workshop", secondary=True)
        self.remove.on_click(lambda _b: self._remove())
        # A personal link for someone who lost theirs, as a QR code: drawn only when asked, for the
        # one person chosen, and gone when another is chosen or it is hidden (the console is often
        # on the projector, and a link lets anyone who sees it answer as that person).
        self.link_button = button("Show a new personal link (QR code)", secondary=True)
        self.link_button.on_click(lambda _b: self._new_link())
        self.hide_link = button("Hide the personal link", secondary=True)
        self.hide_link.on_click(lambda _b: self._hide_link())
        self.hide_link.layout.display = "none"
        self.link = html("", "coprod-person-link")
        self.data = Download(label="Download this person's data (Excel)", make=self._their_data)
        self.forget = button("Delete this person and everything they wrote", secondary=True)
        self.forget.on_click(lambda _b: self._forget())
        self._confirming = None  # (action, person) awaiting a second click
        self.said = Status()

        self._drawing = False
        self._people_drawn = None
        self.widget = w.VBox([
            html("<h2>Groups</h2>", "coprod-console-heading"),
            self.split, self.add_group, self.picking, self.limits, self.people,
            html("<h2>Rename or remove someone</h2>", "coprod-console-heading"),
            html("<p>Removing someone stops their personal link working; what they wrote for their group "
                 "stays. On request, download everything a person wrote, or delete it all.</p>",
                 "coprod-console-help"),
            self.person, self.new_name, w.HBox([self.rename, self.remove]),
            w.HBox([self.link_button, self.hide_link]), self.link, self.data, self.forget, self.said,
        ])
        self.widget.add_class("coprod-console-people")

    # --- drawing what the store says ---------------------------------------------------------

    def draw(self, settings: dict) -> None:
        self._drawing = True  # setting the controls here is not the facilitator acting
        try:
            self.picking.value = GROUP_PICKING.read(settings)
            self._draw_people()
            reached = limits_reached(settings)
            limits = limits_html(self.store.everyone(self.workshop), reached) if reached else ""
            if limits != self.limits.value:
                self.limits.value = limits
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
        chosen = self.person.value
        self.person.options = [("Choose a person", NOBODY), *((p.display_name, p.id) for p in people)]
        self.person.value = chosen if chosen in {p.id for p in people} else NOBODY
        if self.person.value == NOBODY:  # the person shown was removed or deleted meanwhile
            self._hide_link()

    # --- the facilitator acting --------------------------------------------------------------

    def _split(self) -> None:
        made = split(self.store, self.workshop)
        say(self.said, f"Made {len(made)} group{'' if len(made) == 1 else 's'}.")
        self._redraw()

    def _add_group(self) -> None:
        names = {g.name for g in self.store.groups(self.workshop)}
        number = 1
        while f"Group {number}" in names:
            number += 1
        self.store.create_group(self.workshop, f"Group {number}")
        say(self.said, f"Added Group {number}.")
        self._redraw()

    def _redraw(self) -> None:
        with page_lock:
            self.draw(self.store.settings(self.workshop.id))

    def _move(self, participant_id: int, group_id: int) -> None:
        with page_lock:
            if not self._drawing:
                self._move_now(participant_id, group_id)

    def _move_now(self, participant_id: int, group_id: int) -> None:
        person = self._person(participant_id)
        if person is None:
            return
        if group_id and group_id not in {g.id for g in self.store.groups(self.workshop)}:
            return
        self.store.assign_group(person, group_id or None)
        say(self.said, f"Moved {person.display_name}.")
        self.draw(self.store.settings(self.workshop.id))

    def _picking_changed(self, change) -> None:
        with page_lock:
            if not self._drawing:
                GROUP_PICKING.write(self.store, self.workshop, bool(change["new"]))

    def _person(self, participant_id):
        person = self.store.participant(participant_id) if participant_id else None
        return person if person is not None and person.workshop_id == self.workshop.id else None

    def _person_chosen(self, change) -> None:
        with page_lock:
            if self._drawing:
                return
            person = self._person(change["new"])
            self.new_name.value = person.display_name if person else ""
            self._unconfirm()
            self._hide_link()

    def _unconfirm(self) -> None:
        self._confirming = None
        self.remove.description = "Remove from the workshop"
        self.forget.description = "Delete this person and everything they wrote"
        self.link_button.description = "Show a new personal link (QR code)"

    def _new_link(self) -> None:
        person = self._person(self.person.value)
        if person is None:
            say(self.said, "Choose a person first.", error=True)
            return
        if not self._confirmed("link", person, self.link_button, f"Yes, a new link for {person.display_name}",
                               f"Click again to show a new personal link for {person.display_name}. Their old "
                               "link stops working (only its fingerprint is kept, so it cannot be shown again). "
                               "Anyone who sees the new one can answer as them: turn the projector away first."):
            return
        from coprod.console.room import qr_svg

        link = personal_link(self.store.new_personal_token(person))
        name = escape(person.display_name)
        self.link.value = (
            f"<section class='coprod-person-link-box' aria-labelledby='coprod-person-link-title'>"
            f"<h3 id='coprod-person-link-title'>{name}'s new personal link</h3>"
            f"<p>{name} scans this code with their phone's camera, or types the link. Their old link no "
            f"longer works.</p>"
            f"<div class='coprod-qr coprod-person-qr' role='img' aria-label='QR code of {name}&#x27;s personal link'>"
            f"{qr_svg(link)}</div><p class='coprod-person-link-text'>{escape(link)}</p></section>")
        self.hide_link.layout.display = None
        say(self.said, f"Showing a new personal link for {person.display_name}. Hide it when they have it.")

    def _hide_link(self) -> None:
        self.link.value = ""
        self.hide_link.layout.display = "none"

    def _confirmed(self, action: str, person, control: w.Button, asking: str, question: str) -> bool:
        """True on the second click for the same person; the first one asks."""
        if self._confirming == (action, person.id):
            self._unconfirm()
            return True
        self._unconfirm()
        self._confirming = (action, person.id)
        control.description = asking
        say(self.said, question)
        return False

    def _rename(self) -> None:
        person = self._person(self.person.value)
        if person is None:
            say(self.said, "Choose a person first.", error=True)
            return
        name = checked_name(self.new_name.value, self.said, "The name")
        if name is None:
            return
        self.store.rename_participant(person, name)
        say(self.said, f"Renamed {person.display_name} to {name}.")
        self._redraw()

    def _remove(self) -> None:
        person = self._person(self.person.value)
        if person is None:
            say(self.said, "Choose a person first.", error=True)
            return
        if not self._confirmed("remove", person, self.remove, f"Yes, remove {person.display_name}",
                               f"Click again to remove {person.display_name} from the workshop."):
            return
        self.store.remove_participant(person)
        say(self.said, f"Removed {person.display_name}.")
        self._redraw()

    def _forget(self) -> None:
        person = self._person(self.person.value)
        if person is None:
            say(self.said, "Choose a person first.", error=True)
            return
        if not self._confirmed("forget", person, self.forget, f"Yes, delete {person.display_name} for good",
                               f"Click again to delete {person.display_name} and everything they wrote. "
                               "This cannot be undone."):
            return
        count = self.store.forget_participant(person)
        say(self.said, f"Deleted {person.display_name}: {count} answer{'' if count == 1 else 's'}, "
                 "their name and any follow-up address.")
        self._redraw()

    def _their_data(self):
        person = self._person(self.person.value)
        if person is None:
            raise NothingToDownload("Choose a person first.")
        from coprod.exports import frames_xlsx, participant_contacts_frame, participant_frame

        data = frames_xlsx({"answers": participant_frame(self.store, self.content, person),
                            "follow-up": participant_contacts_frame(self.store, person)})
        return (f"person-{person.id}-data.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
