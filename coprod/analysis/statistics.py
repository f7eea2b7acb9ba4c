"""Agreement statistics for nominal ratings, in plain Python (no new dependency).

    fleiss_kappa(counts)          Fleiss (1971), items x categories counts; raters may differ per item
    krippendorff_alpha(data)      Krippendorff's alpha, nominal metric; raters x units, None = missing
    normalised_entropy(counts)    how evenly ratings spread over the categories, 0 to 1

Both agreement statistics are undefined (NaN) when every rating falls in one category:
agreement is then perfect, but there is no variation for chance to be measured against.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

NAN = float("nan")


@dataclass(frozen=True)
class Fleiss:
    """Fleiss' kappa and its parts: the mean agreement within items and the agreement chance gives."""

    kappa: float
    observed: float  # P-bar: the mean, over items, of the share of agreeing rater pairs
    expected: float  # P-bar-e: the sum of the squared overall category proportions
    items: int  # items rated by at least two raters (the others cannot show agreement)
    ratings: int


def fleiss(counts: Iterable[Sequence[int]]) -> Fleiss:
    """Fleiss' kappa from a table of counts: one row per item, one column per category, each
    cell the number of raters who put that item in that category.

    Fleiss (1971) has the same number of raters for every item. When some raters skipped
    some items the rows have different totals n_i; each item's agreement is then taken over
    its own n_i raters, P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)), and the category
    proportions over all ratings of the items used. Items with fewer than two ratings are
    left out. With equal totals this is exactly Fleiss' statistic.
    """
    rows = [list(row) for row in counts if sum(row) >= 2]
    if any(n < 0 for row in rows for n in row):
        raise ValueError("counts cannot be negative")
    if not rows:
        return Fleiss(NAN, NAN, NAN, 0, 0)
    totals = [sum(row) for row in rows]
    observed = sum((sum(n * n for n in row) - total) / (total * (total - 1))
                   for row, total in zip(rows, totals, strict=True)) / len(rows)
    ratings = sum(totals)
    categories = max(len(row) for row in rows)
    shares = [sum(row[j] for row in rows if j < len(row)) / ratings for j in range(categories)]
    expected = sum(p * p for p in shares)
    kappa = NAN if math.isclose(expected, 1.0) else (observed - expected) / (1 - expected)
    return Fleiss(kappa, observed, expected, len(rows), ratings)


def fleiss_kappa(counts: Iterable[Sequence[int]]) -> float:
    """Fleiss' kappa (see ``fleiss``)."""
    return fleiss(counts).kappa


@dataclass(frozen=True)
class Krippendorff:
    """Krippendorff's alpha (nominal) and its parts."""

    alpha: float
    observed_disagreement: float  # D_o: the share of pairable value pairs that differ
    expected_disagreement: float  # D_e: the same share if the values were paired at random
    units: int  # units with at least two values (pairable)
    values: int  # n: the pairable values


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def krippendorff(data: Iterable[Sequence[Hashable | None]]) -> Krippendorff:
    """Krippendorff's alpha for nominal data from a reliability data matrix: one row per rater
    (coder), one column per unit, None (or NaN) where that rater gave that unit no value.

    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": the values of
    each unit with m_u >= 2 values are paired (every ordered pair of different raters, each
    weighted 1 / (m_u - 1)) into a coincidence matrix o_ck; n_c are its margins and n their
    sum; alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k. Units with fewer
    than two values are not pairable and are left out; missing values need no other treatment.
    """
    rows = [list(row) for row in data]
    width = max((len(row) for row in rows), default=0)
    if any(len(row) != width for row in rows):
        raise ValueError("every rater's row must have one entry per unit (None where missing)")
    coincidences: Counter = Counter()
    units = 0
    for u in range(width):
        values = [row[u] for row in rows if not _missing(row[u])]
        m = len(values)
        if m < 2:
            continue
        units += 1
        tally = Counter(values)
        for c, n_c in tally.items():
            for k, n_k in tally.items():
                # ordered pairs of different raters: c with itself n_c (n_c - 1) times
                pairs = n_c * (n_k - (1 if c == k else 0))
                if pairs:
                    coincidences[c, k] += pairs / (m - 1)
    margins: Counter = Counter()
    for (c, _k), o in coincidences.items():
        margins[c] += o
    n = sum(margins.values())
    if units == 0:
        return Krippendorff(NAN, NAN, NAN, 0, 0)
    disagreeing = sum(o for (c, k), o in coincidences.items() if c != k)
    chance = (n * n - sum(n_c * n_c for n_c in margins.values()))  # sum over c != k of n_c n_k
    observed = disagreeing / n
    expected = chance / (n * (n - 1))
    alpha = NAN if chance == 0 else 1 - (n - 1) * disagreeing / chance
    return Krippendorff(alpha, observed, expected, units, round(n))


def krippendorff_alpha(data: Iterable[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha, nominal metric (see ``krippendorff``)."""
    return krippendorff(data).alpha


def normalised_entropy(counts: Sequence[int]) -> float:
    """Shannon entropy of the shares in ``counts``, divided by its largest possible value
    (log of the number of categories): 0 when everything is in one category, 1 when it is
    spread evenly over all of them. NaN for no counts."""
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return NAN
    entropy = -sum((n / total) * math.log(n / total) for n in counts if n)
    return entropy / math.log(len(counts))
