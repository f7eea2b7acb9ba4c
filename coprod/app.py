"""The pages of a workshop: the participant app, one activity, the facilitator's board, and the
presenter view for the projector.

Each is one widget tree in one page, on one kernel. Every message shown to a person is
plain language; a missing or wrong link never produces a traceback.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities import build_activity
from coprod.boards import LiveFeed
from coprod.content import Activity, CourseContent
from coprod.joining import JoinGate
from coprod.logs import keep_logs_off_the_page
from coprod.participant import ParticipantApp
from coprod.session import Session, Visit, served
from coprod.store import Store
from coprod.widgets import JoinForm

if served():  # each page's kernel imports this module first
    keep_logs_off_the_page()


def _page(content: CourseContent, *children: w.Widget, css_class: str) -> w.VBox:
    title = w.HTML(f"<h1 class='coprod-title'>{escape(content.course.title)}</h1>")
    box = w.VBox([title, *children])
    box.add_class("coprod-page")
    box.add_class(css_class)
    return box


def _message(title: str, text: str) -> w.HTML:
    html = w.HTML(f"<h2>{escape(title)}</h2><p>{escape(text)}</p>")
    html.add_class("coprod-message-page")
    return html


def participant_app(*, store: Store | None = None, content: CourseContent | None = None,
                    params: dict[str, str] | None = None, live: bool | None = None) -> w.VBox:
    """The participant's page: join, then the activities; the workbook outside a workshop.

    ``live`` (default: on a served page) starts the thread that brings others' changes in.
    """
    visit = Visit.start(store, content, params)
    visit.live = served() if live is None else live
    root = _page(visit.content, css_class="coprod-participant")
    if visit.params.get("followup"):  # a follow-up link opens its questionnaire and nothing else
        from coprod.followup_page import followup_view

        root.children = [*root.children, followup_view(visit.store, visit.content, visit.params["followup"])]
        return root
    if visit.params.get("code") and not visit.params.get("p"):
        root.children = [*root.children, _join_form(root, visit)]
        return root
    session = visit.participant()
    if session is not None:
        _show_activities(root, session, personal_query=f"p={visit.params['p']}" if visit.params.get("p") else None,
                         live=visit.live)
    elif visit.params.get("p"):
        root.children = [*root.children, _message(
            "This link is not recognised",
            "Please check that you copied the whole link, or join again with the workshop code.")]
    else:
        root.children = [*root.children, _join_form(root, visit)]
    return root


def _join_form(root: w.VBox, visit: Visit) -> JoinForm:
    gate = JoinGate(visit.store)

    def join(code: str, name: str) -> None:
        participant, token, workshop = gate.join(code, name)
        _show_activities(root, Session(visit.store, visit.content, workshop, participant),
                         personal_query=f"p={token}", live=visit.live)

    return JoinForm(code=visit.params.get("code", "").strip().upper()[:16],
                    notice=visit.content.course.privacy_notice, join=join)


def _show_activities(root: w.VBox, session: Session, *, personal_query: str | None, live: bool) -> None:
    # A page in a browser: group work and the facilitator's settings arrive live.
    feed = LiveFeed(session.store, session.workshop).begin() if live else None
    app = ParticipantApp(session, personal_query=personal_query)
    root.children = [root.children[0], app.widget]
    if feed is not None:
        feed.subscribe(app.refresh)
        feed.subscribe_live(lambda: session.changed(live=True))
        feed.start()


def activity_page(activity: Activity | str, *, store: Store | None = None, content: CourseContent | None = None,
                  params: dict[str, str] | None = None) -> w.VBox:
    """One activity for one person on their own: the workbook outside a workshop.

    Under a server it shows nothing but a pointer to the course page: a workshop's
    participants go through the participant app, which follows the facilitator's plan,
    locks and moves, and sees others' changes live."""
    visit = Visit.start(store, content, params)
    if isinstance(activity, str):
        activity = visit.content.activity(activity)
    root = _page(visit.content, css_class="coprod-participant")
    session = None if served() else visit.participant()
    if session is None:
        root.children = [*root.children, _message(
            "Please use your personal link",
            "In a workshop, every activity is on the course page that your personal link opens.")]
    else:
        root.children = [*root.children, build_activity(activity, session)]
    return root


# --- the facilitator's page ------------------------------------------------------------


def facilitator_app(*, store: Store | None = None, content: CourseContent | None = None,
                    params: dict[str, str] | None = None, live: bool | None = None) -> w.VBox:
    """The facilitator's console and boards, updating live; only with the facilitator link."""
    visit = Visit.start(store, content, params)
    visit.live = served() if live is None else live
    root = _page(visit.content, css_class="coprod-facilitator")
    workshop = visit.facilitated_workshop()
    if workshop is None:
        root.children = [*root.children, _message(
            "This page needs the facilitator's link",
            "The facilitator's link is printed when the workshop is started with coprod serve.")]
        return root
    from coprod.console import Console  # the facilitator's page only: participants' kernels stay light

    feed = LiveFeed(visit.store, workshop).begin() if visit.live else None
    console = Console(visit.store, visit.content, workshop, key=visit.params.get("f"))
    root.children = [*root.children, console.widget]
    if feed is not None:
        feed.subscribe(console.draw)
        feed.start()
    return root


# --- the projector's page ------------------------------------------------------------------


def presenter_app(*, store: Store | None = None, content: CourseContent | None = None,
                  params: dict[str, str] | None = None, live: bool | None = None) -> w.VBox:
    """The presenter view, following the console live; only with the presenter view's link."""
    visit = Visit.start(store, content, params)
    visit.live = served() if live is None else live
    workshop = visit.presented_workshop()
    if workshop is None:
        return _page(visit.content, _message(
            "This page needs the presenter view's link",
            "The presenter view's link is printed when the workshop is started with coprod serve, "
            "and shown on the facilitator's console."), css_class="coprod-presenter-page")
    from coprod.presenter import PresenterView  # the projector's page only

    feed = LiveFeed(visit.store, workshop).begin() if visit.live else None
    view = PresenterView(visit.store, visit.content, workshop)
    # The view's own h1 names what is on the screen; the course's title is a line above it.
    title = w.HTML(f"<p class='coprod-presenter-course'>{escape(visit.content.course.title)}</p>")
    root = w.VBox([title, view.widget])
    root.add_class("coprod-page")
    root.add_class("coprod-presenter-page")
    if feed is not None:
        feed.subscribe(view.draw)
        feed.start()
    return root
