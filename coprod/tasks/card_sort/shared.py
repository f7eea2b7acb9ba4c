"""The card sort: how split a card's votes are.

No widgets here: the participant's page (coprod.activities) and the read side (coprod.collate,
coprod.analysis) both use it."""

from __future__ import annotations


def contested(counts: list[int]) -> tuple[int, int]:
    """How split a card's votes are: more piles used, then a more even split, come first."""
    used = sum(1 for n in counts if n)
    return (-used, max(counts, default=0) - min((n for n in counts if n), default=0))
