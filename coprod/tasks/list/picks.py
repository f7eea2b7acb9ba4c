"""Activity 9's warning signs: the items of a group's picks, and its picks drawn.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

from html import escape

from coprod.content import ListTask

ADDED = "added"  # the prefix of problems that participants add to the room's list


PICKED = "picked"


def picked_html(task: ListTask, texts: dict[str, str], picked: list[str], said_by_item: dict[str, str]) -> str:
    """One group's picks with their warning signs and solutions (its texts by item); empty if it
    has picked nothing."""
    items = []
    for problem_id in picked:
        pairs = []
        for q in task.follow_up:
            said = said_by_item.get(f"{problem_id}/{q.id}", "")
            pairs.append(f"<dt>{escape(q.text)}</dt><dd dir='auto'>{escape(said) or '<em>Not yet</em>'}</dd>")
        items.append(f"<li><strong dir='auto'>{escape(texts.get(problem_id, ''))}</strong><dl>{''.join(pairs)}</dl>"
                     "</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""
