"""Who is at the keyboard: a participant of a served workshop, or one person on their own.

Under ``coprod serve`` identity travels in the page's query string: ``p=<token>`` is a
participant's personal link, ``code=<join code>`` a join link, ``f=<token>`` the
facilitator's link, ``v=<token>`` the presenter view's (the projector's: it only shows).
Tokens are looked up in the store; nothing in the link is trusted.
Opened anywhere else (JupyterLab, nbval), a notebook works for one local person: the
workbook case, with answers in a local SQLite file.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from coprod.content import DEFAULT_CONTENT_DIR, CourseContent, load
from coprod.moderation import post_key
from coprod.store import WORKBOOK, Answer, Group, Participant, Store, Workshop

log = logging.getLogger("coprod.session")
SERVE_ENV = "COPROD_SERVE"  # set by `coprod serve` for its kernels
PUBLIC_URL_ENV = "COPROD_PUBLIC_URL"  # where phones in the room reach the pages, e.g. http://10.0.0.5:8866/voila/render
CONTENT_ENV = "COPROD_CONTENT_DIR"
WORKBOOK_ENV = "COPROD_WORKBOOK"  # set by `coprod workbook`: one person, on this machine only
WORKBOOK_NAME = "Workbook"  # what a new workbook is called: a name only, never how one is told apart
WORKBOOK_PERSON = "Me"
WORKBOOK_GROUP = "On my own"


def served() -> bool:
    """True for a page that a browser opened: never the single-person workbook.

    Any kernel that Voilà started counts, not only `coprod serve`'s, so that notebooks
    served some other way fail closed instead of letting every visitor be the same person.
    """
    return os.environ.get(SERVE_ENV) == "1" or os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


def workbook_served() -> bool:
    """True in a page served by `coprod workbook` (bound to this machine): its one person needs
    no link."""
    return os.environ.get(WORKBOOK_ENV) == "1" and os.environ.get(SERVE_ENV) != "1"


def public_url() -> str:
    """The address under which the pages are served, for links and QR codes; relative
    links when the page was not started by `coprod serve`."""
    return os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")


def query_params() -> dict[str, str]:
    """The page's query parameters (first value of each); empty outside Voilà.

    A preheated kernel (`coprod serve --preheat`) runs the page before anyone asked for it,
    and waits here for the visitor."""
    if os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ:
        wait_for_visitor()
    query = os.environ.get("QUERY_STRING", "")
    return {key: values[0] for key, values in parse_qs(query).items() if values}


VISITOR_CONNECT_SECONDS = 120


def wait_for_visitor() -> None:
    """What ``voila.utils.get_query_string()`` does, without importing Voilà: importing any of
    it imports Voilà's whole server into the page's kernel (measured: +41 MB, a third more
    memory per page). Same protocol: Voilà sends the request's variables (QUERY_STRING...) as
    one JSON message on its /voila/query/<kernel id> websocket once a visitor takes the kernel."""
    import json

    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://{os.environ.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{os.environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}")
    # The kernel connects as it joins the pool, and then waits for a visitor however long it takes.
    # Connecting may be slow when a room's pages start at once on a busy machine (5 s was not
    # enough for 40 at once): it is tried again rather than given up, since a kernel that never
    # heard of its visitor opens a personal link's page as the join form.
    deadline = time.monotonic() + VISITOR_CONNECT_SECONDS
    while True:
        try:
            with connect(url, open_timeout=10, max_size=2**20) as socket:
                request = json.loads(socket.recv())
            break
        except (OSError, TimeoutError, ValueError, WebSocketException) as exc:
            if isinstance(exc, (TimeoutError, ConnectionRefusedError)) and time.monotonic() < deadline:
                continue
            # As Voilà does: the page opens without the link's identity (the join form).
            log.warning("could not read the visitor's request: %s", exc)
            return
    for key, value in request.items():
        if isinstance(key, str) and isinstance(value, str):
            os.environ[key] = value


USER_CONTENT_ENV = "COPROD_CONTENT"  # a researcher's own copy of the content (`coprod init`)
COPY_MARKER = ".coprod-course"  # in the notebook folder of such a copy (coprod.init_folder)


@cache
def course_content(content_dir: str | None = None) -> CourseContent:
    """The course: the folder given, the one a served page was started with, the researcher's
    (``COPROD_CONTENT``), the ``content/`` beside a notebook folder made by `coprod init` (a
    notebook opened there edits that copy), else the course as it ships."""
    beside = Path.cwd().parent / "content"
    return load(content_dir or os.environ.get(CONTENT_ENV) or os.environ.get(USER_CONTENT_ENV)
                or (beside if (beside / "course.yaml").is_file() and (Path.cwd() / COPY_MARKER).is_file()
                    else DEFAULT_CONTENT_DIR))


def open_store(url: str | None = None) -> Store:
    """The workshop's store, or the workbook's local one when nothing is configured."""
    if url is None and not os.environ.get("COPROD_DATABASE_URL") and not served():
        url = f"sqlite:///{workbook_path()}"
    store = Store(url)
    store.migrate()
    return store


def workbook_path() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "coprod" / "workbook.sqlite3"


@dataclass
class Session:
    """One person's view of one workshop: what every activity builder is given.

    ``watch(draw)`` calls ``draw`` now and, on a live page, whenever the workshop changes,
    so that group work written by others appears without a reload.
    """

    store: Store
    content: CourseContent
    workshop: Workshop
    participant: Participant
    watchers: list[Callable[[], None]] = field(default_factory=list)
    # Posts the facilitator hid (coprod.moderation): others' hidden posts are left out of what
    # this person sees; their own stay visible to them. Kept fresh by the page's live feed.
    hidden: frozenset[str] = frozenset()

    @property
    def group(self) -> Group | None:
        if self.participant.group_id is None:
            return None
        return next((g for g in self.store.groups(self.workshop) if g.id == self.participant.group_id), None)

    def members(self) -> list[Participant]:
        if self.participant.group_id is None:
            return [self.participant]
        return [p for p in self.store.participants(self.workshop) if p.group_id == self.participant.group_id]

    def save(self, activity: str, task: str, item: str, value: Any, *, scope: str = "participant") -> int:
        return self.store.save(self.participant, activity, task, item, value, scope=scope)

    def save_merged(self, activity: str, task: str, item: str, value: Any, *, base: Any = None,
                    base_id: int | None = None, scope: str, limit: int | None = None) -> tuple[int, Any]:
        """Save a group's answer written together: merged with what others saved meanwhile
        (Store.save_merged); return the current row's id and the value it holds."""
        return self.store.save_merged(self.participant, activity, task, item, value, base=base, base_id=base_id,
                                      scope=scope, limit=limit)

    def writers_since(self, activity: str, task: str, item: str, after_id: int, *, scope: str) -> list[str]:
        """Who else saved this answer after row ``after_id``: shown as "… is typing"."""
        owner = {"participant": self.participant.id, "group": self.participant.group_id,
                 "workshop": self.workshop.id}[scope]
        if owner is None:
            return []
        names = self.store.writers_since(self.workshop.id, scope, owner, activity, task, item, after_id)
        return [name for author, name in names if author != self.participant.id]

    def answers(self, activity: str, task: str, *, scope: str) -> list[Answer]:
        """The current answers of this person (scope "participant"), their group ("group")
        or the whole room ("workshop")."""
        owner = {"participant": self.participant.id, "group": self.participant.group_id,
                 "workshop": self.workshop.id}[scope]
        if owner is None:
            return []
        return self.visible(self.store.current(self.workshop.id, activity, task, scope=scope, owner_id=owner))

    def visible(self, answers: list[Answer]) -> list[Answer]:
        """``answers`` without the posts the facilitator hid, unless this person wrote them."""
        if not self.hidden:
            return answers
        return [a for a in answers if a.author_id == self.participant.id or post_key(a) not in self.hidden]

    def members_answers(self, activity: str, task: str) -> list[tuple[Participant, list[Answer]]]:
        """Each group member's own current answers of a task (their notes, values, commitment)."""
        return [(person, self.visible(self.store.current(self.workshop.id, activity, task, scope="participant",
                                                          owner_id=person.id)))
                for person in self.members()]

    def mine(self, activity: str, task: str) -> list[Answer]:
        return self.answers(activity, task, scope="participant")

    def watch(self, draw: Callable[[], None], *, live: bool = False) -> None:
        """Call ``draw`` now and at every change; ``live``: a text the group writes together,
        looked at more often than the rest of the page (``changed(live=True)``)."""
        self.watchers.append(LiveView(draw) if live else draw)
        draw()

    def changed(self, *, live: bool = False) -> None:
        """Called by the page's live feed: redraw everything that watches the store (``live``:
        only what the group writes together, between the full redraws)."""
        for draw in list(self.watchers):
            if live and not isinstance(draw, LiveView):
                continue
            try:
                draw()
            except Exception:  # one broken view must not stop the others updating
                log.exception("a view failed to redraw")


@dataclass(frozen=True)
class LiveView:
    """A watcher redrawn between a page's full redraws: a text its group writes together."""

    draw: Callable[[], None]

    def __call__(self) -> None:
        self.draw()


@dataclass
class Visit:
    """A page being opened: the store, the content and the link it was opened with."""

    store: Store
    content: CourseContent
    params: dict[str, str]
    live: bool = False

    @classmethod
    def start(cls, store: Store | None = None, content: CourseContent | None = None,
              params: dict[str, str] | None = None) -> Visit:
        return cls(store or open_store(), content or course_content(),
                   query_params() if params is None else params)

    def participant(self) -> Session | None:
        """The session of the personal link; outside a served page, the workbook's person."""
        if self.params.get("p"):
            return participant_session(self.store, self.content, self.params["p"])
        if served() and not workbook_served():
            return None
        return workbook_session(self.store, self.content)

    def facilitated_workshop(self) -> Workshop | None:
        """The workshop whose facilitator link this is; outside a served page, the workbook's."""
        if self.params.get("f"):
            return self.store.workshop_for_facilitator(self.params["f"])
        if served():
            return None
        return workbook_session(self.store, self.content).workshop


    def presented_workshop(self) -> Workshop | None:
        """The workshop whose presenter view this link opens: only with a presenter key, served or not
        (a facilitator key is no presenter key: the projector never needs the facilitator's link)."""
        token = self.params.get("v")
        if not token or len(token) > 200:
            return None
        return self.store.workshop_for_presenter(token)


def workbook_session(store: Store, content: CourseContent) -> Session:
    """The single local person of a workbook store, created on first use, in a group of their
    own: the group parts of the activities are theirs to do alone.

    Only the workbook's own side calls this (`coprod workbook`, a notebook opened outside a
    served page): the workbook is found by its stored kind, never by its name, so that a served
    workshop someone named "Workbook" is never taken for one."""
    workshop = (store.workbook() or _earlier_workbook(store)
                or store.create_workshop(WORKBOOK_NAME, kind=WORKBOOK)[0])
    people = store.participants(workshop)
    person = people[0] if people else store.join(workshop, WORKBOOK_PERSON)[0]
    if person.group_id is None:
        groups = store.groups(workshop)
        group = groups[0] if groups else store.create_group(workshop, WORKBOOK_GROUP)
        person = store.assign_group(person, group.id)
    return Session(store, content, workshop, person)


def _earlier_workbook(store: Store) -> Workshop | None:
    """A workbook made before workshops had a stored kind, when it was known by its name alone,
    so that its answers open again: marked as a workbook from now on. Only a workshop older than
    the kinds, named so, with a workbook's shape (at most one person ever, and no group but the
    one of their own) qualifies; served pages never get here."""
    for workshop in store.all_workshops(archived=True):  # newest first, as the name was looked up
        if (workshop.name == WORKBOOK_NAME and workshop.kind != WORKBOOK and store.made_before_kinds(workshop)
                and len(store.everyone(workshop)) <= 1
                and {g.name for g in store.groups(workshop)} <= {WORKBOOK_GROUP}
                and len(store.groups(workshop)) <= 1):
            return store.make_workbook(workshop)
    return None


def is_workbook(workshop: Workshop) -> bool:
    """Whether the workshop is one person's workbook, as stored when it was made (its name,
    which the facilitator can change, says nothing)."""
    return workshop.kind == WORKBOOK


def participant_session(store: Store, content: CourseContent, token: str) -> Session | None:
    participant = store.participant_by_token(token)
    if participant is None:
        return None
    return Session(store, content, store.workshop(participant.workshop_id), participant)
