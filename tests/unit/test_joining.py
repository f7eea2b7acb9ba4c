"""Which codes let people in, and how fast a page may guess."""

from __future__ import annotations

import pytest

from coprod.joining import FIRST_WAIT_SECONDS, FREE_TRIES, LONGEST_WAIT_SECONDS, JoinGate
from coprod.widgets import JoinRefused


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_right_code_joins_and_resets_the_count(fresh_store, clock):
    ws, _ = fresh_store.create_workshop("Room")
    gate = JoinGate(fresh_store, clock=clock)
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(JoinRefused):
            gate.join("WRONG1", "Ann")
    participant, token, workshop = gate.join(f" {ws.code.lower()} ", "Ann")
    assert workshop == ws and participant.display_name == "Ann" and len(token) == 32
    assert gate.misses == 0


def test_guessing_is_slowed_down_more_and_more(fresh_store, clock):
    ws, _ = fresh_store.create_workshop("Room")
    gate = JoinGate(fresh_store, clock=clock)
    for _ in range(FREE_TRIES):
        with pytest.raises(JoinRefused, match="no workshop with the code"):
            gate.join("WRONG1", "Ann")
    # Now even the right code must wait: a guesser cannot tell a hit from the wait.
    with pytest.raises(JoinRefused, match=f"wait {int(FIRST_WAIT_SECONDS)} seconds"):
        gate.join(ws.code, "Ann")
    clock.now += FIRST_WAIT_SECONDS
    with pytest.raises(JoinRefused, match="no workshop"):
        gate.join("WRONG2", "Ann")
    with pytest.raises(JoinRefused, match=f"wait {int(FIRST_WAIT_SECONDS * 2)} seconds"):
        gate.join(ws.code, "Ann")
    for _ in range(20):
        clock.now += LONGEST_WAIT_SECONDS
        with pytest.raises(JoinRefused):
            gate.join("WRONG3", "Ann")
    assert gate.wait_until - clock.now == LONGEST_WAIT_SECONDS
    assert fresh_store.participants(ws) == []


def test_an_archived_workshop_takes_no_joins_until_brought_back(fresh_store, clock):
    today, _ = fresh_store.create_workshop("Today")
    old, _ = fresh_store.create_workshop("Last year")
    old = fresh_store.set_archived(old, True)
    gate = JoinGate(fresh_store, clock=clock)
    with pytest.raises(JoinRefused, match="closed to new participants"):
        gate.join(old.code, "Ann")
    assert gate.join(today.code, "Ann")[2] == today
    fresh_store.set_archived(old, False)
    assert gate.join(old.code, "Bea")[2].id == old.id


def test_closed_workshop(fresh_store, clock):
    ws, _ = fresh_store.create_workshop("Room")
    fresh_store.set_open(ws, False)
    with pytest.raises(JoinRefused, match="closed to new participants"):
        JoinGate(fresh_store, clock=clock).join(ws.code, "Ann")
