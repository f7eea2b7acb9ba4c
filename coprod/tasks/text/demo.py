"""How `coprod demo` fills in a `text` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.widgets import TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    if task.who == "group":
        room.each_group(activity, task, lambda team, widget, session: drive.write(
            drive.labelled(widget, TextEntry, task.prompt), room.phrase(task.id)))
    else:
        room.each_person(activity, task, lambda person, team, widget: drive.write(
            drive.labelled(widget, TextEntry, task.prompt), room.phrase(task.id)))
