"""Hiding a post without deleting it, and what the facilitator has shown to the room.

A post is one stored answer key (scope, owner, activity, task, item): hiding it hides
every version of it, including edits made after it was hidden. Each hide or show is its
own setting (``hidden:<key>``), so two facilitators' pages never overwrite each other's
choices, and the log keeps who hid what and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coprod.store import Answer, Store, Workshop
from coprod.store.known_settings import HIDDEN, REVEALED


def post_key(answer: Answer) -> str:
    return f"{answer.scope}:{answer.owner_id}:{answer.activity}:{answer.task}:{answer.item}"


def hidden_posts(settings: Mapping[str, Any]) -> frozenset[str]:
    """The keys of the posts hidden now, from the workshop's settings."""
    return frozenset(key for key, hidden in HIDDEN.every(settings).items() if hidden)


def visible(answers: Iterable[Answer], hidden: frozenset[str]) -> list[Answer]:
    return [answer for answer in answers if post_key(answer) not in hidden]


def set_hidden(store: Store, workshop: Workshop, answer: Answer, hidden: bool) -> None:
    if answer.activity == "app":
        raise ValueError("only answers can be hidden")
    HIDDEN.write(store, workshop, post_key(answer), bool(hidden))


def revealed(settings: Mapping[str, Any], activity_id: str) -> bool:
    """Whether the facilitator has shown the room's results of this activity to participants."""
    return REVEALED.read(settings, activity_id)


def set_revealed(store: Store, workshop: Workshop, activity_id: str, shown: bool) -> None:
    REVEALED.write(store, workshop, activity_id, bool(shown))
