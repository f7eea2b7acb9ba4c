"""The session plan: which activities this workshop runs, in what order, for how long.

The toolkit's activities are meant to be adapted to any context or timeframe, so the
facilitator chooses. Participants see only the planned activities, in the planned order.
With no plan saved, the workshop runs the whole course in the course's order, untimed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coprod.content import Activity, CourseContent
from coprod.store import Store, Workshop
from coprod.store.known_settings import PLAN, PlanEntry

LONGEST_MINUTES = 8 * 60


@dataclass(frozen=True)
class Step:
    activity: Activity
    minutes: int | None  # None: untimed


def planned(content: CourseContent, settings: Mapping[str, Any]) -> list[Step]:
    """The plan in force; entries naming activities the content no longer has are skipped."""
    saved = PLAN.read(settings)
    known = {a.id: a for a in content.activities}
    if saved is None:
        return [Step(a, None) for a in content.activities]
    steps, seen = [], set()
    for entry in saved:
        if entry.activity not in known or entry.activity in seen:
            continue
        seen.add(entry.activity)
        ok = entry.minutes is not None and 0 < entry.minutes <= LONGEST_MINUTES
        steps.append(Step(known[entry.activity], entry.minutes if ok else None))
    # A plan naming none of this content's activities (ids renamed, another --content) would
    # leave people with nothing: the whole course is run instead.
    return steps or [Step(a, None) for a in content.activities]


def save_plan(store: Store, workshop: Workshop, content: CourseContent,
              steps: list[tuple[str, int | None]]) -> list[Step]:
    """Check and save a plan given as (activity id, minutes) pairs; return it as saved."""
    known = {a.id for a in content.activities}
    clean, seen = [], set()
    for activity_id, minutes in steps:
        if activity_id not in known or activity_id in seen:
            raise ValueError(f"not an activity of this course, or twice in the plan: {activity_id!r}")
        if minutes is not None and not (isinstance(minutes, int) and 0 < minutes <= LONGEST_MINUTES):
            raise ValueError(f"minutes must be between 1 and {LONGEST_MINUTES}")
        seen.add(activity_id)
        clean.append(PlanEntry(activity_id, minutes))
    if not clean:
        raise ValueError("a plan needs at least one activity")
    PLAN.write(store, workshop, clean)
    return planned(content, {PLAN.key: PLAN.stored(clean)})
