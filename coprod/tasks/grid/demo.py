"""How `coprod demo` fills in a `grid` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.demo.phrases import bank
from coprod.tasks.grid.needs_builder import NeedsControls
from coprod.widgets import SharedList, TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    if task.rows:
        needs_grid(room, activity, task)
    elif task.who == "group":
        for team in room.teams:
            for column in task.columns:
                person = room.writer(team)
                widget = room.build(person, activity, task)
                box = drive.labelled(widget, SharedList, column.heading)
                for offer in room.some(box.examples, 0, 2):
                    room.offer(box, offer)
                for text in room.some(bank(f"{task.id}/{column.id}", column.id), 1, 2):
                    if not room.listed(box, text):
                        drive.add(box, text=text)
                drive.close_tree(widget)
    else:
        room.each_person(activity, task, lambda person, team, widget: write_columns(room, task, widget))


def needs_grid(room: Room, activity: Activity, task) -> None:
    """Activity 7: the facilitator gives each group a stakeholder (now and then one the group
    listed in Activity 6); the group fills its row."""
    controls = NeedsControls(room.store, room.content, room.workshop, activity, task)
    controls.draw()
    given = []
    for team in room.teams:
        menu = drive.labelled(controls.widget, w.Dropdown, f"Stakeholder for {team.group.name}")
        options = [value for _, value in menu.options if value]
        own = [o for o in options if o not in {r.text for r in task.rows} and o not in given]
        fresh = [o for o in options if o not in given] or options
        menu.value = room.rng.choice(own) if own and room.rng.random() < 0.3 else room.rng.choice(fresh)
        given.append(menu.value)
    drive.close_tree(controls.widget)

    room.each_group(activity, task, lambda team, widget, session: write_columns(room, task, widget))


def write_columns(room: Room, task, widget) -> None:
    """A box for each column (a person's card, a group's row of needs), now and then one left out."""
    for column in task.columns:
        if not room.skips():
            drive.write(drive.labelled(widget, TextEntry, column.heading),
                        room.phrase(f"{task.id}/{column.id}", column.id))
