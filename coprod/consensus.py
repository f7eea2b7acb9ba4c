"""Where the room agrees (Activity 2's card sort), with statistics that hold for groups of 4 to 6.

Pol.is estimates a group's agreement with a statement as (1 + agrees) / (2 + votes): a prior of
one agree and one disagree. With a handful of people that is far too sure of itself: two people
of two agreeing score 0.75, the same as 30 of 40. Here every share is read with its uncertainty,
the 95% Wilson score interval (Wilson 1927; Agresti and Coull 1998 recommend it for small n),
and a claim is made only when the interval's cautious end supports it:

- **agrees**: the lower bound of the share in one pile is at least 1/2, so a majority is there
  even at the pessimistic end. Agrees *with* the statement for the first pile ("Agree"), *against*
  it for the last ("Disagree"); the piles between ("Not sure") count as sorted, for neither side.
  In a group of 4 only all 4 together reach it (lower bound 0.51); of 5, all 5 (0.57); of 6, all 6
  (0.61); in a room of 20, 15 (0.53).
- **split**: no side reaches that, and each side's lower bound is at least 0.1, so each side is more
  than a stray card: 2 against 2 of 4 (0.15 each), 2 against 3 of 5 (0.12, 0.23); not 1 against 4.
- **unclear**: neither (too few sorted it, or most were not sure).

What sets a group apart from the rest of the room (Pol.is's "representativeness", there a ratio of
two prior-smoothed shares) is the difference between the group's share and the rest's, with
Newcombe's hybrid score interval (Newcombe 1998, method 10), built from the two Wilson intervals:
the group stands apart when the interval leaves out 0.

Plain Python, no pandas: the card-sort board and the report use it on a participant's server, and
``coprod.analysis`` turns it into DataFrames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z = 1.959963984540054  # the standard normal's 97.5th percentile: 95% two-sided intervals
MAJORITY = 0.5
EACH_SIDE = 0.1


def wilson(count: int, total: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``count / total``; (nan, nan) for ``total == 0``."""
    if total <= 0:
        return math.nan, math.nan
    p = count / total
    z2 = z * z
    centre = p + z2 / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    denominator = 1 + z2 / total
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def newcombe(count_a: int, total_a: int, count_b: int, total_b: int, z: float = Z) -> tuple[float, float, float]:
    """The difference ``count_a/total_a - count_b/total_b`` and its Newcombe hybrid score interval."""
    if total_a <= 0 or total_b <= 0:
        return math.nan, math.nan, math.nan
    pa, pb = count_a / total_a, count_b / total_b
    la, ua = wilson(count_a, total_a, z)
    lb, ub = wilson(count_b, total_b, z)
    difference = pa - pb
    return (difference, difference - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2),
            difference + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2))


@dataclass(frozen=True)
class Agreement:
    """How one set of people sorted one statement: counts per side, intervals and the verdict."""

    sorted_by: int
    agree: int
    disagree: int
    agree_low: float
    agree_high: float
    disagree_low: float
    disagree_high: float
    verdict: str  # "agrees", "disagrees", "split" or "unclear"

    @property
    def agree_share(self) -> float:
        return self.agree / self.sorted_by if self.sorted_by else math.nan

    @property
    def disagree_share(self) -> float:
        return self.disagree / self.sorted_by if self.sorted_by else math.nan


def agreement(counts: list[int]) -> Agreement:
    """``counts``: how many put the statement in each pile, the first pile agreeing, the last
    disagreeing."""
    total = sum(counts)
    agree, disagree = (counts[0], counts[-1]) if counts else (0, 0)
    agree_low, agree_high = wilson(agree, total)
    disagree_low, disagree_high = wilson(disagree, total)
    if total and agree_low >= MAJORITY:
        verdict = "agrees"
    elif total and disagree_low >= MAJORITY:
        verdict = "disagrees"
    elif total and agree_low >= EACH_SIDE and disagree_low >= EACH_SIDE:
        verdict = "split"
    else:
        verdict = "unclear"
    return Agreement(total, agree, disagree, agree_low, agree_high, disagree_low, disagree_high, verdict)


@dataclass(frozen=True)
class Apart:
    """How a group's share on one side of a statement differs from the rest of the room's."""

    side: str  # "agree" or "disagree"
    group_share: float
    rest_share: float
    difference: float
    low: float
    high: float

    @property
    def stands_apart(self) -> bool:
        return self.low > 0 or self.high < 0


def apart(group: list[int], rest: list[int]) -> list[Apart]:
    """The group's counts against the rest of the room's, on the agreeing and the disagreeing side."""
    found = []
    for side, index in (("agree", 0), ("disagree", -1)):
        difference, low, high = newcombe(group[index], sum(group), rest[index], sum(rest))
        found.append(Apart(side, group[index] / sum(group) if sum(group) else math.nan,
                           rest[index] / sum(rest) if sum(rest) else math.nan, difference, low, high))
    return found
