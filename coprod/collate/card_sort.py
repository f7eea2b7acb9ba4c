"""Activity 2's cards: how the room and each group sorted every statement, the most
contested first and flagged in words (not by colour alone)."""

from __future__ import annotations

from html import escape

from coprod.activities.card_sort import contested
from coprod.collate._common import Output, Room, heading, table
from coprod.collate.consensus import group_apart_html, room_stance_html
from coprod.content import Activity, CardSortTask, Part
from coprod.store import Answer

FLAGGED = 3  # how many of the most contested statements are flagged


def card_counts(task: CardSortTask, answers: list[Answer]) -> dict[str, list[int]]:
    """For each card, how many people put it in each pile."""
    counts = {card.id: [0] * len(task.piles) for card in task.cards}
    for answer in answers:
        choice = answer.value.get("choice") if isinstance(answer.value, dict) else None
        if answer.scope == "participant" and answer.item in counts and isinstance(choice, int) \
                and not isinstance(choice, bool) and 0 <= choice < len(task.piles):
            counts[answer.item][choice] += 1
    return counts


def agreement_table(task: CardSortTask, counts: dict[str, list[int]], caption: str) -> str:
    ranked = sorted(task.cards, key=lambda card: contested(counts[card.id]))
    flagged = {card.id for card in ranked[:FLAGGED] if sum(1 for n in counts[card.id] if n) > 1}
    rows = []
    for card in ranked:
        mark = " <strong class='coprod-contested'>(most contested)</strong>" if card.id in flagged else ""
        rows.append([escape(card.text) + mark, *(str(n) for n in counts[card.id])])
    return table(caption, ["Statement", *(escape(p) for p in task.piles)], rows, css="coprod-collate-cards")


def render_card_sort(room: Room, activity: Activity, part: Part, task: CardSortTask, level: int) -> Output:
    answers = room.answers(activity.id, task.id)
    people = {a.owner_id for a in answers if a.scope == "participant"}
    title = task.title or "The statement cards"
    counts = card_counts(task, answers)
    out = Output(room=heading(level - 1, f"{title}: the whole room")
                 + room_stance_html(task, counts, heading(level, "Where the room stands")) + agreement_table(
        task, counts,
        f"How the {len(people)} {'person' if len(people) == 1 else 'people'} who sorted the cards placed each "
        "statement, the most contested first"))
    for key, group_answers in room.by_group(answers, scope="participant").items():
        sorted_by = len({a.owner_id for a in group_answers})
        mine = card_counts(task, group_answers)
        who = "This group" if key is not None else "People not in a group"
        out.groups[key] = heading(level, title) + room_stance_html(task, mine, "", who=who) \
            + group_apart_html(task, mine, counts, who=who.lower()) + agreement_table(
            task, mine,
            f"How the {sorted_by} of this group placed each statement, the most contested first")
    return out
