"""Every free-text post of an activity, for the facilitator to hide or show one by one."""

from __future__ import annotations

from dataclasses import dataclass

from coprod.collate._common import Room, entry_values, text_of
from coprod.content import Activity, ContactTask, CourseContent
from coprod.moderation import hidden_posts, post_key
from coprod.store import Answer, Store, Workshop
from coprod.tasks.questions.answer import Note

PREVIEW = 80


@dataclass(frozen=True)
class Post:
    answer: Answer
    key: str  # coprod.moderation.post_key(answer): what hiding it records
    author: str
    group: str | None  # the group it belongs to; None for the whole room's, or someone without a group
    preview: str  # the start of its text, on one line
    hidden: bool  # hidden by the facilitator now
    private: bool = False  # seen only by its writer and the facilitator (never shown to the room)


def shared(task, answer: Answer) -> bool:
    """Whether an answer may reach the room: a group's or the room's work, a note posted to the
    board, a text the activity puts on its wall; any other answer of one person's own is private."""
    if answer.scope != "participant":
        return True
    if getattr(task, "post_to_board", False):
        note = Note.from_stored(answer.value)  # as the board reads it
        return note is not None and note.posted
    return bool(getattr(task, "wall", False))


def post_text(answer: Answer) -> str:
    """The free text of an answer (a text, a note, or a list entry's texts), else ""."""
    text = text_of(answer)
    if text:
        return text
    values = entry_values(answer)
    return " – ".join(v.strip() for v in values.values() if v.strip()) if values else ""


def preview(text: str, limit: int = PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def posts(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str) -> list[Post]:
    """Every current free-text post in the activity, task by task, oldest first."""
    if isinstance(activity, str):
        activity = content.activity(activity)
    settings = store.settings(workshop.id)
    hidden = hidden_posts(settings)
    room = Room.read(store, content, workshop)  # unfiltered: hidden posts are listed too
    names = {g.id: g.name for g in room.groups}
    found = []
    for part in activity.parts:
        for task in part.tasks:
            if isinstance(task, ContactTask):
                continue
            for answer in room.answers(activity.id, task.id):
                text = post_text(answer)
                if not text:
                    continue
                group = room.group_of(answer)
                key = post_key(answer)
                found.append(Post(answer, key, answer.author_name or "Someone", names.get(group), preview(text),
                                  key in hidden, not shared(task, answer)))
    return found
