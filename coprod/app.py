"""The two pages of a workshop: the participant app and the facilitator's board.

Each is one widget tree in one page, on one kernel. Every message shown to a person is
plain language; a missing or wrong link never produces a traceback.
"""

from __future__ import annotations

import threading
from html import escape

import ipywidgets as w

from coprod.activities import build_activity
from coprod.activities.questions import posted_notes
from coprod.content import CourseContent
from coprod.session import (
    Session,
    course_content,
    open_store,
    participant_session,
    query_params,
    served,
    workbook_session,
)
from coprod.store import Store, Workshop, normalise_code
from coprod.widgets import Board, JoinForm, JoinRefused, PersonalLink

BOARD_POLL_SECONDS = 1.0
FIRST_ACTIVITY = "what-do-you-know"


def _page(*children: w.Widget, css_class: str) -> w.VBox:
    box = w.VBox(list(children))
    box.add_class("coprod-page")
    box.add_class(css_class)
    return box


def _message(title: str, text: str) -> w.HTML:
    html = w.HTML(f"<h2>{escape(title)}</h2><p>{escape(text)}</p>")
    html.add_class("coprod-message-page")
    return html


def _course_title(content: CourseContent) -> w.HTML:
    return w.HTML(f"<h1 class='coprod-title'>{escape(content.course.title)}</h1>")


def participant_app(*, store: Store | None = None, content: CourseContent | None = None,
                    params: dict[str, str] | None = None) -> w.VBox:
    """The participant's page: join, then the activities; the workbook outside a workshop."""
    content = content or course_content()
    store = store or open_store()
    params = query_params() if params is None else params
    root = _page(_course_title(content), css_class="coprod-participant")

    if params.get("p"):
        session = participant_session(store, content, params["p"])
        if session is None:
            root.children = [*root.children, _message(
                "This link is not recognised",
                "Please check that you copied the whole link, or join again with the workshop code.")]
            return root
        _show_activities(root, session, personal_query=f"p={params['p']}")
    elif served() or params.get("code"):
        root.children = [*root.children, _join_form(root, store, content, params.get("code", ""))]
    else:
        _show_activities(root, workbook_session(store, content), personal_query=None)
    return root


def _join_form(root: w.VBox, store: Store, content: CourseContent, code: str) -> JoinForm:
    heading = root.children[0]

    def join(code: str, name: str) -> None:
        workshop = store.workshop_by_code(code)
        if workshop is None:
            raise JoinRefused(f"There is no workshop with the code {normalise_code(code)!r}. "
                              "Please check the code on the screen.", field="code")
        if not workshop.open:
            raise JoinRefused("This workshop is closed to new participants. Please ask the facilitator.",
                              field="code")
        participant, token = store.join(workshop, name)
        _show_activities(root, Session(store, content, workshop, participant), personal_query=f"p={token}",
                         heading=heading)

    return JoinForm(code=normalise_code(code), notice=content.course.privacy_notice, join=join)


def _show_activities(root: w.VBox, session: Session, *, personal_query: str | None,
                     heading: w.Widget | None = None) -> None:
    heading = heading or root.children[0]
    who = w.HTML(
        f"<p class='coprod-who'>You are taking part as <strong>{escape(session.participant.display_name)}"
        f"</strong> in {escape(session.workshop.name)}.</p>"
    )
    children = [heading, who]
    if personal_query:
        children.append(PersonalLink(query=personal_query))
    activity = session.content.activity(FIRST_ACTIVITY)
    children.append(build_activity(activity, session))
    root.children = children


# --- the facilitator's page ------------------------------------------------------------


def facilitator_app(*, store: Store | None = None, content: CourseContent | None = None,
                    params: dict[str, str] | None = None) -> w.VBox:
    """The facilitator's board for Activity 1, updating live; only with the facilitator link."""
    content = content or course_content()
    store = store or open_store()
    params = query_params() if params is None else params
    root = _page(_course_title(content), css_class="coprod-facilitator")

    if params.get("f"):
        workshop = store.workshop_for_facilitator(params["f"])
    elif not served():
        workshop = workbook_session(store, content).workshop
    else:
        workshop = None
    if workshop is None:
        root.children = [*root.children, _message(
            "This page needs the facilitator's link",
            "The facilitator's link is printed when the workshop is started with coprod serve.")]
        return root

    board = ActivityOneBoard(store, content, workshop)
    info = w.HTML(
        f"<p class='coprod-join-info'>Workshop <strong>{escape(workshop.name)}</strong>. "
        f"Join code: <strong class='coprod-code'>{escape(workshop.code)}</strong></p>"
    )
    root.children = [*root.children, info, board.widget]
    board.start()
    return root


class ActivityOneBoard:
    """Activity 1's posted notes by question, refreshed when the store has something new."""

    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store = store
        self.workshop = workshop
        self.activity = content.activity(FIRST_ACTIVITY)
        self.task = self.activity.parts[0].tasks[0]
        heading = w.HTML(f"<h2>Activity 1 board: {escape(self.activity.title)}</h2>")
        self.board = Board()
        self.widget = w.VBox([heading, self.board])
        self._seen = -1
        self._stop = threading.Event()
        self.refresh()

    def refresh(self) -> bool:
        """Redraw if anything was saved since the last look; True if it redrew."""
        last = self.store.last_answer_id(self.workshop.id)
        if last == self._seen:
            return False
        self._seen = last
        self.board.value = posted_notes(self.store, self.workshop.id, self.activity, self.task)
        return True

    def start(self) -> None:
        # A background thread that sets traits reaches the browser under Voilà 0.5.
        threading.Thread(target=self._poll, name="coprod-board", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _poll(self) -> None:
        while not self._stop.wait(BOARD_POLL_SECONDS):
            try:
                self.refresh()
            except Exception:  # a locked or briefly missing database: try again next tick
                continue


# --- one activity on its own (the per-activity notebooks) ---------------------------------


def activity_page(activity, *, store: Store | None = None, content: CourseContent | None = None,
                  params: dict[str, str] | None = None) -> w.VBox:
    """One activity for the person at the keyboard: a participant (personal link) or,
    outside a workshop, the workbook's local person."""
    content = content or course_content()
    if isinstance(activity, str):
        activity = content.activity(activity)
    store = store or open_store()
    params = query_params() if params is None else params
    root = _page(_course_title(content), css_class="coprod-participant")
    if params.get("p"):
        session = participant_session(store, content, params["p"])
    elif served():
        session = None
    else:
        session = workbook_session(store, content)
    if session is None:
        root.children = [*root.children, _message(
            "This page needs your personal link", "Please open the link you were given when you joined.")]
        return root
    root.children = [*root.children, build_activity(activity, session)]
    return root
