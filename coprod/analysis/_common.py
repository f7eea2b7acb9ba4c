"""What the analysis frames share: who is who (by name, or anonymised), and finding tasks."""

from __future__ import annotations

from coprod.collate._common import NO_GROUP_NAME
from coprod.content import Activity, CourseContent
from coprod.exports.anonymise import Anonymiser
from coprod.exports.people import People, every_email
from coprod.store import Participant, Store, Workshop
from coprod.tasks.answers import ChoiceValue

EVERYONE = "Everyone"  # the group label of the whole room's rows


class Names:
    """People's and groups' labels in a workshop: their names as chosen, made unique ("Sam",
    "Sam (2)"), or with ``anonymised`` the pseudonyms of the anonymised exports ("P01", ...)."""

    def __init__(self, store: Store, workshop: Workshop, *, anonymised: bool = False):
        self.people = People(store, workshop)
        self.anon = Anonymiser(self.people, every_email(store, workshop)) if anonymised else None
        self.present: list[Participant] = store.participants(workshop)  # in joining order; not those removed
        self._labels: dict[int, str] = {}
        seen: dict[str, int] = {}
        for person in self.present:
            label = self.people.pseudonym(person.id) if self.anon else person.display_name
            seen[label] = seen.get(label, 0) + 1
            self._labels[person.id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
        self.groups = [(g.id, self._group_text(g.name)) for g in store.groups(workshop)]

    def _group_text(self, name: str) -> str:
        return self.anon.text(name) if self.anon else name

    def person(self, participant_id: int) -> str:
        return self._labels.get(participant_id) or self.people.pseudonym(participant_id) or "Someone"

    def group(self, group_id: int | None) -> str:
        return dict(self.groups).get(group_id, NO_GROUP_NAME)

    def group_of(self, participant_id: int) -> int | None:
        return next((p.group_id for p in self.present if p.id == participant_id), None)

    def sections(self) -> list[tuple[int | None, str]]:
        """Every group in the order made, then the people without one."""
        return [*self.groups, (None, NO_GROUP_NAME)]


def find_task(content: CourseContent, activity: Activity | str | None, kind: type):
    """The activity (by default the first with a task of this kind) and its first such task."""
    if isinstance(activity, str):
        activity = content.activity(activity)
    candidates = [activity] if activity is not None else content.activities
    for candidate in candidates:
        for part in candidate.parts:
            for task in part.tasks:
                if isinstance(task, kind):
                    return candidate, task
    where = f"activity {activity.id!r}" if activity is not None else "the course"
    raise ValueError(f"{where} has no {kind.__name__}")


def valid_choice(value, options: int) -> int | None:
    """The index chosen in a stored {"choice": i} value, if it is a valid one."""
    read = ChoiceValue.from_stored(value)
    return read.index(options) if read is not None else None
