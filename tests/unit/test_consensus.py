"""The card sort's small-sample statistics (coprod.consensus) against figures worked by hand.

Wilson's interval for x of n, z = 1.959964 (z² = 3.841459):
  (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
"""

from __future__ import annotations

import math

import pytest

from coprod.consensus import agreement, apart, newcombe, wilson


@pytest.mark.parametrize(("count", "total", "low", "high"), [
    # 2 of 2: (1 + 0.960365 ± 1.959964·sqrt(0.240091)) / 2.920729 = (1.960365 ± 0.960365) / 2.920729
    (2, 2, 0.342380, 1.0),
    # 4 of 4: (1 + 0.480182 ± 0.480182) / 1.960365
    (4, 4, 0.510109, 1.0),
    # 5 of 5: (1 + 0.384146 ± 0.384146) / 1.768292
    (5, 5, 0.565518, 1.0),
    # 2 of 4: (0.5 + 0.480182 ± 1.959964·sqrt(0.0625 + 0.060023)) / 1.960365 = (0.980182 ± 0.686052) / 1.960365
    (2, 4, 0.150039, 0.849961),
    # 0 of 5: (0 + 0.384146 ± 0.384146) / 1.768292
    (0, 5, 0.0, 0.434482),
])
def test_wilson_by_hand(count, total, low, high):
    assert wilson(count, total) == pytest.approx((low, high), abs=1e-6)


def test_wilson_of_nobody_is_undefined():
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_a_unanimous_pair_is_not_yet_agreement_but_polis_would_say_075():
    assert (1 + 2) / (2 + 2) == 0.75  # Pol.is's smoothed share, as sure as 30 of 40 would be
    assert agreement([2, 0, 0]).verdict == "unclear"


@pytest.mark.parametrize(("counts", "verdict"), [
    ([4, 0, 0], "agrees"),      # 4 of 4: lower bound 0.51
    ([3, 1, 0], "unclear"),     # 3 of 4: lower bound 0.30
    ([0, 0, 5], "disagrees"),   # 5 of 5 against
    ([2, 0, 2], "split"),       # 0.15 each side
    ([3, 0, 2], "split"),       # 2 of 5: 0.118
    ([4, 0, 1], "unclear"),     # 1 of 5: 0.036, a stray card
    ([1, 4, 1], "unclear"),     # mostly not sure
    ([15, 3, 2], "agrees"),     # a room of 20: 15 of 20, lower bound 0.53
    ([0, 0, 0], "unclear"),
])
def test_verdicts(counts, verdict):
    assert agreement(counts).verdict == verdict


def test_newcombe_by_hand():
    # 4 of 4 against 1 of 4: d = 0.75; la = 0.510109, ub (1 of 4) = 0.699358, lb = 0.045587, ua = 1.
    # low = 0.75 - sqrt((1 - 0.510109)² + (0.699358 - 0.25)²) = 0.75 - sqrt(0.239994 + 0.201923) = 0.085232
    # high = 0.75 + sqrt(0 + (0.25 - 0.045587)²) = 0.954413
    difference, low, high = newcombe(4, 4, 1, 4)
    assert (difference, low, high) == pytest.approx((0.75, 0.085232, 0.954413), abs=1e-5)


def test_a_group_stands_apart_only_when_the_interval_leaves_out_zero():
    # 5 of 5 agree against 3 of 15 in the rest: apart. 3 of 5 against 6 of 15: not.
    agree, disagree = apart([5, 0, 0], [3, 2, 10])
    assert agree.stands_apart and agree.low > 0 and disagree.stands_apart and disagree.high < 0
    agree, _ = apart([3, 1, 1], [6, 4, 5])
    assert not agree.stands_apart


def test_the_board_says_where_the_room_stands(content):
    from html import escape

    from coprod.tasks.card_sort.consensus import room_stance_html

    task = content.activity("defining-co-production").parts[0].tasks[0]
    counts = {card.id: [0, 0, 0] for card in task.cards}
    first, second, third = task.cards[:3]
    counts[first.id] = [6, 0, 0]   # all 6 agree: lower bound 0.61
    counts[second.id] = [3, 0, 3]  # 3 against 3: 0.19 each side
    counts[third.id] = [5, 1, 0]   # 5 of 6: lower bound 0.44, not yet
    html = room_stance_html(task, counts, "<h3>Where the room stands</h3>")
    agrees, split = html.split("The room is split on")
    assert "The room agrees on" in agrees and escape(first.text) in agrees and "(6 agree, 0 disagree, of 6)" in agrees
    assert escape(second.text) in split and escape(third.text) not in html
    assert "The room disagrees with" not in html
    nothing = room_stance_html(task, {card.id: [0, 0, 0] for card in task.cards}, "")
    assert "Not clear yet on any statement" in nothing


def test_a_group_that_stands_apart_is_named_on_its_board(content):
    from html import escape

    from coprod.tasks.card_sort.consensus import group_apart_html, room_stance_html

    task = content.activity("defining-co-production").parts[0].tasks[0]
    first, second = task.cards[:2]
    room = {card.id: [0, 0, 0] for card in task.cards}
    group = {card.id: [0, 0, 0] for card in task.cards}
    room[first.id], group[first.id] = [8, 2, 10], [5, 0, 0]    # the group 5 of 5; the rest 3 of 15
    room[second.id], group[second.id] = [9, 3, 8], [3, 1, 1]   # 3 of 5 against 6 of 15: not apart
    html = group_apart_html(task, group, room)
    assert escape(first.text) in html and "(Agree: 100% of this group, 20% of the rest of the room)" in html
    assert escape(second.text) not in html
    assert group_apart_html(task, room, room) == ""  # a group that is the whole room has no rest
    assert "This group agrees on:" in room_stance_html(task, group, "", who="This group")
