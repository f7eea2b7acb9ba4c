"""Activity 2's board and report: what the room (and each group) agrees on and is split on, and
where a group stands apart from the rest of the room, in words, with the counts beside each
statement. When a statement counts as any of these is coprod.consensus's rule, which asks more
of a small room than a bare majority."""

from __future__ import annotations

from html import escape

from coprod.consensus import agreement, apart
from coprod.content import CardSortTask

LISTS = (("agrees", "agrees on"), ("disagrees", "disagrees with"), ("split", "is split on"))


def _item(task: CardSortTask, text: str, counts: list[int]) -> str:
    found = agreement(counts)
    return (f"<li dir='auto'>{escape(text)} <span class='coprod-count'>({found.agree} {escape(task.piles[0].lower())}, "
            f"{found.disagree} {escape(task.piles[-1].lower())}, of {found.sorted_by})</span></li>")


def room_stance_html(task: CardSortTask, counts: dict[str, list[int]], heading: str, *, who: str = "The room") -> str:
    """The statements ``who`` agrees on, disagrees with and is split on (only lists with any)."""
    verdicts = {card.id: agreement(counts[card.id]).verdict for card in task.cards}
    sections = []
    for verdict, what in LISTS:
        items = [_item(task, card.text, counts[card.id]) for card in task.cards if verdicts[card.id] == verdict]
        if items:
            sections.append(f"<p class='coprod-stance-title'><strong>{escape(who)} {what}:</strong></p>"
                            f"<ul>{''.join(items)}</ul>")
    body = "".join(sections) or ("<p class='coprod-empty'>Not clear yet on any statement: with few people, "
                                 "nearly everyone must be on one side before it counts as agreeing.</p>")
    return f"<div class='coprod-room-stance'>{heading}{body}</div>"


def group_apart_html(task: CardSortTask, group: dict[str, list[int]], room: dict[str, list[int]], *,
                     who: str = "this group") -> str:
    """The statements on which a group stands apart from the rest of the room (everyone else who
    sorted them), or "" when there are none."""
    items = []
    for card in task.cards:
        rest = [everyone - mine for everyone, mine in zip(room[card.id], group[card.id], strict=True)]
        if not sum(group[card.id]) or not sum(rest):
            continue
        agreeing, disagreeing = apart(group[card.id], rest)
        if agreeing.stands_apart or disagreeing.stands_apart:
            side = agreeing if agreeing.stands_apart else disagreeing
            pile = task.piles[0] if side.side == "agree" else task.piles[-1]
            items.append(f"<li dir='auto'>{escape(card.text)} <span class='coprod-count'>({escape(pile)}: "
                         f"{round(side.group_share * 100)}% of {escape(who)}, {round(side.rest_share * 100)}% of the "
                         "rest of the room)</span></li>")
    if not items:
        return ""
    return (f"<div class='coprod-group-apart'><p class='coprod-stance-title'><strong>Where {escape(who)} "
            f"differ{'s' if who == 'this group' else ''} from the rest of the room:</strong></p>"
            f"<ul>{''.join(items)}</ul></div>")
