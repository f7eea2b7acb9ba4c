"""How `coprod demo` fills in a `scenarios` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.widgets import Matrix, Scale, TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room

# Power (0 None ... 3 A lot) that each stakeholder group holds now, and should hold.
POWER_NOW = {"funders": 3, "managers": 3, "paid-staff": 2, "service-users": 0, "volunteers": 1,
             "community-members": 0}
POWER_SHOULD = {"funders": 2, "managers": 2, "paid-staff": 2, "service-users": 3, "volunteers": 2,
                "community-members": 2}

POWER_SHOULD = {"funders": 2, "managers": 2, "paid-staff": 2, "service-users": 3, "volunteers": 2,
                "community-members": 2}


def fill(room: Room, activity: Activity, task) -> None:
    names = {g.id: g.text for g in task.stakeholder_groups}

    def ratings(team, widget, session):
        picker = next(s for s in drive.find(widget, Scale) if s.statements[0]["id"] == "scenario")
        drive.choose(picker, "scenario", room.rng.randrange(len(task.scenarios)))
        for index, matrix in enumerate(drive.find(widget, Matrix)):
            if index and room.skips():
                continue  # a decision the group did not get to
            for row in matrix.rows:
                now = POWER_NOW.get(row["id"], room.rng.randrange(len(matrix.scale)))
                should = POWER_SHOULD.get(row["id"], now)
                for column, level in (("now", now), ("should", should)):
                    if room.skips(0.04):
                        continue
                    noisy = level + room.rng.choice((-1, 0, 0, 0, 1))
                    drive.rate(matrix, row["id"], column, min(len(matrix.scale) - 1, max(0, noisy)))

    def discussion(team, widget, session):
        picker = next(s for s in drive.find(widget, Scale) if s.statements[0]["id"] == "scenario")
        if not picker.value:
            return
        drive.write(drive.labelled(widget, TextEntry, task.discussion[0]), room.phrase("power-decisions"))
        menu = drive.labelled(widget, w.Dropdown, "Stakeholder group to discuss")
        for group_id in room.some(list(names), 1, 2):
            menu.value = group_id
            for number, question in enumerate(task.discussion[2:], start=2):
                if not room.skips(0.4):
                    entry = drive.labelled(widget, TextEntry, f"{question} ({names[group_id]})")
                    drive.write(entry, room.phrase(f"power-{number}", group=names[group_id]))

    room.each_group(activity, task, ratings)
    room.each_group(activity, task, discussion)
