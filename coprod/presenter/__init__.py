"""The presenter view: what the projector shows the room, following the facilitator's console.

It is opened with its own link (``?v=<key>``, printed by `coprod serve` and shown on the
console), which opens this view and nothing else: the console refuses it, and the view has
no control that changes anything. It reads the same settings participants' pages follow
(the current activity, the timer, which results are revealed, joining) and is redrawn by the
page's live feed:

- before any activity is run, and while joining is open: the join code and its QR code,
  large;
- then the current activity: its title, the timer, and what the room works on (each part's
  aim and its questions, cards or boxes), with the join code in a corner while joining is
  still open;
- once the facilitator reveals its results: those results, drawn for the room (presenter
  .results: nothing private, no names beside anyone's own answers).
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod import timer
from coprod.content import Activity, CourseContent
from coprod.locking import page_lock
from coprod.moderation import revealed
from coprod.plan import planned
from coprod.presenter.brief import brief_html
from coprod.presenter.results import results_html
from coprod.store import Store, Workshop
from coprod.store.known_settings import CURRENT_ACTIVITY
from coprod.widgets import Timer

__all__ = ["PresenterView", "current_activity"]


def current_activity(content: CourseContent, settings: dict) -> Activity | None:
    """The activity the facilitator last brought everyone to, if it is in the plan."""
    call = CURRENT_ACTIVITY.read(settings)
    activity_id = call.activity if call else None
    return next((s.activity for s in planned(content, settings) if s.activity.id == activity_id), None)


def _join_strip(workshop: Workshop) -> str:
    from coprod.console.room import join_link, qr_svg  # the QR code's drawing, shared with the console

    qr = qr_svg(join_link(workshop))
    return ("<div class='coprod-presenter-join-strip'>"
            f"<div class='coprod-qr' role='img' aria-label='QR code of the join link'>{qr}</div>"
            f"<p>Join with the code <strong class='coprod-code'>{escape(workshop.code)}</strong></p></div>")


class PresenterView:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop
        self.heading = w.HTML()
        self.heading.add_class("coprod-presenter-heading")
        self.clock = Timer()
        self.clock.add_class("coprod-presenter-timer")
        self.join = w.HTML()
        self.join.add_class("coprod-presenter-join")
        self.body = w.HTML()
        self.body.add_class("coprod-presenter-body")
        top = w.HBox([self.heading, self.join, self.clock])
        top.add_class("coprod-presenter-top")
        self.widget = w.VBox([top, self.body])
        self.widget.add_class("coprod-presenter")
        self.shown: tuple = ()  # what the view shows: (screen, activity id), for tests and the log
        self._drawn_body = None
        self.draw()

    def draw(self) -> None:
        """Bring the view up to date with the store (called by the live feed)."""
        with page_lock:
            self._draw()

    def _draw(self) -> None:
        settings = self.store.settings(self.workshop.id)
        fresh = self.store.workshop(self.workshop.id)
        if fresh is None:  # forgotten from the console's Workshops section
            self._set(f"<h1>{escape(self.workshop.name)}</h1>", "", "<p>This workshop has ended.</p>", ("ended",))
            self.clock.show("", None)
            return
        self.workshop = fresh
        activity = current_activity(self.content, settings)
        self._draw_clock(settings)
        if activity is None:
            from coprod.console.room import join_panel_html

            name = f"<h1 dir='auto'>{escape(fresh.name)}</h1>"
            if fresh.open:
                self._set(name, "", f"<div class='coprod-join-large'>{join_panel_html(fresh)}</div>", ("join",))
            else:
                self._set(name, "", "<p class='coprod-presenter-wait'>The workshop will start in a moment.</p>",
                          ("waiting",))
            return
        heading = f"<h1 dir='auto'>Activity {activity.number}: {escape(activity.title)}</h1>"
        join = _join_strip(fresh) if fresh.open else ""
        if revealed(settings, activity.id):
            self._set(heading, join, results_html(self.store, self.content, fresh, activity, settings),
                      ("results", activity.id))
        else:
            self._set(heading, join, brief_html(activity), ("brief", activity.id))

    def _set(self, heading: str, join: str, body: str, shown: tuple) -> None:
        # Set only what changed: the live feed calls this at every answer, and an unchanged value
        # sends nothing to the browser (the results are recomputed, but resent only if they differ).
        if self.heading.value != heading:
            self.heading.value = heading
        if self.join.value != join:
            self.join.value = join
        # Focusable, so that the keyboard can scroll a screen taller than the window (the view has
        # no control of its own to focus).
        body = (f"<div class='coprod-presenter-content' tabindex='0' role='region' "
                f"aria-label='What the screen shows'>{body}</div>") if body else ""
        if self.body.value != body:
            self.body.value = body
        self.shown = shown

    def _draw_clock(self, settings: dict) -> None:
        running = timer.running(settings)
        known = {s.activity.id: s.activity for s in planned(self.content, settings)}
        if running and running["activity"] in known:
            self.clock.show(f"Activity {known[running['activity']].number}", running["ends_at"].timestamp())
        else:
            self.clock.show("", None)
