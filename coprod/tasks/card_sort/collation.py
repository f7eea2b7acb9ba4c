"""Activity 2's cards: how the room and each group sorted every statement, the most
contested first and flagged in words (not by colour alone)."""

from __future__ import annotations

from html import escape

from coprod.collate._common import Output, Room, heading, table
from coprod.collate.chart import PUOR_5, label_colour
from coprod.content import Activity, CardSortTask, Part
from coprod.store import Answer
from coprod.tasks.card_sort.answer import PileChoice
from coprod.tasks.card_sort.consensus import group_apart_html, room_stance_html
from coprod.tasks.card_sort.shared import contested

FLAGGED = 3  # how many of the most contested statements are flagged


def card_counts(task: CardSortTask, answers: list[Answer]) -> dict[str, list[int]]:
    """For each card, how many people put it in each pile."""
    counts = {card.id: [0] * len(task.piles) for card in task.cards}
    for answer in answers:
        value = PileChoice.from_stored(answer.value)
        choice = value.index(len(task.piles)) if value is not None else None
        if answer.scope == "participant" and answer.item in counts and choice is not None:
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


def render(room: Room, activity: Activity, part: Part, task: CardSortTask, level: int) -> Output:
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


def _pile_colours(count: int) -> list[str]:
    """The evaluation chart's colours (ColorBrewer PuOr, grey in the middle), one per pile."""
    return [PUOR_5[round(i * 4 / max(1, count - 1))] for i in range(count)]


def diverging_bar(piles: list[str], counts: list[int]) -> str:
    """One statement's sort in one group as a bar split at the centre: the first piles to the
    left, the last to the right, a middle pile across the line. Widths are shares of the group's
    sorters, so groups of different sizes compare; each part shows its count, and the words are
    there for screen readers (the bar itself is hidden from them)."""
    total = sum(counts)
    said = ", ".join(f"{n} {pile.lower()}" for pile, n in zip(piles, counts, strict=True)) or "nobody"
    if not total:
        return "<span class='coprod-diverge-none'>Not sorted yet</span>"
    fills = _pile_colours(len(piles))
    middle = len(piles) // 2 if len(piles) % 2 else None
    left, right = [], []
    for index, (n, fill) in enumerate(zip(counts, fills, strict=True)):
        if not n:
            continue
        share = 100 * n / total

        def part(width: float, shown: str = str(n), f: str = fill) -> str:
            return (f"<span class='coprod-diverge-part' style='width:{width:.2f}%;background:{f};"
                    f"color:{label_colour(f)}'>{shown}</span>")

        if index == middle:  # half each side of the centre line, its count on the left half only
            left.append(part(share / 2))
            right.insert(0, part(share / 2, ""))
        elif (middle is not None and index > middle) or (middle is None and index >= len(piles) // 2):
            right.append(part(share))
        else:
            left.append(part(share))
    return (f"<span class='coprod-sr-only'>{escape(said)}</span>"
            f"<span class='coprod-diverge' aria-hidden='true'><span class='coprod-diverge-left'>{''.join(left)}</span>"
            f"<span class='coprod-diverge-right'>{''.join(right)}</span></span>")


def render_card_sort_bars(room: Room, activity: Activity, part: Part, task: CardSortTask, level: int) -> Output:
    """For the projector: where the room stands (the statements it agrees on, disagrees with and is
    split on), then one row per statement, the most contested in the whole room first, with a
    diverging bar for every group side by side (and the people without a group), with a key."""
    answers = room.answers(activity.id, task.id)
    grouped = room.by_group(answers, scope="participant")
    columns = [(key, name) for key, name in room.sections() if key in grouped]
    room_counts = card_counts(task, answers)
    per_group = {key: card_counts(task, grouped[key]) for key, _ in columns}
    ranked = sorted(task.cards, key=lambda card: contested(room_counts[card.id]))
    fills = _pile_colours(len(task.piles))
    key = "".join(f"<li><span class='coprod-bar-swatch' style='background:{f}'></span>{escape(p)}</li>"
                  for p, f in zip(task.piles, fills, strict=True))
    title = task.title or "The statement cards"
    if not columns:
        return Output(room=heading(level - 1, title) + "<p class='coprod-empty'>Nobody has sorted the cards yet.</p>")
    rows = [[escape(card.text), *(diverging_bar(task.piles, per_group[k][card.id]) for k, _ in columns)]
            for card in ranked]
    return Output(room=heading(level - 1, f"{title}: every group side by side")
                  + room_stance_html(task, room_counts, heading(level, "Where the room stands"))
                  + f"<ul class='coprod-bar-key' aria-label='Key'>{key}</ul>"
                  + table(f"How each group sorted every statement ({', '.join(task.piles)}), the most contested "
                          "in the room first", ["Statement", *(escape(name) for _, name in columns)], rows,
                          css="coprod-collate-cards coprod-sort-bars"))
