"""Joining a workshop: which codes let people in, and how fast a page may guess.

A join code has about 30 bits, which is enough for a room only if guessing is slow; a
page (one kernel) gets a few tries, then must wait longer after each further miss. Any
workshop in the database that is open takes joins: the facilitator can run several, and
closes or archives the ones that are over.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from coprod.store import Participant, Store, Workshop, normalise_code
from coprod.widgets import JoinRefused

FREE_TRIES = 5
FIRST_WAIT_SECONDS = 10.0
LONGEST_WAIT_SECONDS = 300.0


class JoinGate:
    def __init__(self, store: Store, *, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.clock = clock
        self.misses = 0
        self.wait_until = 0.0

    def join(self, code: str, name: str) -> tuple[Participant, str, Workshop]:
        now = self.clock()
        if now < self.wait_until:
            seconds = math.ceil(self.wait_until - now)
            raise JoinRefused(f"Too many tries with a wrong code. Please wait {seconds} seconds, "
                              "and check the code with the facilitator.", field="code")
        workshop = self.store.workshop_by_code(code)
        if workshop is None:
            self._missed(now)
            raise JoinRefused(f"There is no workshop with the code {normalise_code(code)!r}. "
                              "Please check the code on the screen.", field="code")
        if not workshop.open or workshop.archived:
            self._missed(now)  # a closed code is no better a guess than a wrong one
            raise JoinRefused("This workshop is closed to new participants. Please ask the facilitator.",
                              field="code")
        self.misses = 0
        participant, token = self.store.join(workshop, name)
        return participant, token, workshop

    def _missed(self, now: float) -> None:
        self.misses += 1
        if self.misses >= FREE_TRIES:
            wait = min(FIRST_WAIT_SECONDS * 2 ** (self.misses - FREE_TRIES), LONGEST_WAIT_SECONDS)
            self.wait_until = now + wait
