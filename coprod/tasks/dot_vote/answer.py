"""What a `dot_vote` task stores: one answer, item ``dots``, whose value is ``{"dots": {option id:
count}}``, the person's (or the group's) whole vote; options without a dot are left out. Each
change is a new row, so the current row is the vote as it stands.

A crafted client can send anything, so a value is checked twice: its shape by ``Dots`` (counts
are whole numbers, not negative), and against the task by ``counts`` (only the task's options,
no more dots than the task gives, one per option when it says so). A value that fails either
counts for nothing, on the page and on the board.

No widgets here: the read side imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import Field, StrictInt

from coprod.content_base import Id
from coprod.store import Answer
from coprod.tasks.answers import Answers, Shape, Value
from coprod.tasks.dot_vote.model import DotVoteTask

ITEM = "dots"


class Dots(Value):
    """A whole vote: how many dots are on each option."""

    dots: dict[Id, Annotated[StrictInt, Field(ge=0)]]


ANSWERS = Answers((Shape(ITEM, Dots, scopes=("participant", "group"),
                         what="a person's (or a group's) dots: option id -> how many"),))


def counts(task: DotVoteTask, value: object) -> dict[str, int] | None:
    """The dots on each option with any, in the task's order, if ``value`` is a vote this task
    allows; None for anything else."""
    read = value if isinstance(value, Dots) else Dots.from_stored(value)
    if read is None:
        return None
    dots = read.dots
    known = {option.id for option in task.options}
    if not set(dots) <= known or sum(dots.values()) > task.dots:
        return None
    if task.one_per_option and any(n > 1 for n in dots.values()):
        return None
    return {option.id: dots[option.id] for option in task.options if dots.get(option.id)}


def votes(task: DotVoteTask, answers: Iterable[Answer]) -> list[tuple[Answer, dict[str, int]]]:
    """Each current vote among ``answers`` that this task allows, with its counts."""
    found = []
    for answer, value in ANSWERS.read_all(a for a in answers if a.scope == task.scope):
        checked = counts(task, value)
        if checked is not None:
            found.append((answer, checked))
    return found


def totals(task: DotVoteTask, answers: Iterable[Answer]) -> dict[str, int]:
    """Every option's dots, summed over the votes among ``answers`` (0 for an option without)."""
    summed = {option.id: 0 for option in task.options}
    for _, own in votes(task, answers):
        for option, n in own.items():
            summed[option] += n
    return summed
