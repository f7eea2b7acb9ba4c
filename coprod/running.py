"""Running the session: bringing everyone to an activity, its timer, and what comes next.

The console's one-action controls (coprod.console.remote) and its finer ones (the plan
panel) both go through here. Everything is a setting in the store: participants' pages and
the presenter view follow them through their live feeds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from coprod import timer
from coprod.content import CourseContent
from coprod.plan import Step, planned
from coprod.store import Store, Workshop
from coprod.store.known_settings import CURRENT_ACTIVITY, LOCKED, Call


def current_id(settings: dict) -> str | None:
    call = CURRENT_ACTIVITY.read(settings)
    return call.activity if call else None


def bring_everyone(store: Store, workshop: Workshop, activity_id: str) -> None:
    """Bring every participant's page to an activity, opening it if it was locked."""
    settings = store.settings(workshop.id)
    last = CURRENT_ACTIVITY.read(settings)
    # A new value each time, so that bringing everyone back again is noticed too.
    CURRENT_ACTIVITY.write(store, workshop, Call(activity_id, (last.call if last else 0) + 1, datetime.now(UTC)))
    locked = LOCKED.read(settings)
    if activity_id in locked:
        LOCKED.write(store, workshop, sorted(a for a in locked if a != activity_id))


def run_activity(store: Store, workshop: Workshop, content: CourseContent, activity_id: str) -> Step:
    """One action: everyone brought to the activity (and the presenter view with them), its
    timer started for the minutes the plan gives it; an untimed one stops the last activity's
    timer, which would otherwise say "time is up" over it."""
    step = next((s for s in planned(content, store.settings(workshop.id)) if s.activity.id == activity_id), None)
    if step is None:
        raise ValueError("this activity is not in the session plan")
    bring_everyone(store, workshop, activity_id)
    if step.minutes:
        timer.start(store, workshop, activity_id, step.minutes)
    elif timer.running(store.settings(workshop.id)):
        timer.stop(store, workshop)
    return step


def next_step(content: CourseContent, settings: dict) -> Step | None:
    """The activity after the current one in the plan (the first, before any has been run);
    None after the last."""
    steps = planned(content, settings)
    here = current_id(settings)
    ids = [s.activity.id for s in steps]
    if here not in ids:
        return steps[0] if steps else None
    at = ids.index(here)
    return steps[at + 1] if at + 1 < len(steps) else None
