"""The console as the facilitator's remote: one action per step of the session, first on the page.

- Run: everyone (and the presenter view) brought to the chosen activity, its timer started if
  the plan gives it minutes (coprod.running.run_activity);
- Show results: the current activity's results revealed to participants and the projector,
  or hidden again;
- Next: the next activity of the plan run the same way.

A line says what the room sees now (the facilitator's screen is not the projector's), and the
presenter view's link is here to open on the projector. The finer controls (the plan, the
timer's minutes, locks, boards) stay in the sections below.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod import timer
from coprod.activities.page import html
from coprod.console.controls import button, say
from coprod.content import CourseContent
from coprod.locking import page_lock
from coprod.moderation import revealed, set_revealed
from coprod.plan import planned
from coprod.running import current_id, next_step, run_activity
from coprod.session import public_url
from coprod.store import Store, Workshop
from coprod.widgets import Status


def presenter_link(token: str) -> str:
    return f"{public_url() or '.'}/presenter.ipynb?v={token}"


def label(activity) -> str:
    return f"{activity.number}. {activity.title}"


class RemotePanel:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, *, key: str | None = None):
        """``key``: this console's facilitator key, which the presenter view's link is made from."""
        self.store, self.content, self.workshop = store, content, workshop
        self.chosen = w.Dropdown(options=[], description="Activity to run")
        self.chosen.add_class("coprod-remote-choice")
        self.run = button("Run this activity")
        self.run.on_click(lambda _b: self._run(self.chosen.value))
        self.reveal = button("Show the results", secondary=True)
        self.reveal.on_click(lambda _b: self._toggle_results())
        self.next = button("Next activity", secondary=True)
        self.next.on_click(lambda _b: self._next())
        self.now = html("", "coprod-remote-now")
        self.said = Status()
        token = store.presenter_key(workshop, key) if key else None
        link = presenter_link(token) if token else None
        self.link = html(
            f"<p class='coprod-remote-link'><a href='{escape(link)}' target='_blank' rel='noopener'>"
            "Open the presenter view (for the projector)</a>: it shows the room what you run here, and nothing "
            "private. Its link opens that view only.</p>" if link else
            "<p class='coprod-remote-link'>The presenter view's link is printed by coprod serve.</p>",
            "coprod-remote-presenter")
        actions = w.HBox([self.run, self.reveal, self.next])
        actions.add_class("coprod-remote-actions")
        self.widget = w.VBox([html("<h2>Run the session</h2>", "coprod-console-heading"), self.now, self.chosen,
                              actions, self.said, self.link])
        self.widget.add_class("coprod-remote")
        self._current = None
        self._chosen_for = object()  # the current activity the choice was last set for

    # --- drawing what the store says ---------------------------------------------------------

    def draw(self, settings: dict) -> None:
        steps = planned(self.content, settings)
        options = [(label(s.activity), s.activity.id) for s in steps]
        if list(self.chosen.options) != options:
            here = self.chosen.value
            self.chosen.options = options
            if here in {s.activity.id for s in steps}:
                self.chosen.value = here
        current = current_id(settings)
        self._current = current if current in {s.activity.id for s in steps} else None
        coming = next_step(self.content, settings)
        if self._chosen_for != self._current:  # the choice follows the room, until changed by hand
            self._chosen_for = self._current
            wanted = self._current or (coming.activity.id if coming else None)
            if wanted in {s.activity.id for s in steps}:
                self.chosen.value = wanted
        self.next.description = f"Next: run {label(coming.activity)}" if coming else "Next: none (the plan's end)"
        self.next.disabled = coming is None
        if self._current is None:
            self.reveal.description = "Show the results (run an activity first)"
            self.reveal.disabled = True
            self.now.value = "<p><strong>Now:</strong> no activity run yet. The presenter view shows how to join.</p>"
            return
        activity = self.content.activity(self._current)
        shown = revealed(settings, activity.id)
        self.reveal.disabled = False
        self.reveal.description = (f"Hide the results of {activity.number} again" if shown else
                                   f"Show the results of {activity.number} to the room")
        running = timer.running(settings)
        clock = (" Its timer is running." if running and running["activity"] == activity.id else "")
        self.now.value = (f"<p><strong>Now:</strong> Activity {activity.number}: {escape(activity.title)}, "
                          f"{'its results on the screen' if shown else 'what to do on the screen'}.{clock}</p>")

    def _settings(self) -> dict:
        return self.store.settings(self.workshop.id)

    # --- the facilitator acting --------------------------------------------------------------

    def _run(self, activity_id: str | None) -> None:
        with page_lock:
            if not activity_id:
                say(self.said, "Choose an activity of the plan first.", error=True)
                return
            try:
                step = run_activity(self.store, self.workshop, self.content, activity_id)
            except ValueError:
                say(self.said, "That activity is not in the session plan.", error=True)
                return
            minutes = f", with its timer for {step.minutes} minutes" if step.minutes else ", untimed"
            say(self.said, f"Running {label(step.activity)}{minutes}: everyone's pages and the presenter view "
                           "are on it.")
            self.draw(self._settings())

    def _next(self) -> None:
        with page_lock:
            coming = next_step(self.content, self._settings())
            if coming is None:
                say(self.said, "This is the last activity of the plan.", error=True)
                return
            self._run(coming.activity.id)

    def _toggle_results(self) -> None:
        with page_lock:
            settings = self._settings()
            current = current_id(settings)
            if current not in {s.activity.id for s in planned(self.content, settings)}:
                say(self.said, "Run an activity first.", error=True)
                return
            shown = not revealed(settings, current)
            set_revealed(self.store, self.workshop, current, shown)
            number = self.content.activity(current).number
            say(self.said, f"The results of Activity {number} are on the presenter view and participants' pages."
                if shown else f"The results of Activity {number} are hidden from the room again.")
            self.draw(self._settings())
