"""How `coprod demo` fills in a `list` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.widgets import Picker, SharedList, TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    if task.pick:
        problems(room, activity, task)
        return

    def fill(team, widget, session):
        shared = drive.find(widget, SharedList)[0]
        for example in room.some(shared.examples, 1, 3):
            room.offer(shared, example)
        ids = [f["id"] for f in shared.fields]
        for _ in range(room.rng.randint(1, 2)):
            values = room.entry((task.id,), ids)
            if not room.listed(shared, values[ids[0]]):
                drive.add(shared, **values)
    room.each_group(activity, task, fill)


def problems(room: Room, activity: Activity, task) -> None:
    """Activity 9: a few people add to the room's list; each group picks and works on some."""
    for team in room.teams:
        person = room.rng.choice(team.members)
        widget = room.build(person, activity, task)
        room_list = drive.find(widget, SharedList)[0]
        text = room.phrase(task.id)
        if not room.listed(room_list, text):
            drive.add(room_list, text=text)
        drive.close_tree(widget)

    def work(team, widget, session):
        picker = drive.find(widget, Picker)[0]
        for option in room.rng.sample(picker.options, min(task.pick, len(picker.options))):
            drive.pick(picker, option["id"])
        for entry in drive.find(widget, TextEntry):
            # Each box's name is its question followed by the problem: "Warning signs (…)".
            question = next((q for q in task.follow_up if entry.label.startswith(f"{q.text} (")), None)
            if question is not None and not room.skips(0.15):
                drive.write(entry, room.phrase(f"{task.id}/{question.id}", question.id))
    room.each_group(activity, task, work)
