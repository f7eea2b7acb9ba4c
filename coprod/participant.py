"""The participant's app: their group, the list of activities, and the open one.

Switching activity swaps one child of a box inside the same page (no page load, no new
kernel); each activity is built once and kept, so going back is instant. The facilitator's
settings (the current activity, locked activities, group picking) reach the page through
the live feed.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from html import escape

import ipywidgets as w

from coprod import timer
from coprod.activities import build_activity
from coprod.activities.page import html, notice
from coprod.activities.stepped import Stepped
from coprod.activities.text_entry import text_entry
from coprod.content import Activity
from coprod.locking import page_lock
from coprod.moderation import hidden_posts, revealed
from coprod.plan import planned
from coprod.session import Session, is_workbook
from coprod.steps import POSITION
from coprod.store import SaveLimit, normalise_code
from coprod.store.known_settings import CURRENT_ACTIVITY, GROUP_PICKING, LOCKED, Call
from coprod.widgets import Comfort, Download, Nav, PersonalLink, Place, Status, Timer
from coprod.widgets.comfort import CONTRASTS, SIZES

log = logging.getLogger("coprod.participant")
ALLOWED_PREFS = {("size", s) for s in SIZES} | {("contrast", c) for c in CONTRASTS}
NOTES = "my-notes"
APP = "app"  # answers that belong to the app rather than an activity: notes, comfort, scenario


def sentence(text: str) -> str:
    """``text`` with a full stop, unless it already ends as a sentence does (a title that is a
    question: "...about co-production?." read as a typo)."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def activity_label(activity: Activity) -> str:
    return f"{activity.number}. {activity.title}"


class ParticipantApp:
    def __init__(self, session: Session, *, personal_query: str | None = None):
        self.session = session
        self.content = session.content
        self._built: dict[str, w.Widget] = {}
        self._seen_call = None  # the facilitator's last "bring everyone here"
        store = session.store
        self.who = html("", "coprod-who")
        self.group_box = w.VBox()
        self.group_box.add_class("coprod-group")
        # Who is in the group, rewritten in place: a new line widget made the page draw the whole
        # panel again, the scenario's box with it, so that someone joining or moving took the
        # cursor out of the box of a person writing, and the answer to their save with it.
        self._group_line = html("", "coprod-group-line")
        self.comfort = Comfort(save=lambda prefs: session.save(APP, "comfort", "settings", prefs),
                               **self._comfort())
        self.nav = Nav(open=self.open)
        self.said = Status()
        self.said.add_class("coprod-app-notice")
        self.clock = Timer()
        self.clock.add_class("coprod-app-timer")  # first in the page, and kept in sight while it runs
        self.place = Place()
        self.body = w.VBox()
        self.body.add_class("coprod-body")
        self.results = w.HTML()  # the room's results, once the facilitator shows them: the activity's last step
        self.results.add_class("coprod-room-results")
        self._settings: dict = {}
        top = [self.clock, self.who]
        self.link = None
        if personal_query:
            self.link = PersonalLink(query=personal_query, code=normalise_code(session.workshop.code),
                                     name=session.participant.display_name)
            top.append(self.link)
        top += [self.comfort, self.group_box, self.nav, self.said, self.body, self.place]
        self.widget = w.VBox(top)
        self.widget.add_class("coprod-app")
        self._group_id = object()  # never equal: the first refresh draws the group
        self._room = None
        self._scenario = None
        settings = self._settings = store.settings(session.workshop.id)
        session.hidden = hidden_posts(settings)
        self._seen_call = CURRENT_ACTIVITY.read(settings)
        self.current = self._start_at(self._seen_call)
        self.refresh()
        self._show(self.current)
        if self._called_since_here:
            self._first_step(self.current)

    # --- what the facilitator and the group changed ----------------------------------------

    def refresh(self) -> None:
        """Bring the page up to date with the store (called by the live feed)."""
        with page_lock:
            self._refresh()

    def _refresh(self) -> None:
        session, store = self.session, self.session.store
        # One read gives both this person's group and everyone's: read apart, a move committed
        # between the two reads left the panel drawn from the old group, never drawn again.
        people = store.participants(session.workshop)
        fresh = next((p for p in people if p.id == session.participant.id), None)
        if fresh is None:  # the facilitator took this person out of the workshop
            self._leave()
            return
        if fresh.display_name != session.participant.display_name and fresh.group_id == session.participant.group_id:
            session.participant = fresh  # renamed by the facilitator
        if fresh.group_id != self._group_id:
            # A new group: group work is built again for the new group, and the old widgets
            # are closed, so that nothing can still write as a member of the old group.
            session.participant = fresh
            session.watchers.clear()
            for widget in self._built.values():
                _close_tree(widget)
            self._built.clear()
            self._scenario = None
            self._room = None  # the group panel shows one's own group: always drawn again
            self._group_id = fresh.group_id
            if self.current != NOTES:
                self._show(self.current)
        if self.link is not None:  # the name the join page offers to continue as, on this device
            self.link.name = session.participant.display_name
        settings = self._settings = store.settings(session.workshop.id)
        session.hidden = hidden_posts(settings)
        # Who is in which group, and whether people may pick one: redraw the group panel when
        # the room changes (someone joins, moves, or picking opens), not only one's own group.
        room = (store.groups(session.workshop), people, GROUP_PICKING.read(settings))
        if room != self._room:
            self._room = room
            self._draw_group()
        self._draw_nav(settings)
        if self.current != NOTES and self.current not in self._ids():  # the plan changed under them
            self.said.say("The facilitator changed the plan: this activity is not in it.")
            self._show(self._first_open())
        call = CURRENT_ACTIVITY.read(settings)
        if call != self._seen_call and call is not None and call.activity in self._ids():
            self._seen_call = call
            activity = self.content.activity(call.activity)
            self.said.say(sentence(f"The facilitator brought everyone to {activity_label(activity)}"))
            there = activity.id == self.current
            self._show(activity.id)
            self._first_step(activity.id)  # everyone starts the activity together, from its first step
            if there:  # already in it, maybe far down: back to its top too
                self.place.go(activity.id)
        self._draw_who()
        self._draw_clock(settings)
        self._draw_results()
        session.changed()

    def _leave(self) -> None:
        # Every widget is closed, so that no message from this page can still act for them.
        self.session.watchers.clear()
        for widget in [*self._built.values(), *self.widget.children]:
            _close_tree(widget)
        self._built.clear()
        self.widget.children = [html(
            "<h2>You are no longer in this workshop</h2><p>The facilitator has taken you out of it. "
            "If this is a mistake, please ask them, and join again with the workshop code.</p>",
            "coprod-message-page")]

    def _draw_who(self) -> None:
        session = self.session
        if is_workbook(session.workshop):
            self.who.value = "<p>This is your own workbook: what you write stays on this computer.</p>"
            return
        self.who.value = (f"<p>You are taking part as <strong>{escape(session.participant.display_name)}</strong>"
                          f" in {escape(session.workshop.name)}.</p>")

    def _draw_group(self) -> None:
        session = self.session
        group = session.group
        if group is None:
            self.group_box.children = [self._group_picker()]
            return
        names = ", ".join(p.display_name for p in session.members() if p.id != session.participant.id)
        who = ("The group parts are yours to do alone." if is_workbook(session.workshop) else
               f"With {escape(names)}." if names else "You are the first in this group.")
        self._group_line.value = f"<h2 class='coprod-group-name'>{escape(group.name)}</h2><p>{who}</p>"
        if self._scenario is None:  # one box per group, kept while the panel is redrawn
            self._scenario = text_entry(session, APP, "scenario", "text", "Our scenario", scope="group", rows=3,
                                        help=self.content.course.scenario)
        self.group_box.children = [self._group_line, self._scenario]

    def _group_picker(self) -> w.Widget:
        session, store = self.session, self.session.store
        if not GROUP_PICKING.read(store.settings(session.workshop.id)):
            return notice("You are not in a group yet. The facilitator will put you in one.")
        buttons = []
        people = store.participants(session.workshop)
        for group in store.groups(session.workshop):
            count = sum(1 for p in people if p.group_id == group.id)
            button = w.Button(description=f"Join {group.name} ({count} {'person' if count == 1 else 'people'})")
            button.add_class("coprod-button-widget")
            button.on_click(lambda _b, g=group: self._pick(g.id))
            buttons.append(button)
        if not buttons:
            return notice("You are not in a group yet. The facilitator will open the groups soon.")
        return w.VBox([html("<h2>Choose your group</h2>", "coprod-pick-heading"), *buttons])

    def _pick(self, group_id: int) -> None:
        store = self.session.store
        if not GROUP_PICKING.read(store.settings(self.session.workshop.id)):
            return  # the facilitator closed picking meanwhile
        if group_id not in {g.id for g in store.groups(self.session.workshop)}:
            return
        with page_lock:
            store.assign_group(self.session.participant, group_id)
            self._refresh()

    def _draw_clock(self, settings: dict) -> None:
        running = timer.running(settings)
        if running and running["activity"] in self._ids():
            # "Activity 10", not its whole title: the timer stays at the top of a phone's screen.
            activity = self.content.activity(running["activity"])
            self.clock.show(f"Activity {activity.number}", running["ends_at"].timestamp())
        else:
            self.clock.show("", None)

    def _draw_results(self) -> None:
        """The room's results of the open activity, when the facilitator has shown them."""
        built = self._built.get(self.current)
        if self.current == NOTES or not revealed(self._settings, self.current):
            self.results.value = ""
            if isinstance(built, Stepped):
                built.show_results(None)
            return
        from coprod.collate import activity_html  # only once results are shown

        activity = self.content.activity(self.current)
        board = activity_html(self.session.store, self.content, self.session.workshop, activity,
                              hidden=hidden_posts(self._settings), audience="room")
        self.results.value = (f"<section aria-labelledby='coprod-results-{escape(activity.id)}'>"
                              f"<h2 id='coprod-results-{escape(activity.id)}'>The room's results: "
                              f"{escape(activity_label(activity))}</h2>{board}</section>")
        if isinstance(built, Stepped):
            built.show_results(self.results)

    def _draw_nav(self, settings: dict) -> None:
        locked = set(LOCKED.read(settings))
        done = self.session.store.activities_answered(self.session.participant)
        items = []
        for activity in self._planned(settings):
            state = "locked" if activity.id in locked else "done" if activity.id in done else "open"
            items.append({"id": activity.id, "label": activity_label(activity), "state": state})
        items.append({"id": NOTES, "label": "My notes", "state": "open"})
        self.nav.items = items
        self.nav.value = self.current

    # --- opening an activity ---------------------------------------------------------------

    def _planned(self, settings: dict | None = None) -> list[Activity]:
        """The activities of this workshop's plan, in its order."""
        return [step.activity for step in planned(self.content, self._settings if settings is None else settings)]

    def _ids(self) -> set[str]:
        return {a.id for a in self._planned()}

    def open(self, item_id: str) -> str | None:
        """Open an activity (or My notes); return why not, if it may not be opened."""
        with page_lock:
            return self._open(item_id)

    def _open(self, item_id: str) -> str | None:
        if self.session.store.participant(self.session.participant.id) is None:
            return "You are no longer in this workshop."
        self._settings = self.session.store.settings(self.session.workshop.id)
        if item_id != NOTES and item_id not in self._ids():
            return "This activity is not part of this workshop."
        if item_id in set(LOCKED.read(self._settings)):
            return "The facilitator has not opened this activity yet."
        self.said.say("")
        self._show(item_id)
        return None

    def _show(self, item_id: str) -> None:
        if item_id not in self._built:
            if item_id == NOTES:
                self._built[item_id] = w.VBox([
                    html(f"<h2 data-coprod-heading='{NOTES}'>My notes</h2>", "coprod-notes-heading"),
                    text_entry(self.session, APP, NOTES, "text", "My notes", scope="participant",
                               rows=12, help="Anything you want to keep: only you and the facilitator see it."),
                    *(workbook_downloads(self.session) if is_workbook(self.session.workshop) else []),
                ])
            else:
                self._built[item_id] = build_activity(self.content.activity(item_id), self.session)
        if item_id != self.current and self.body.children:
            self.place.go(item_id)  # a new activity starts at its top, its heading focused
        if item_id != self.current or not self.body.children:
            # Remembering the place is a save like any other, charged to the person's budget; a
            # refusal (a page flipping between activities without pause) must not stop the move.
            with suppress(SaveLimit):
                self.session.save(APP, POSITION, "current", {"item": item_id})
        self.current = item_id
        self.nav.value = item_id
        self.body.children = [self._built[item_id]]
        self._draw_results()

    def _start_at(self, call: Call | None) -> str:
        """Where the person was last (on any device), unless the facilitator has since
        brought everyone elsewhere; else where the facilitator is; else the first open activity.
        Never a locked one."""
        positions = self.session.mine(APP, POSITION)
        places = [a for a in positions if a.item == "current" and isinstance(a.value, dict)]
        mine = places[-1] if places else None
        # The person's last move of any kind, to an activity or a step in one.
        moved_at = max((a.created_at for a in positions), default=None)
        called = call.activity if call else None
        called_at = call.at if call else None
        moved_on = bool(called in self._ids() and called_at and (moved_at is None or called_at > moved_at))
        open_ids = self._ids() - set(LOCKED.read(self._settings))
        self._called_since_here = moved_on and called in open_ids  # the room was brought there meanwhile
        if mine and mine.value.get("item") in open_ids | {NOTES} and not moved_on:
            return mine.value["item"]
        return called if called in open_ids else self._first_open()

    def _first_step(self, item_id: str) -> None:
        built = self._built.get(item_id)
        if isinstance(built, Stepped):
            built.first()

    def _first_open(self) -> str:
        """The first planned activity that is not locked; My notes if every one is."""
        locked = set(LOCKED.read(self._settings))
        return next((a.id for a in self._planned() if a.id not in locked), NOTES)

    def _comfort(self) -> dict:
        saved = [a.value for a in self.session.mine(APP, "comfort") if isinstance(a.value, dict)]
        prefs = saved[-1] if saved else {}
        return {k: v for k, v in prefs.items() if (k, v) in ALLOWED_PREFS}



def workbook_downloads(session: Session) -> list[w.Widget]:
    """The workbook's own answers, to keep or print (someone working alone has no facilitator to
    send them a report): made from this one person's work only, never from the workshop report,
    which holds everyone's."""

    def report(kind: str):
        from coprod.report import personal_html, personal_pdf

        args = (session.store, session.content, session.workshop, session.participant)
        if kind == "pdf":
            return "my-co-production-workbook.pdf", "application/pdf", personal_pdf(*args)
        return "my-co-production-workbook.html", "text/html", personal_html(*args).encode("utf-8")

    return [html("<h2>Keep or print your workbook</h2><p>Everything you have written, as one document.</p>",
                 "coprod-workbook-heading"),
            Download(label="My workbook (PDF, to print)", make=lambda: report("pdf")),
            Download(label="My workbook (web page)", make=lambda: report("html"))]



def _close_tree(widget: w.Widget) -> None:
    """Close a widget and everything inside it (ipywidgets' close_all would close every
    widget in the kernel, this page's included)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    try:
        widget.close()
    except Exception:  # a comm already gone (the page went away meanwhile): nothing left to close
        log.warning("a widget could not be closed", exc_info=True)
