"""What the projector shows while the room works on a `card_sort` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from html import escape

from coprod.content import CardSortTask
from coprod.tasks.bullets import bullets


def brief(task: CardSortTask) -> tuple[str, str]:
    lead = f"<p>Sort each statement: {escape(', '.join(task.piles))}.</p>"
    return "The statement cards", lead + bullets((c.text for c in task.cards), "coprod-brief-list coprod-brief-cards")
