"""The store: workshops, groups, participants and append-only answers.

SQLAlchemy Core on SQLite (WAL) by default, PostgreSQL (psycopg) by URL. Secrets
(participant and facilitator tokens) are random and only their SHA-256 is stored: a
copied database file does not hand out anyone's link. A token has 192 random bits, so a
fast hash is enough; slow password hashes exist for guessable secrets.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from coprod.store import notify, schema
from coprod.store.engine import database_url, make_engine
from coprod.store.schema import answers, contacts, facilitator_keys, groups, participants, settings, workshops

__all__ = ["Answer", "Contact", "NotAllowed", "Participant", "Store", "Workshop", "database_url"]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6


def _now() -> datetime:
    return datetime.now(UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


class NotAllowed(ValueError):
    """A write from someone the store no longer lets write there: removed from the workshop, or
    writing for a group they have since left (a page opened before the change)."""


@dataclass(frozen=True)
class Workshop:
    id: int
    name: str
    code: str
    open: bool  # new participants may join
    archived: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    group_id: int | None
    display_name: str


@dataclass(frozen=True)
class Group:
    id: int
    workshop_id: int
    name: str


@dataclass(frozen=True)
class Contact:
    """One row of the follow-up contacts log: an email given with consent, or None (withdrawn)."""

    participant_id: int
    email: str | None
    consented_at: datetime | None


@dataclass(frozen=True)
class Answer:
    id: int
    scope: str
    owner_id: int
    author_id: int | None
    author_name: str | None
    activity: str
    task: str
    item: str
    value: Any
    created_at: datetime


class Store:
    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url)

    def _read(self):
        """A connection for reading: it never takes SQLite's write lock."""
        return self.engine.connect().execution_options(coprod_read=True)

    @classmethod
    def memory(cls) -> Store:
        store = cls("sqlite://")
        store.migrate()
        return store

    def migrate(self) -> list[str]:
        with self.engine.begin() as conn:
            return schema.migrate(conn)

    def dispose(self) -> None:
        self.engine.dispose()

    # --- workshops -----------------------------------------------------------------

    def create_workshop(self, name: str) -> tuple[Workshop, str]:
        """Create a workshop with a fresh join code; return it and a facilitator token."""
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self.engine.begin() as conn:
                    workshop_id = conn.execute(
                        insert(workshops).values(name=name, code=code, open=True, created_at=_now())
                    ).inserted_primary_key[0]
            except IntegrityError:
                continue  # the code was taken: draw another
            workshop = self.workshop(workshop_id)
            return workshop, self.add_facilitator_key(workshop)
        raise RuntimeError("could not find a free join code")

    def add_facilitator_key(self, workshop: Workshop) -> str:
        token = new_token()
        with self.engine.begin() as conn:
            conn.execute(
                insert(facilitator_keys).values(
                    workshop_id=workshop.id, token_hash=hash_token(token), created_at=_now()
                )
            )
        return token

    def end_other_facilitator_keys(self, workshop: Workshop, keep_token: str) -> int:
        """Make every facilitator link of the workshop stop working but this one; return how many."""
        with self.engine.begin() as conn:
            return conn.execute(delete(facilitator_keys).where(
                facilitator_keys.c.workshop_id == workshop.id,
                facilitator_keys.c.token_hash != hash_token(keep_token))).rowcount

    def find_workshop(self, name_or_code: str) -> Workshop | None:
        """The workshop with this join code, else the newest one with this name."""
        found = self.workshop_by_code(name_or_code)
        if found is None:
            with self._read() as conn:
                found = _workshop(conn.execute(
                    select(workshops).where(workshops.c.name == name_or_code).order_by(workshops.c.id.desc())
                ).first())
        return found

    def workshop_by_code(self, code: str) -> Workshop | None:
        with self._read() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == normalise_code(code))).first()
        return _workshop(row)

    def workshop(self, workshop_id: int) -> Workshop | None:
        with self._read() as conn:
            return _workshop(conn.execute(select(workshops).where(workshops.c.id == workshop_id)).first())

    def workshop_for_facilitator(self, token: str) -> Workshop | None:
        query = (
            select(workshops)
            .join(facilitator_keys, facilitator_keys.c.workshop_id == workshops.c.id)
            .where(facilitator_keys.c.token_hash == hash_token(token))
        )
        with self._read() as conn:
            return _workshop(conn.execute(query).first())

    def set_open(self, workshop: Workshop, is_open: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(workshops).where(workshops.c.id == workshop.id).values(open=is_open))
            self._log(conn, workshop.id, "workshop", {"open": is_open})

    def close_idle(self, *, idle_for: timedelta, keep: Workshop | None = None) -> list[Workshop]:
        """Close joining for open workshops nothing has happened in for ``idle_for`` (no answer,
        no setting, not created since), so that old join codes stop letting people in."""
        since = _now() - idle_for
        closed = []
        for workshop in self.all_workshops():
            if not workshop.open or (keep is not None and workshop.id == keep.id):
                continue
            with self._read() as conn:
                latest = [conn.execute(select(func.max(table.c.created_at)).where(table.c.workshop_id == workshop.id))
                          .scalar() for table in (answers, settings)]
            moments = [_utc(m) for m in (workshop.created_at, *latest) if m is not None]
            if max(moments) < since:
                self.set_open(workshop, False)
                closed.append(workshop)
        return closed

    def all_workshops(self, *, archived: bool = False) -> list[Workshop]:
        """Every workshop in this database, newest first; archived ones only if asked."""
        query = select(workshops).order_by(workshops.c.id.desc())
        if not archived:
            query = query.where(workshops.c.archived_at.is_(None))
        with self._read() as conn:
            return [_workshop(row) for row in conn.execute(query)]

    def rename_workshop(self, workshop: Workshop, name: str) -> Workshop:
        with self.engine.begin() as conn:
            conn.execute(update(workshops).where(workshops.c.id == workshop.id).values(name=name))
            self._log(conn, workshop.id, "workshop", {"name": name})
        return self.workshop(workshop.id)

    def set_archived(self, workshop: Workshop, archived: bool) -> Workshop:
        """Archive a workshop (closed to joining, listed only on request) or bring it back, open."""
        with self.engine.begin() as conn:
            conn.execute(update(workshops).where(workshops.c.id == workshop.id).values(
                archived_at=_now() if archived else None, open=not archived))
            self._log(conn, workshop.id, "workshop", {"archived": archived})
        return self.workshop(workshop.id)

    # --- groups and participants ------------------------------------------------------

    def create_group(self, workshop: Workshop, name: str) -> Group:
        with self.engine.begin() as conn:
            group_id = conn.execute(
                insert(groups).values(workshop_id=workshop.id, name=name, created_at=_now())
            ).inserted_primary_key[0]
        return Group(group_id, workshop.id, name)

    def groups(self, workshop: Workshop) -> list[Group]:
        with self._read() as conn:
            rows = conn.execute(select(groups).where(groups.c.workshop_id == workshop.id).order_by(groups.c.id))
            return [Group(r.id, r.workshop_id, r.name) for r in rows]

    def join(self, workshop: Workshop, display_name: str) -> tuple[Participant, str]:
        """Add a participant; return them and their personal token (shown once, stored hashed)."""
        token = new_token()
        with self.engine.begin() as conn:
            participant_id = conn.execute(
                insert(participants).values(
                    workshop_id=workshop.id,
                    display_name=display_name,
                    token_hash=hash_token(token),
                    created_at=_now(),
                )
            ).inserted_primary_key[0]
        return Participant(participant_id, workshop.id, None, display_name), token

    def participant_by_token(self, token: str) -> Participant | None:
        """The participant of a personal link; None once the facilitator has removed them."""
        with self._read() as conn:
            row = conn.execute(select(participants).where(
                participants.c.token_hash == hash_token(token), participants.c.removed_at.is_(None))).first()
        return _participant(row)

    def participants(self, workshop: Workshop) -> list[Participant]:
        """The people in the workshop now (not those removed), in the order they joined."""
        with self._read() as conn:
            rows = conn.execute(
                select(participants).where(participants.c.workshop_id == workshop.id,
                                           participants.c.removed_at.is_(None)).order_by(participants.c.id)
            )
            return [_participant(r) for r in rows]

    def participant(self, participant_id: int) -> Participant | None:
        """A participant still in their workshop, else None."""
        with self._read() as conn:
            return _participant(conn.execute(select(participants).where(
                participants.c.id == participant_id, participants.c.removed_at.is_(None))).first())

    def everyone(self, workshop: Workshop) -> list[Participant]:
        """Everyone who ever joined the workshop, removed people included (for exports: their
        answers stay), in the order they joined."""
        with self._read() as conn:
            rows = conn.execute(select(participants).where(participants.c.workshop_id == workshop.id)
                                .order_by(participants.c.id))
            return [_participant(r) for r in rows]

    def rename_participant(self, participant: Participant, display_name: str) -> Participant:
        with self.engine.begin() as conn:
            conn.execute(update(participants).where(participants.c.id == participant.id)
                         .values(display_name=display_name))
            self._log(conn, participant.workshop_id, f"person:{participant.id}", {"name": display_name})
        return Participant(participant.id, participant.workshop_id, participant.group_id, display_name)

    def remove_participant(self, participant: Participant) -> None:
        """Take someone out of the workshop: their link stops working; what they wrote stays,
        since group work is shared (deleting a person's data is a separate, explicit request)."""
        with self.engine.begin() as conn:
            conn.execute(update(participants).where(participants.c.id == participant.id)
                         .values(removed_at=_now(), group_id=None))
            self._log(conn, participant.workshop_id, f"person:{participant.id}", {"removed": True})

    def assign_group(self, participant: Participant, group_id: int | None) -> Participant:
        """Move a participant; the move is also logged, so that open pages notice it."""
        with self.engine.begin() as conn:
            if group_id is not None:
                owner = conn.execute(select(groups.c.workshop_id).where(groups.c.id == group_id)).scalar()
                if owner != participant.workshop_id:
                    raise ValueError("that group belongs to another workshop")
            conn.execute(update(participants).where(participants.c.id == participant.id).values(group_id=group_id))
            self._log(conn, participant.workshop_id, f"member:{participant.id}", group_id)
        return Participant(participant.id, participant.workshop_id, group_id, participant.display_name)

    # --- forgetting, on request -------------------------------------------------------------

    def forget_participant(self, participant: Participant) -> int:
        """Delete a person and everything they wrote or that was written to them (a data-erasure
        request): their answers, every version, in every scope; their follow-up address; the
        log of their names. Group texts fall back to the newest version someone else wrote.
        Returns how many answers were deleted."""
        mine = and_(answers.c.workshop_id == participant.workshop_id,
                    or_(answers.c.author_id == participant.id,
                        and_(answers.c.scope == "participant", answers.c.owner_id == participant.id)))
        with self.engine.begin() as conn:
            deleted = conn.execute(delete(answers).where(mine)).rowcount
            conn.execute(delete(contacts).where(contacts.c.participant_id == participant.id))
            conn.execute(delete(settings).where(settings.c.workshop_id == participant.workshop_id,
                                                settings.c.key.in_([f"person:{participant.id}",
                                                                    f"member:{participant.id}"])))
            conn.execute(delete(participants).where(participants.c.id == participant.id))
            # Open pages learn that the room changed (the row names nobody).
            self._log(conn, participant.workshop_id, "forgotten", {"at": _now().isoformat()})
        return deleted

    def forget_workshop(self, workshop: Workshop) -> None:
        """Delete a workshop and everything in it: answers, people, groups, settings, contacts, keys."""
        with self.engine.begin() as conn:
            for table in (answers, contacts, settings, participants, groups, facilitator_keys):
                conn.execute(delete(table).where(table.c.workshop_id == workshop.id))
            conn.execute(delete(workshops).where(workshops.c.id == workshop.id))

    # --- the facilitator's settings -------------------------------------------------------

    def set_setting(self, workshop: Workshop, key: str, value: Any) -> int:
        with self.engine.begin() as conn:
            return self._log(conn, workshop.id, key, value)

    @staticmethod
    def _log(conn, workshop_id: int, key: str, value: Any) -> int:
        """A setting row: also how open pages learn that the room changed (see version())."""
        notify.before_write(conn, workshop_id)
        return conn.execute(insert(settings).values(
            workshop_id=workshop_id, key=key, value=json.dumps(value), created_at=_now())).inserted_primary_key[0]

    def settings(self, workshop_id: int) -> dict[str, Any]:
        """Every setting in force: the newest value of each key."""
        latest = (select(func.max(settings.c.id)).where(settings.c.workshop_id == workshop_id)
                  .group_by(settings.c.key).scalar_subquery())
        with self._read() as conn:
            rows = conn.execute(select(settings.c.key, settings.c.value).where(settings.c.id.in_(latest)))
            return {row.key: json.loads(row.value) for row in rows}

    def setting_log(self, workshop_id: int, prefix: str) -> list[tuple[str, Any]]:
        """Every value ever set for the keys starting with ``prefix``, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(settings.c.key, settings.c.value).where(
                settings.c.workshop_id == workshop_id, settings.c.key.startswith(prefix, autoescape=True))
                .order_by(settings.c.id))
            return [(row.key, json.loads(row.value)) for row in rows]

    def version(self, workshop_id: int) -> tuple[int, int]:
        """Changes whenever anything a page shows may have changed: cheap to poll."""
        with self._read() as conn:
            # Where each person is (their place in the app) changes nobody else's page.
            answer = conn.execute(select(func.coalesce(func.max(answers.c.id), 0))
                                  .where(answers.c.workshop_id == workshop_id,
                                         ~and_(answers.c.activity == "app", answers.c.task == "position"))
                                  ).scalar_one()
            setting = conn.execute(select(func.coalesce(func.max(settings.c.id), 0))
                                   .where(settings.c.workshop_id == workshop_id)).scalar_one()
        return answer, setting

    # --- follow-up contacts (Activity 12) ----------------------------------------------------

    def set_contact(self, participant: Participant, email: str | None) -> None:
        """Record consent to a follow-up email (None withdraws it). Never part of any answer."""
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(insert(contacts).values(
                workshop_id=participant.workshop_id, participant_id=participant.id, email=email,
                consented_at=now if email else None, created_at=now))

    def contacts(self, workshop: Workshop) -> list[Contact]:
        """Every row of the workshop's contacts log, oldest first: the newest per person is in force."""
        with self._read() as conn:
            rows = conn.execute(select(contacts).where(contacts.c.workshop_id == workshop.id).order_by(contacts.c.id))
            return [Contact(row.participant_id, row.email, _utc(row.consented_at)) for row in rows]

    def contact(self, participant: Participant) -> str | None:
        with self._read() as conn:
            return conn.execute(select(contacts.c.email).where(contacts.c.participant_id == participant.id)
                                .order_by(contacts.c.id.desc())).scalar()

    # --- answers --------------------------------------------------------------------

    def save(self, participant: Participant, activity: str, task: str, item: str, value: Any,
             *, scope: str = "participant") -> int:
        """Append an answer; return its id. Nothing is overwritten: the newest row is current."""
        owner_id = self._owner(participant, scope)
        with self.engine.begin() as conn:
            self._may_write(conn, participant, scope, owner_id)
            return self._insert(conn, participant, scope, owner_id, activity, task, item, value)

    def save_for(self, author: Participant, owner: Participant, activity: str, task: str, item: str,
                 value: Any) -> int:
        """Append an answer to another participant's own answers (a partner adding to them)."""
        if author.workshop_id != owner.workshop_id:
            raise ValueError("those two people are in different workshops")
        with self.engine.begin() as conn:
            self._may_write(conn, author, "participant", author.id)
            self._may_write(conn, owner, "participant", owner.id)
            return self._insert(conn, author, "participant", owner.id, activity, task, item, value)

    @staticmethod
    def _owner(participant: Participant, scope: str) -> int:
        if scope == "participant":
            return participant.id
        if scope == "group":
            if participant.group_id is None:
                raise ValueError("this participant has no group yet")
            return participant.group_id
        if scope == "workshop":  # the whole room's (the problems on the whiteboard)
            return participant.workshop_id
        raise ValueError(f"unknown scope {scope!r}")

    @staticmethod
    def _may_write(conn, author: Participant, scope: str, owner_id: int) -> None:
        """Checked in the write's own transaction: the page's copy of the person may be stale.
        The workshop's write lock is taken first, so a removal cannot commit in between."""
        notify.before_write(conn, author.workshop_id, announce=False)
        row = conn.execute(select(participants.c.group_id, participants.c.removed_at)
                           .where(participants.c.id == author.id)).first()
        if row is None or row.removed_at is not None:
            raise NotAllowed("this person is no longer in the workshop")
        if scope == "group" and row.group_id != owner_id:
            raise NotAllowed("this person is no longer in that group")

    @staticmethod
    def _insert(conn, author: Participant, scope: str, owner_id: int, activity: str, task: str, item: str,
                value: Any) -> int:
        # Where someone is in the app changes nobody else's page (see version()): no need to wake them.
        notify.before_write(conn, author.workshop_id, announce=(activity, task) != ("app", "position"))
        return conn.execute(insert(answers).values(
            workshop_id=author.workshop_id, author_id=author.id, scope=scope, owner_id=owner_id,
            activity=activity, task=task, item=item, value=json.dumps(value, ensure_ascii=False),
            created_at=_now(),
        )).inserted_primary_key[0]

    def save_unless_changed(self, participant: Participant, activity: str, task: str, item: str, value: Any,
                            *, base_id: int | None, scope: str = "group") -> tuple[int, Answer | None]:
        """Append an answer that was written starting from version ``base_id``.

        It is always stored (every version is kept); if someone else saved the same key
        since ``base_id``, their newest answer is returned too, so the writer can be told.
        """
        owner_id = self._owner(participant, scope)
        key = and_(answers.c.workshop_id == participant.workshop_id, answers.c.scope == scope,
                   answers.c.owner_id == owner_id, answers.c.activity == activity, answers.c.task == task,
                   answers.c.item == item)
        with self.engine.begin() as conn:  # one write transaction: nobody saves in between
            notify.before_write(conn, participant.workshop_id)  # on PostgreSQL, the lock that says so
            self._may_write(conn, participant, scope, owner_id)
            latest = conn.execute(
                select(answers, participants.c.display_name)
                .outerjoin(participants, participants.c.id == answers.c.author_id)
                .where(key).order_by(answers.c.id.desc()).limit(1)).first()
            new_id = self._insert(conn, participant, scope, owner_id, activity, task, item, value)
        if latest is not None and latest.id != base_id and latest.author_id != participant.id:
            return new_id, _answer(latest)
        return new_id, None

    def current(self, workshop_id: int, activity: str, task: str, *, scope: str | None = None,
                owner_id: int | None = None) -> list[Answer]:
        """The newest answer for each key, oldest key first (the order items were created)."""
        conds = [answers.c.workshop_id == workshop_id, answers.c.activity == activity, answers.c.task == task]
        if scope is not None:
            conds.append(answers.c.scope == scope)
        if owner_id is not None:
            conds.append(answers.c.owner_id == owner_id)
        latest = (
            select(func.max(answers.c.id).label("id"), func.min(answers.c.id).label("first"))
            .where(and_(*conds))
            .group_by(answers.c.scope, answers.c.owner_id, answers.c.item)
            .subquery()
        )
        query = (
            select(answers, participants.c.display_name)
            .join(latest, latest.c.id == answers.c.id)
            .outerjoin(participants, participants.c.id == answers.c.author_id)
            .order_by(latest.c.first)
        )
        with self._read() as conn:
            return [_answer(r) for r in conn.execute(query)]

    def history(self, workshop_id: int, activity: str | None = None) -> list[Answer]:
        """Every saved row, oldest first."""
        query = (
            select(answers, participants.c.display_name)
            .outerjoin(participants, participants.c.id == answers.c.author_id)
            .where(answers.c.workshop_id == workshop_id)
            .order_by(answers.c.id)
        )
        if activity is not None:
            query = query.where(answers.c.activity == activity)
        with self._read() as conn:
            return [_answer(r) for r in conn.execute(query)]

    def activities_answered(self, participant: Participant) -> set[str]:
        """The activities in which this person has saved anything (for "done" marks)."""
        with self._read() as conn:
            rows = conn.execute(select(answers.c.activity).where(answers.c.author_id == participant.id).distinct())
            return {row.activity for row in rows} - {"app"}

    def last_answer_id(self, workshop_id: int) -> int:
        """The newest answer id: a cheap way for a board to tell that something changed."""
        with self._read() as conn:
            return conn.execute(
                select(func.coalesce(func.max(answers.c.id), 0)).where(answers.c.workshop_id == workshop_id)
            ).scalar_one()


def _workshop(row) -> Workshop | None:
    if row is None:
        return None
    return Workshop(row.id, row.name, row.code, bool(row.open), row.archived_at is not None, _utc(row.created_at))


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive times, written in UTC; PostgreSQL aware ones in the session's time zone.
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _participant(row) -> Participant | None:
    return None if row is None else Participant(row.id, row.workshop_id, row.group_id, row.display_name)


def _answer(row) -> Answer:
    return Answer(
        id=row.id, scope=row.scope, owner_id=row.owner_id, author_id=row.author_id,
        author_name=row.display_name, activity=row.activity, task=row.task, item=row.item,
        value=json.loads(row.value), created_at=_utc(row.created_at),
    )
