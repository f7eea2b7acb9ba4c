"""The facilitator's timer for a timed activity, which every participant's page shows.

The end time is stored (a setting), not a count: a page opened late, or reloaded, shows
the time that is really left, and each browser counts down on its own between updates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from coprod.store import Store, Workshop
from coprod.store.known_settings import TIMER, RunningTimer

LONGEST_MINUTES = 8 * 60


def running(settings: Mapping[str, Any]) -> RunningTimer | None:
    """The timer in force: {"activity", "ends_at" (datetime)}, or None when there is none.

    A timer that has run out is still returned (pages say "time is up") until stopped."""
    return TIMER.read(settings)


def start(store: Store, workshop: Workshop, activity_id: str, minutes: int, *, now: datetime | None = None) -> None:
    if not (isinstance(minutes, int) and 0 < minutes <= LONGEST_MINUTES):
        raise ValueError(f"minutes must be between 1 and {LONGEST_MINUTES}")
    ends_at = (now or datetime.now(UTC)) + timedelta(minutes=minutes)
    TIMER.write(store, workshop, RunningTimer(activity=activity_id, ends_at=ends_at))


def add_time(store: Store, workshop: Workshop, minutes: int, *, now: datetime | None = None) -> bool:
    """Give the running timer more time (from now if it had run out); False if none runs."""
    current = running(store.settings(workshop.id))
    if current is None:
        return False
    now = now or datetime.now(UTC)
    ends_at = max(current["ends_at"], now) + timedelta(minutes=minutes)
    TIMER.write(store, workshop, RunningTimer(activity=current["activity"], ends_at=ends_at))
    return True


def stop(store: Store, workshop: Workshop) -> None:
    TIMER.write(store, workshop, None)
