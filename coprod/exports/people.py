"""Who is who in a workshop, as the exports need it.

The store's ``participants()`` lists only the people in a workshop now; an export also
needs those the facilitator removed (``everyone()``), because their answers (and their
group's work) stay. Contacts are read here too: they are kept apart from answers, and only
the follow-up list and the anonymiser (which must know every address to remove it) read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from coprod.store import Contact, Store, Workshop
from coprod.store.known_settings import PERSON


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    group_id: int | None
    pseudonym: str  # "P01": stable within a workshop, in joining order


class People:
    """Everyone who ever joined one workshop, and the workshop's groups."""

    def __init__(self, store: Store, workshop: Workshop):
        rows = store.everyone(workshop)
        width = max(2, len(str(len(rows))))
        self.by_id = {row.id: Person(row.id, row.display_name, row.group_id, f"P{n:0{width}d}")
                      for n, row in enumerate(rows, start=1)}
        self.group_names = {group.id: group.name for group in store.groups(workshop)}
        # Every name each person has gone by: a renamed person's old name may still sit in
        # what others wrote, or in a note's "by" saved before the rename.
        self.names_ever: dict[int, set[str]] = {pid: {p.name} for pid, p in self.by_id.items()}
        for key, value in store.setting_log(workshop.id, PERSON.prefix):
            pid = _person_id(key)
            value = PERSON.parse(value) or {}
            if pid in self.names_ever and isinstance(value.get("name"), str):
                self.names_ever[pid].add(value["name"])

    def name(self, participant_id: int | None) -> str | None:
        person = self.by_id.get(participant_id)
        return person.name if person else None

    def pseudonym(self, participant_id: int | None) -> str | None:
        person = self.by_id.get(participant_id)
        return person.pseudonym if person else None

    def group_name(self, group_id: int | None) -> str | None:
        return self.group_names.get(group_id)

    def group_of(self, participant_id: int | None) -> str | None:
        """The name of the group a person is in at export time."""
        person = self.by_id.get(participant_id)
        return self.group_name(person.group_id) if person else None


def latest_contacts(store: Store, workshop: Workshop) -> dict[int, Contact]:
    """Each person's newest contact row: the choice in force (an email, or None if withdrawn)."""
    return {row.participant_id: row for row in store.contacts(workshop)}


def every_email(store: Store, workshop: Workshop) -> set[str]:
    """Every address anyone in the workshop ever gave, withdrawn ones included."""
    return {row.email for row in store.contacts(workshop) if row.email}


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the millisecond: sorts as text and reads the same everywhere."""
    if moment is None:
        return None
    return _utc(moment).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive times; the store writes every time in UTC.
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _person_id(key: str) -> int | None:
    tail = key.removeprefix(PERSON.prefix)
    return int(tail) if tail.isdigit() else None

