"""Scales: the choices decoded from a person's answers, and a move between two of them in words.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

from coprod.content import Part, ScaleTask
from coprod.store import Answer
from coprod.tasks.scale.answer import ScaleChoice

NOT_YET = "Not answered yet"


def choices(task: ScaleTask, answers: list[Answer]) -> dict[str, int]:
    """Statement id -> the index of the option chosen, from one person's current answers."""
    chosen = {}
    for answer in answers:
        value = ScaleChoice.from_stored(answer.value)
        if value is not None and value.index(len(task.scale)) is not None:
            chosen[answer.item] = value.choice
    return chosen


def move(before: int | None, after: int | None) -> str:
    """The move between two answers on a scale (later options are higher), as words and an arrow."""
    if before is None or after is None:
        return NOT_YET
    steps = after - before
    if steps == 0:
        return "= no change"
    word = "step" if abs(steps) == 1 else "steps"
    return f"↑ up {steps} {word}" if steps > 0 else f"↓ down {-steps} {word}"


def moment(part: Part, task: ScaleTask, fallback: str) -> str:
    """What a column of answers is called: the task's title ("At the start"), else its part's."""
    return task.title or part.title or fallback
