"""What every collated view shares: one read of the room, answers sorted by group, and the
small pieces of HTML they are written with.

A view reads the groups and the participants once, then the current answers of each task
it shows (one indexed query per task, memoised), so that a board can be redrawn every
second. Every text a person typed goes through ``escape`` before it becomes HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal

from coprod.content import Activity, CourseContent, Part
from coprod.moderation import post_key, visible
from coprod.stacking import stackable
from coprod.store import Answer, Group, Participant, Store, Workshop
from coprod.tasks.answers import EntryValue, TextValue

# "person": one person's own work, for them (a workbook's printout): everything they wrote, their
# group's work, and nothing of anyone else's (Room.read_person).
Audience = Literal["facilitator", "room", "person"]
NO_GROUP_NAME = "Not in a group"
AUDIENCES = ("facilitator", "room")


@dataclass
class Output:
    """A task's collated HTML: what belongs to the whole room, and what each group made
    (keyed by group id; None for people without a group)."""

    room: str = ""
    groups: dict[int | None, str] = field(default_factory=dict)


@dataclass
class Room:
    """One read of a workshop for one collated view."""

    store: Store
    content: CourseContent
    workshop: Workshop
    hidden: frozenset[str]
    audience: Audience
    groups: list[Group]
    people: dict[int, Participant]
    _answers: dict[tuple[str, str], list[Answer]] = field(default_factory=dict)
    _settings: dict[str, Any] | None = None
    person: Participant | None = None  # audience "person": whose work this is
    # The console folds private answers until the facilitator asks for them, so that a console on
    # the projector does not show what people were told only the facilitator sees.
    fold_private: bool = False
    # False for a report shared with the room and the presenter view: one person's own answers (a
    # posted note, a card on the wall, an entry they added to a list) appear without their writer's name.
    names: bool = True

    @classmethod
    def read(cls, store: Store, content: CourseContent, workshop: Workshop, *, hidden: Iterable[str] = (),
             audience: Audience = "facilitator", fold_private: bool = False, names: bool = True) -> Room:
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
        return cls(store, content, workshop, frozenset(hidden), audience, store.groups(workshop),
                   {p.id: p for p in store.participants(workshop)}, fold_private=fold_private, names=names)

    @classmethod
    def read_person(cls, store: Store, content: CourseContent, workshop: Workshop, person: Participant, *,
                    hidden: Iterable[str] = ()) -> Room:
        """One person's own work: their answers, their group's, and what they added to the room's
        lists; the room is only them and their group, so no view can count or show anyone else's."""
        groups = [g for g in store.groups(workshop) if g.id == person.group_id]
        return cls(store, content, workshop, frozenset(hidden), "person", groups, {person.id: person},
                   person=person)

    @property
    def facilitator(self) -> bool:
        """Whether answers that only their writer and the facilitator see may be shown (to the
        facilitator, or to the writer themself: a person's own printout)."""
        return self.audience in ("facilitator", "person")

    def answers(self, activity_id: str, task_id: str) -> list[Answer]:
        """The task's current answers, every owner, oldest key first; hidden posts left out, and
        the own answers of anyone the facilitator removed (what they wrote for a group stays)."""
        key = (activity_id, task_id)
        if key not in self._answers:
            current = self.store.current(self.workshop.id, activity_id, task_id)
            if self.person is not None:
                # As on their page (Session.visible): what they wrote stays theirs even if hidden.
                current = [a for a in current if self._theirs(a)
                           and (a.author_id == self.person.id or post_key(a) not in self.hidden)]
            else:
                current = visible(current, self.hidden)
            self._answers[key] = [a for a in current if a.scope != "participant" or a.owner_id in self.people]
        return self._answers[key]

    def _theirs(self, answer: Answer) -> bool:
        """An answer of the person's own work: theirs, their group's, or a room list entry they wrote."""
        person = self.person
        if answer.scope == "participant":
            return answer.owner_id == person.id
        if answer.scope == "group":
            return person.group_id is not None and answer.owner_id == person.group_id
        return answer.author_id == person.id

    def settings(self) -> dict[str, Any]:
        if self._settings is None:
            self._settings = self.store.settings(self.workshop.id)
        return self._settings

    def activity_of(self, task_id: str) -> Activity:
        return next(a for a in self.content.activities for p in a.parts for t in p.tasks if t.id == task_id)

    def group_of(self, answer: Answer) -> int | None:
        """The group an answer belongs to: its group's, or its owner's group now."""
        if answer.scope == "group":
            return answer.owner_id
        if answer.scope == "participant":
            person = self.people.get(answer.owner_id)
            return person.group_id if person else None
        return None

    def by_group(self, answers: Iterable[Answer], *, scope: str | None = None) -> dict[int | None, list[Answer]]:
        found: dict[int | None, list[Answer]] = {}
        for answer in answers:
            if scope is None or answer.scope == scope:
                found.setdefault(self.group_of(answer), []).append(answer)
        return found

    def by_owner(self, answers: Iterable[Answer]) -> dict[int, list[Answer]]:
        """A group's participant-scoped answers by their owner, in the order people joined."""
        found: dict[int, list[Answer]] = {}
        for answer in answers:
            if answer.scope == "participant":
                found.setdefault(answer.owner_id, []).append(answer)
        return dict(sorted(found.items()))

    def sections(self) -> list[tuple[int | None, str]]:
        """Every group, in the order they were made, then the people without one."""
        return [(g.id, g.name) for g in self.groups] + [(None, NO_GROUP_NAME)]

    def person_name(self, person_id: int) -> str:
        person = self.people.get(person_id)
        return person.display_name if person else "Someone"


def author(answer: Answer) -> str:
    return answer.author_name or "Someone"


def text_of(answer: Answer) -> str:
    """The text of a text answer ({"text": ...}); empty for anything else or a removed one."""
    value = TextValue.from_stored(answer.value)
    return value.text.strip() if value is not None and not value.removed else ""


def entry_values(answer: Answer) -> dict[str, str] | None:
    """The texts of a shared list's entry ({"values": {...}}), None if removed or not an entry."""
    entry = EntryValue.from_stored(answer.value)
    if entry is None or entry.removed:
        return None
    texts = entry.texts()
    return texts if any(t.strip() for t in texts.values()) else None


def heading(level: int, text: str, css: str = "") -> str:
    level = max(3, min(level, 6))  # the caller's h2 is above; HTML stops at h6
    cls = f" class='{css}'" if css else ""
    return f"<h{level}{cls} dir='auto'>{escape(text)}</h{level}>"


def by(name: str) -> str:
    return f" <span class='coprod-by' dir='auto'>({escape(name)})</span>"


def para(text: str) -> str:
    """A person's text: paragraphs kept, every character escaped, direction as typed."""
    return "".join(f"<p dir='auto'>{escape(line)}</p>" for line in text.split("\n") if line.strip())


def items(rows: Iterable[str], *, empty: str = "", css: str = "") -> str:
    """A list of HTML items (already escaped by their maker)."""
    body = "".join(f"<li dir='auto'>{row}</li>" for row in rows)
    cls = f" class='{css}'" if css else ""
    if not body:
        return f"<p class='coprod-empty'>{escape(empty)}</p>" if empty else ""
    return f"<ul{cls}>{body}</ul>"


def table(caption: str, head: list[str], rows: list[list[str]], *, css: str = "", row_headers: bool = True) -> str:
    """A table; ``head`` and the cells of ``rows`` are HTML already escaped."""
    cls = f"coprod-table {css}".strip()
    thead = "".join(f"<th scope='col'>{h}</th>" for h in head)
    body = []
    for row in rows:
        first, rest = (f"<th scope='row' dir='auto'>{row[0]}</th>", row[1:]) if row_headers else ("", row)
        body.append("<tr>" + first + "".join(f"<td dir='auto'>{cell}</td>" for cell in rest) + "</tr>")
    # On a narrow screen (a participant's phone, the room's results) each row is a card, each cell
    # under its column's name (coprod.stacking): nothing to scroll sideways to. Wider, it is a
    # table in a region of its own that scrolls sideways if it must (a board of the ladder has
    # nine columns); focusable, so that the keyboard can scroll it too.
    made = stackable(f"<table class='{cls}'><caption>{escape(caption)}</caption><thead><tr>{thead}</tr></thead>"
                     f"<tbody>{''.join(body)}</tbody></table>")
    return f"<div class='coprod-table-scroll' role='region' tabindex='0' aria-label='{escape(caption)}'>{made}</div>"


def task_heading(part: Part, task, fallback: str) -> str:
    """What a task's output is called: its title or prompt, else what the part is about."""
    if task.title:
        return task.title.rstrip(":")
    if getattr(task, "prompt", None):
        return task.prompt
    return fallback


def part_topic(part: Part, default: str) -> str:
    """A part's title without its number ("Part Two: Mapping ..." -> "Mapping ...")."""
    if part.title and ":" in part.title:
        return part.title.split(":", 1)[1].strip()
    if part.title and ". " in part.title:
        return part.title.split(". ", 1)[1].strip()
    return default


# A renderer is given the level of the headings it writes for a group's work; what it
# writes for the whole room has headings one level up (level - 1).
Renderer = Callable[[Room, Activity, Part, object, int], Output]


def entries_html(caption: str, fields: list[tuple[str, str]], answers: Iterable[Answer], *, empty: str,
                 show_authors: bool = True) -> str:
    """A shared list's entries: a list for one-text entries, a table for entries of several
    texts (a term and its definition; a stakeholder, why, and what they bring)."""
    rows = [(values, author(a)) for a in answers if (values := entry_values(a)) is not None]
    if not rows:
        return f"<p class='coprod-empty'>{escape(empty)}</p>"
    if len(fields) == 1:
        key = fields[0][0]
        return items(escape(values.get(key, "")) + (by(name) if show_authors else "") for values, name in rows)
    head = [escape(label) for _, label in fields] + (["Added by"] if show_authors else [])
    body = [[escape(values.get(key, "")) for key, _ in fields] + ([escape(name)] if show_authors else [])
            for values, name in rows]
    return table(caption, head, body, css="coprod-collate-entries")


PRIVATE_LABEL = "Private: seen only by the person who wrote it and the facilitator"


def private(room: Room, html: str, what: str) -> str:
    """What only its writer and the facilitator see (the privacy notice's promise): nothing for the
    room, as written for the writer's own printout, and for the facilitator marked as private, or
    folded to one line (``room.fold_private``) saying what is there and how to read it."""
    if not html or room.audience == "room":
        return ""
    if room.audience == "person":
        return html
    if room.fold_private:
        return (f"<p class='coprod-private-folded'><strong>Private:</strong> {escape(what)}, folded. "
                "Tick “Show private answers” to read them (not on the projector).</p>")
    return (f"<div class='coprod-private'><p class='coprod-private-label'>{escape(PRIVATE_LABEL)}</p>"
            f"{html}</div>")
