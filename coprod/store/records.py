"""What the store hands out: plain frozen records, read from rows of either database."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def now() -> datetime:
    return datetime.now(UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class NotAllowed(ValueError):
    """A write from someone the store no longer lets write there: removed from the workshop, or
    writing for a group they have since left (a page opened before the change)."""


# What a workshop is, as stored when it is made (never inferred from its name, which anyone
# running it can change): a room that people join, or one person's own workbook.
WORKSHOP = "workshop"
WORKBOOK = "workbook"
KINDS = (WORKSHOP, WORKBOOK)


@dataclass(frozen=True)
class Workshop:
    id: int
    name: str
    code: str
    open: bool  # new participants may join
    archived: bool = False
    created_at: datetime | None = None
    kind: str = WORKSHOP


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


def utc(moment: datetime | str | None) -> datetime | None:
    # SQLite hands back text, written in UTC without saying so; PostgreSQL aware times in the
    # session's time zone.
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def workshop(row) -> Workshop | None:
    if row is None:
        return None
    return Workshop(row.id, row.name, row.code, bool(row.open), row.archived_at is not None, utc(row.created_at),
                    WORKBOOK if row.kind == WORKBOOK else WORKSHOP)


def participant(row) -> Participant | None:
    return None if row is None else Participant(row.id, row.workshop_id, row.group_id, row.display_name)


def answer(row) -> Answer:
    return Answer(
        id=row.id, scope=row.scope, owner_id=row.owner_id, author_id=row.author_id,
        author_name=row.display_name, activity=row.activity, task=row.task, item=row.item,
        value=json.loads(row.value), created_at=utc(row.created_at),
    )
