"""The facilitator's console: the whole training run from one page, on a laptop or a phone.

First, always in sight, the remote (run an activity, show its results, go to the next one)
with the presenter view's link: the projector shows that view, not the console. Then
sections, one shown at a time: the room (joining, QR code, groups, people), the plan and
timer, the live boards, the files to take home, and the database's workshops. Every change
is a setting in the store, which participants' pages and the presenter view pick up through
their live feeds.
"""

from __future__ import annotations

import ipywidgets as w

from coprod.console.boards_panel import BoardsPanel
from coprod.console.people import PeoplePanel
from coprod.console.plan_panel import PlanPanel
from coprod.console.remote import RemotePanel
from coprod.console.room import RoomPanel
from coprod.console.take_home import TakeHomePanel
from coprod.console.workshops import WorkshopsPanel
from coprod.content import CourseContent
from coprod.locking import page_lock
from coprod.store import Store, Workshop
from coprod.widgets import Nav

__all__ = ["Console"]

SECTIONS = [
    ("room", "Room and groups"),
    ("plan", "Plan, timer and locks"),
    ("boards", "Boards"),
    ("take-home", "Take home"),
    ("workshops", "Workshops"),
]


class Console:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, *, key: str | None = None):
        """``key`` is this page's facilitator token (to end the others, and to make the presenter
        view's link); None outside a server."""
        self.store, self.workshop = store, workshop
        self.people = PeoplePanel(store, content, workshop)
        self.remote = RemotePanel(store, content, workshop, key=key)
        self.panels = {
            "room": RoomPanel(store, workshop, self.people.widget),
            "plan": PlanPanel(store, content, workshop),
            "boards": BoardsPanel(store, content, workshop),
            "take-home": TakeHomePanel(store, content, workshop),
            "workshops": WorkshopsPanel(store, workshop, key=key),
        }
        self.nav = Nav(title="Console", open=self.open,
                       items=[{"id": key, "label": title, "state": "open"} for key, title in SECTIONS])
        self.body = w.VBox()
        self.body.add_class("coprod-console-body")
        self.widget = w.VBox([self.remote.widget, self.nav, self.body])
        self.widget.add_class("coprod-console")
        self.section = "room"
        self._show("room")

    def open(self, section: str) -> str | None:
        if section not in self.panels:
            return "There is no such part of the console."
        with page_lock:
            self._show(section)
        return None

    def _show(self, section: str) -> None:
        self.section = section
        self.nav.value = section
        self.body.children = [self.panels[section].widget]
        self._draw(section)

    def draw(self) -> None:
        """Bring the visible section up to date (called by the live feed)."""
        with page_lock:
            self._draw(self.section)

    def _draw(self, section: str) -> None:
        settings = self.store.settings(self.workshop.id)
        self.remote.draw(settings)
        if section == "room":
            self.people.draw(settings)
        self.panels[section].draw(settings)
