"""Every workshop in this database: start a new one, open a past one's console, archive.

Whoever holds a facilitator link runs this database (it is their laptop, or their
server), so the console lists all of its workshops. Opening another workshop's console
makes a new facilitator link for it; links are never stored, only their hashes.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.console.controls import button, checked_name, say
from coprod.locking import page_lock
from coprod.session import public_url
from coprod.store import Store, Workshop
from coprod.widgets import Status

NONE = 0


def console_link(token: str) -> str:
    return f"{public_url() or '.'}/facilitator.ipynb?f={token}"


class WorkshopsPanel:
    def __init__(self, store: Store, workshop: Workshop, *, key: str | None = None):
        self.store, self.workshop, self.key = store, workshop, key
        self.table = w.HTML()
        self.show_archived = w.Checkbox(description="List archived workshops too", indent=False)
        self.show_archived.observe(lambda _c: self._redraw(), "value")
        self.chosen = w.Dropdown(options=[], description="Workshop")
        self.open_console = button("Open its console")
        self.open_console.on_click(lambda _b: self._open_console())
        self.archive = button("Archive it", secondary=True)
        self.archive.on_click(lambda _b: self._set_archived(True))
        self.bring_back = button("Bring it back (open to joining)", secondary=True)
        self.bring_back.on_click(lambda _b: self._set_archived(False))
        self.new_name = w.Text(description="New workshop's name", placeholder="e.g. Leeds, 3 March")
        self.create = button("Create the workshop")
        self.create.on_click(lambda _b: self._create())
        self.end_others = button("End every other facilitator link to this workshop", secondary=True)
        self.end_others.on_click(lambda _b: self._end_others())
        self.said = Status()
        self._drawn = None
        self.widget = w.VBox([
            html("<h2>Workshops</h2>", "coprod-console-heading"),
            self.table, self.show_archived, self.chosen,
            w.HBox([self.open_console, self.archive, self.bring_back]),
            html("<h2>Start another workshop</h2>", "coprod-console-heading"),
            self.new_name, self.create,
            html("<h2>Facilitator links</h2>", "coprod-console-heading"),
            html("<p>Every start of coprod serve, and every \"Open its console\", makes a new private link. "
                 "If one may have been seen (on a projector, in a shared chat), end all but the one "
                 "this page was opened with.</p>", "coprod-console-help"),
            self.end_others, self.said,
        ])
        self.widget.add_class("coprod-console-workshops")

    def draw(self, _settings: dict) -> None:
        listed = self.store.all_workshops(archived=self.show_archived.value)
        counts = {ws.id: len(self.store.participants(ws)) for ws in listed}
        if (listed, counts) == self._drawn:
            return
        self._drawn = (listed, counts)
        rows = "".join(
            f"<tr><th scope='row'>{escape(ws.name)}{' (this one)' if ws.id == self.workshop.id else ''}</th>"
            f"<td>{escape(ws.code)}</td><td>{ws.created_at:%d %b %Y}</td><td>{counts[ws.id]}</td>"
            f"<td>{'archived' if ws.archived else 'open to joining' if ws.open else 'joining closed'}</td></tr>"
            for ws in listed)
        self.table.value = (
            "<table class='coprod-table coprod-workshops'><caption>Workshops in this database, newest first"
            "</caption><thead><tr><th scope='col'>Name</th><th scope='col'>Code</th><th scope='col'>Started</th>"
            f"<th scope='col'>People</th><th scope='col'>State</th></tr></thead><tbody>{rows}</tbody></table>")
        here = self.chosen.value
        self.chosen.options = [("Choose a workshop", NONE), *((f"{ws.name} ({ws.code})", ws.id) for ws in listed)]
        self.chosen.value = here if here in {ws.id for ws in listed} else NONE

    def _redraw(self) -> None:
        with page_lock:
            self.draw({})

    def _chosen(self) -> Workshop | None:
        found = self.store.workshop(self.chosen.value) if self.chosen.value else None
        if found is None:
            say(self.said, "Choose a workshop first.", error=True)
        return found

    def _open_console(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        link = console_link(self.store.add_facilitator_key(chosen))
        self.said.say(f"The console of {chosen.name}, with a new private link (keep it private):",
                      link={"href": link, "text": "open it"})

    def _set_archived(self, archived: bool) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        with page_lock:
            self.store.set_archived(chosen, archived)
            state = "archived: its code no longer lets anyone join" if archived else "back, and open to joining"
            say(self.said, f"{chosen.name} is {state}.")
            self.draw({})

    def _end_others(self) -> None:
        if not self.key or self.store.workshop_for_facilitator(self.key) != self.store.workshop(self.workshop.id):
            say(self.said, "This page was not opened with a facilitator link, so no link was ended.", error=True)
            return
        ended = self.store.end_other_facilitator_keys(self.workshop, self.key)
        say(self.said, f"Ended {ended} other link{'' if ended == 1 else 's'}: only this page's link opens the console.")

    def _create(self) -> None:
        name = checked_name(self.new_name.value, self.said, "The workshop's name")
        if name is None:
            return
        made, token = self.store.create_workshop(name)
        link = console_link(token)
        self.new_name.value = ""
        self.said.say(f"Created {made.name}, join code {made.code}:", link={"href": link, "text": "open its console"})
        with page_lock:
            self.draw({})
