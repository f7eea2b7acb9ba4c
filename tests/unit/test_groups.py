"""Group sizes and the random split of a room."""

from __future__ import annotations

import pytest

from coprod.groups import group_sizes, split


@pytest.mark.parametrize(
    ("people", "sizes"),
    [(0, []), (1, [1]), (3, [3]), (4, [4]), (6, [6]), (7, [7]), (8, [4, 4]), (11, [6, 5]), (12, [6, 6]),
     (13, [5, 4, 4]), (30, [6, 6, 6, 6, 6]), (31, [6, 5, 5, 5, 5, 5])],
)
def test_group_sizes(people, sizes):
    assert group_sizes(people) == sizes
    assert sum(sizes) == people


@pytest.mark.parametrize("people", range(8, 80))
def test_every_group_is_within_the_toolkits_bounds_when_possible(people):
    sizes = group_sizes(people)
    assert all(4 <= s <= 6 for s in sizes), sizes
    assert max(sizes) - min(sizes) <= 1


def test_split_puts_everyone_in_exactly_one_group(fresh_store):
    workshop, _ = fresh_store.create_workshop("Room")
    for i in range(13):
        fresh_store.join(workshop, f"P{i}")
    made = split(fresh_store, workshop, seed=1)
    assert [len(members) for _, members in made] == [5, 4, 4]
    assert [g.name for g, _ in made] == ["Group 1", "Group 2", "Group 3"]
    people = fresh_store.participants(workshop)
    assert all(p.group_id is not None for p in people)
    assert {p.group_id for p in people} == {g.id for g, _ in made}
    again = split(fresh_store, workshop, seed=2)  # a new split makes new groups, never reuses names
    assert [g.name for g, _ in again] == ["Group 4", "Group 5", "Group 6"]
