"""Activity 2's card sort: how people placed each statement, which statements split the room,
who sorted like whom, and how far the room agreed beyond chance.

Only each person's current pile for each card counts (the newest of their saves), and only
people still in the workshop. A card someone did not sort is missing, not a pile: it is left
out of that statement's proportions, of that pair's comparison and of the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import combinations
from typing import TYPE_CHECKING

import pandas as pd

from coprod.analysis._common import EVERYONE, Names, find_task, valid_choice
from coprod.analysis.statistics import fleiss, krippendorff, normalised_entropy
from coprod.content import Activity, CardSortTask, CourseContent
from coprod.store import Store, Workshop

if TYPE_CHECKING:
    from collections.abc import Iterable

AGREEMENT_COLUMNS = ["group", "overall", "statement_id", "statement", "pile", "count", "sorted_by", "proportion"]
PAIR_COLUMNS = ["participant_a", "participant_b", "group_a", "group_b", "same_group", "both_sorted", "same_pile",
                "agreement"]
RELIABILITY_COLUMNS = ["group", "overall", "raters", "statements", "ratings", "missing", "observed_agreement",
                       "expected_agreement", "fleiss_kappa", "krippendorff_alpha"]


@dataclass
class Sorts:
    """Who put which card in which pile: person id -> card id -> pile index."""

    activity: Activity
    task: CardSortTask
    names: Names
    piles: dict[int, dict[str, int]]

    @classmethod
    def read(cls, store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None,
             *, anonymised: bool = False) -> Sorts:
        activity, task = find_task(content, activity, CardSortTask)
        names = Names(store, workshop, anonymised=anonymised)
        present = {p.id for p in names.present}
        cards = {card.id for card in task.cards}
        piles: dict[int, dict[str, int]] = {}
        for answer in store.current(workshop.id, activity.id, task.id, scope="participant"):
            choice = valid_choice(answer.value, len(task.piles))
            if answer.owner_id in present and answer.item in cards and choice is not None:
                piles.setdefault(answer.owner_id, {})[answer.item] = choice
        ordered = {p.id: piles[p.id] for p in names.present if p.id in piles}  # joining order
        return cls(activity, task, names, ordered)

    def sections(self) -> list[tuple[str, bool, list[int]]]:
        """(label, overall, people): everyone, then each group with anyone who sorted."""
        found = [(EVERYONE, True, list(self.piles))]
        for group_id, name in self.names.sections():
            people = [pid for pid in self.piles if self.names.group_of(pid) == group_id]
            if people:
                found.append((name, False, people))
        return found

    def counts(self, people: Iterable[int], card_id: str) -> list[int]:
        counts = [0] * len(self.task.piles)
        for pid in people:
            pile = self.piles[pid].get(card_id)
            if pile is not None:
                counts[pile] += 1
        return counts


def card_sort_agreement(store: Store, content: CourseContent, workshop: Workshop,
                        activity: Activity | str | None = None, *, anonymised: bool = False) -> pd.DataFrame:
    """One row per group, statement and pile: how many put the statement in that pile
    (``count``), how many sorted the statement at all (``sorted_by``), and the proportion
    (``count / sorted_by``; NaN when nobody in the group sorted it). The whole room's rows
    come first (group "Everyone", ``overall`` true), then each group's, in the order the
    groups were made, then people without a group ("Not in a group")."""
    sorts = Sorts.read(store, content, workshop, activity, anonymised=anonymised)
    rows = []
    for label, overall, people in sorts.sections():
        for card in sorts.task.cards:
            counts = sorts.counts(people, card.id)
            total = sum(counts)
            for pile, count in zip(sorts.task.piles, counts, strict=True):
                rows.append([label, overall, card.id, card.text, pile, count, total,
                             count / total if total else float("nan")])
    frame = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    return frame.astype({"count": "int64", "sorted_by": "int64", "proportion": "float64", "overall": bool})


def most_contested(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None,
                   *, n: int = 5) -> pd.DataFrame:
    """The ``n`` statements the whole room was most split on, most contested first.

    Contestedness is the normalised Shannon entropy of the statement's pile proportions,
    ``-sum(p log p) / log(number of piles)``: 0 when everyone chose the same pile, 1 when
    people spread evenly over all the piles. Ties are broken by the variation ratio
    (``1 - the largest proportion``: the share of people outside the most popular pile),
    then by the statements' order. Statements nobody sorted are left out. Columns: rank,
    statement_id, statement, sorted_by, the proportion in each pile (one column per pile),
    entropy, variation_ratio.
    """
    sorts = Sorts.read(store, content, workshop, activity)
    people = list(sorts.piles)
    rows = []
    for order, card in enumerate(sorts.task.cards):
        counts = sorts.counts(people, card.id)
        total = sum(counts)
        if total:
            shares = [c / total for c in counts]
            rows.append((normalised_entropy(counts), 1 - max(shares), -order, card, total, shares))
    rows.sort(key=lambda row: row[:3], reverse=True)
    columns = ["rank", "statement_id", "statement", "sorted_by", *sorts.task.piles, "entropy", "variation_ratio"]
    table = [[rank, card.id, card.text, total, *shares, entropy, ratio]
             for rank, (entropy, ratio, _, card, total, shares) in enumerate(rows[:max(n, 0)], start=1)]
    return pd.DataFrame(table, columns=columns)


def pairwise_agreement(store: Store, content: CourseContent, workshop: Workshop,
                       activity: Activity | str | None = None, *, square: bool = False,
                       anonymised: bool = False) -> pd.DataFrame:
    """For every pair of people who sorted cards: of the statements both sorted
    (``both_sorted``), how many they put in the same pile (``same_pile``) and the proportion
    (``agreement``, NaN when they sorted no statement in common). One row per pair, each pair
    once, in joining order.

    ``square=True`` gives the same proportions as a person-by-person matrix instead (1 on the
    diagonal for anyone who sorted a card), e.g. for a heatmap."""
    sorts = Sorts.read(store, content, workshop, activity, anonymised=anonymised)
    names = sorts.names
    rows = []
    for a, b in combinations(sorts.piles, 2):
        shared = [c for c in sorts.piles[a] if c in sorts.piles[b]]
        same = sum(1 for c in shared if sorts.piles[a][c] == sorts.piles[b][c])
        group_a, group_b = names.group_of(a), names.group_of(b)
        rows.append([names.person(a), names.person(b), names.group(group_a), names.group(group_b),
                     group_a is not None and group_a == group_b, len(shared), same,
                     same / len(shared) if shared else float("nan")])
    frame = pd.DataFrame(rows, columns=PAIR_COLUMNS).astype(
        {"both_sorted": "int64", "same_pile": "int64", "agreement": "float64", "same_group": bool})
    if not square:
        return frame
    labels = [names.person(pid) for pid in sorts.piles]
    matrix = pd.DataFrame(float("nan"), index=pd.Index(labels, name="participant"), columns=labels)
    for label in labels:
        matrix.loc[label, label] = 1.0
    for row in frame.itertuples():
        matrix.loc[row.participant_a, row.participant_b] = row.agreement
        matrix.loc[row.participant_b, row.participant_a] = row.agreement
    return matrix


@dataclass(frozen=True, repr=False)
class InterRater:
    """Inter-rater agreement on the card sort: one row for the whole room and one per group
    (``rows``, as a DataFrame from ``frame()``), and a caveat to read them with."""

    rows: tuple[dict, ...]
    caveat: str

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=RELIABILITY_COLUMNS)

    @property
    def overall(self) -> dict:
        return self.rows[0]

    def __repr__(self) -> str:
        return f"{self.frame().to_string(index=False)}\n\n{self.caveat}"

    def _repr_html_(self) -> str:
        return f"{self.frame().to_html(index=False)}<p>{escape(self.caveat)}</p>"


def inter_rater(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None,
                *, anonymised: bool = False) -> InterRater:
    """Fleiss' kappa and Krippendorff's alpha (nominal) for the card sort, with the people
    as raters, the statements as the items rated and the piles as categories; for the whole
    room and for each group of two or more who sorted.

    Missing ratings (a card someone did not sort) are left out: Krippendorff's alpha is made
    for that (only units with two or more values are pairable); Fleiss' kappa takes each
    statement over the people who sorted it and leaves out statements sorted by fewer than
    two (see ``coprod.analysis.statistics.fleiss``). ``missing`` counts the unsorted cells of
    the raters-by-statements table. Either statistic is NaN when it is undefined (every
    rating in one pile, or fewer than two raters)."""
    sorts = Sorts.read(store, content, workshop, activity, anonymised=anonymised)
    cards = [card.id for card in sorts.task.cards]
    rows = []
    for label, overall, people in sorts.sections():
        if len(people) < 2 and not overall:
            continue
        counts = [sorts.counts(people, card) for card in cards]
        kappa = fleiss(counts)
        alpha = krippendorff([[sorts.piles[pid].get(card) for card in cards] for pid in people])
        rows.append({"group": label, "overall": overall, "raters": len(people), "statements": kappa.items,
                     "ratings": sum(sum(c) for c in counts),
                     "missing": len(people) * len(cards) - sum(sum(c) for c in counts),
                     "observed_agreement": kappa.observed, "expected_agreement": kappa.expected,
                     "fleiss_kappa": kappa.kappa, "krippendorff_alpha": alpha.alpha})
    return InterRater(tuple(rows), caveat(rows[0]["raters"], len(cards), rows[0]["missing"]))


def caveat(raters: int, statements: int, missing: int) -> str:
    """What the statistics can and cannot say, with this room's numbers in it."""
    size = (f"{raters} {'person' if raters == 1 else 'people'} sorted {statements} statements"
            + (f" ({missing} placements left blank)" if missing else "") + ".")
    if raters < 2:
        return f"{size} Agreement between raters needs at least two people who sorted the cards."
    small = raters < 30 or statements < 30
    uncertainty = ("These are small numbers: the statistics are very uncertain, and one or two people "
                   "choosing differently can move them by 0.1 or more; a group's figures, from fewer people, "
                   "even more so. " if small else "Even at this size the statistics carry real uncertainty. ")
    return (f"{size} {uncertainty}Read them as a description of this room, not as an estimate for anyone "
            "else. Both compare the agreement seen with the agreement expected if people had sorted at random "
            "in the room's overall proportions: 1 is perfect agreement, 0 no more than chance, below 0 less. "
            "They were made for coders applying a shared scheme; the cards ask for opinions, and disagreeing is "
            "part of the exercise, not an error. When nearly everyone uses one pile, kappa and alpha can be low "
            "even though most people agree: read them with the proportions of card_sort_agreement.")
