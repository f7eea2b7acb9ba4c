"""Activity 2: where the room and each group agree, where they are split, and what sets each group
apart from the rest of the room, as DataFrames. The method (Wilson and Newcombe intervals in
place of Pol.is's +1 prior) is described in ``coprod.consensus``."""

from __future__ import annotations

import pandas as pd

from coprod.analysis.card_sort import Sorts
from coprod.consensus import agreement, apart
from coprod.content import Activity, CourseContent
from coprod.store import Store, Workshop

ROOM_AGREEMENT_COLUMNS = ["group", "overall", "statement_id", "statement", "sorted_by", "agree", "disagree",
                          "agree_share", "agree_low", "agree_high", "disagree_share", "disagree_low",
                          "disagree_high", "verdict"]
APART_COLUMNS = ["group", "statement_id", "statement", "side", "group_sorted", "rest_sorted", "group_share",
                 "rest_share", "difference", "low", "high", "stands_apart"]


def room_agreement(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None,
                   *, anonymised: bool = False) -> pd.DataFrame:
    """One row per group and statement (the whole room first, ``overall`` true): how many sorted it,
    agreed (the first pile) and disagreed (the last), each side's share with its 95% Wilson interval,
    and the verdict: "agrees", "disagrees", "split" or "unclear" (coprod.consensus says when)."""
    sorts = Sorts.read(store, content, workshop, activity, anonymised=anonymised)
    rows = []
    for label, overall, people in sorts.sections():
        for card in sorts.task.cards:
            found = agreement(sorts.counts(people, card.id))
            rows.append([label, overall, card.id, card.text, found.sorted_by, found.agree, found.disagree,
                         found.agree_share, found.agree_low, found.agree_high, found.disagree_share,
                         found.disagree_low, found.disagree_high, found.verdict])
    return pd.DataFrame(rows, columns=ROOM_AGREEMENT_COLUMNS).astype(
        {"overall": bool, "sorted_by": "int64", "agree": "int64", "disagree": "int64"})


def groups_apart(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None,
                 *, anonymised: bool = False) -> pd.DataFrame:
    """What sets each group apart: one row per group, statement and side ("agree", "disagree"):
    the group's share against the rest of the room's, the difference and its 95% Newcombe interval;
    ``stands_apart`` when the interval leaves out 0. Groups are compared only with people who sorted
    the statement, in the group and in the rest of the room."""
    sorts = Sorts.read(store, content, workshop, activity, anonymised=anonymised)
    sections = sorts.sections()
    everyone = sections[0][2]
    rows = []
    for label, _overall, people in sections[1:]:
        rest = [p for p in everyone if p not in people]
        for card in sorts.task.cards:
            group_counts, rest_counts = sorts.counts(people, card.id), sorts.counts(rest, card.id)
            if not sum(group_counts) or not sum(rest_counts):
                continue
            for found in apart(group_counts, rest_counts):
                rows.append([label, card.id, card.text, found.side, sum(group_counts), sum(rest_counts),
                             found.group_share, found.rest_share, found.difference, found.low, found.high,
                             found.stands_apart])
    return pd.DataFrame(rows, columns=APART_COLUMNS).astype(
        {"group_sorted": "int64", "rest_sorted": "int64", "stands_apart": bool})
