"""Splitting a room into groups of 4 to 6 (the toolkit's "ideally between 4-6")."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from coprod.store import Group, Participant, Store, Workshop


def group_sizes(people: int, smallest: int = 4, largest: int = 6) -> list[int]:
    """Sizes as even as possible, within the bounds where the numbers allow it.

    Fewer people than ``smallest`` make one group; otherwise use the fewest groups that keep
    everyone within ``largest``, and spread people evenly (sizes differ by at most one).
    """
    if people <= 0:
        return []
    count = max(1, math.ceil(people / largest))
    # With few people, ceil may leave groups below the smallest size; fewer groups then.
    while count > 1 and people // count < smallest:
        count -= 1
    base, extra = divmod(people, count)
    return [base + 1] * extra + [base] * (count - extra)


def split(store: Store, workshop: Workshop, *, smallest: int = 4, largest: int = 6,
          seed: int | None = None) -> list[tuple[Group, list[Participant]]]:
    """Put everyone in the workshop into new groups at random; return the groups made."""
    people = store.participants(workshop)
    random.Random(seed).shuffle(people)
    existing = {g.name for g in store.groups(workshop)}
    made = []
    start = 0
    number = 1
    for size in group_sizes(len(people), smallest, largest):
        while f"Group {number}" in existing:
            number += 1
        group = store.create_group(workshop, f"Group {number}")
        existing.add(group.name)
        members = [store.assign_group(p, group.id) for p in people[start:start + size]]
        made.append((group, members))
        start += size
    return made


def members(people: Sequence[Participant], group_id: int | None) -> list[Participant]:
    return [p for p in people if group_id is not None and p.group_id == group_id]
