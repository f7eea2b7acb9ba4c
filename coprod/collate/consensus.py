"""Activity 2's board and report: what the room agrees on and is split on, in words, with the
counts beside each statement. When a statement counts as either is coprod.consensus's rule,
which asks more of a small room than a bare majority."""

from __future__ import annotations

from html import escape

from coprod.consensus import agreement
from coprod.content import CardSortTask

LISTS = (("agrees", "The room agrees on"), ("disagrees", "The room disagrees with"), ("split", "The room is split on"))


def room_stance_html(task: CardSortTask, counts: dict[str, list[int]], heading: str) -> str:
    """The statements the room agrees on, disagrees with and is split on (only lists with any)."""
    found = {card.id: agreement(counts[card.id]) for card in task.cards}
    agree_pile, disagree_pile = escape(task.piles[0].lower()), escape(task.piles[-1].lower())
    sections = []
    for verdict, title in LISTS:
        items = [f"<li dir='auto'>{escape(card.text)} <span class='coprod-count'>({found[card.id].agree} "
                 f"{agree_pile}, {found[card.id].disagree} {disagree_pile}, of {found[card.id].sorted_by})</span></li>"
                 for card in task.cards if found[card.id].verdict == verdict]
        if items:
            sections.append(f"<p class='coprod-stance-title'><strong>{title}:</strong></p><ul>{''.join(items)}</ul>")
    body = "".join(sections) or ("<p class='coprod-empty'>Not clear yet on any statement. A small room needs "
                                 "nearly everyone on one side before it counts as agreeing.</p>")
    return f"<section class='coprod-room-stance'>{heading}{body}</section>"
