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

HIDDEN_PREFIX = "hidden:"
REVEALED_PREFIX = "revealed:"


def post_key(answer: Answer) -> str:
    return f"{answer.scope}:{answer.owner_id}:{answer.activity}:{answer.task}:{answer.item}"


def hidden_posts(settings: Mapping[str, Any]) -> frozenset[str]:
    """The keys of the posts hidden now, from the workshop's settings."""
    return frozenset(key[len(HIDDEN_PREFIX):] for key, value in settings.items()
                     if key.startswith(HIDDEN_PREFIX) and value is True)


def visible(answers: Iterable[Answer], hidden: frozenset[str]) -> list[Answer]:
    return [answer for answer in answers if post_key(answer) not in hidden]


def set_hidden(store: Store, workshop: Workshop, answer: Answer, hidden: bool) -> None:
    if answer.activity == "app":
        raise ValueError("only answers can be hidden")
    store.set_setting(workshop, HIDDEN_PREFIX + post_key(answer), bool(hidden))


def revealed(settings: Mapping[str, Any], activity_id: str) -> bool:
    """Whether the facilitator has shown the room's results of this activity to participants."""
    return settings.get(REVEALED_PREFIX + activity_id) is True


def set_revealed(store: Store, workshop: Workshop, activity_id: str, shown: bool) -> None:
    store.set_setting(workshop, REVEALED_PREFIX + activity_id, bool(shown))
