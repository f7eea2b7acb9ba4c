"""How `coprod demo` fills in a `scale` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.widgets import Scale

if TYPE_CHECKING:
    from coprod.demo.filling import Room

# Weights of each answer of a scale, lowest first: the evaluation leans positive; how easy it
# was to agree on a definition sits in the middle.
SCALE_WEIGHTS = {"agreeing-reflection": (1, 2.5, 3, 2.5, 1)}
POSITIVE = (0.3, 0.7, 1.5, 4.5, 3)

POSITIVE = (0.3, 0.7, 1.5, 4.5, 3)


def fill(room: Room, activity: Activity, task) -> None:
    size = len(task.scale)
    base = SCALE_WEIGHTS.get(task.id) or (POSITIVE if size == len(POSITIVE) else tuple(range(1, size + 1)))

    def rate(person, team, widget):
        scale = drive.find(widget, Scale)[0]
        for statement in task.statements:
            if len(task.statements) > 1 and room.skips(0.05):
                continue
            choice = room.weighted(base)
            if room.rng.random() < 0.4:
                choice = min(size - 1, max(0, choice + room.lean[person.id]))
            drive.choose(scale, statement.id, choice)
    room.each_person(activity, task, rate, skip=0.07)
