"""The card sort: how split a card's votes are.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations


def contested(counts: list[int]) -> tuple[int, int]:
    """How split a card's votes are: more piles used, then a more even split, come first."""
    used = sum(1 for n in counts if n)
    return (-used, max(counts, default=0) - min((n for n in counts if n), default=0))
