"""Activity 7: every group's row of the stakeholder needs grid, as one collated table."""

from __future__ import annotations

from coprod.collate._common import Output, Room
from coprod.content import Activity, GridTask, Part
from coprod.tasks.answers import TextValue
from coprod.tasks.grid.needs import assigned, grid_table


def render_needs_grid(room: Room, activity: Activity, part: Part, task: GridTask, level: int) -> Output:
    settings = room.settings()
    answers = room.by_group(room.answers(activity.id, task.id), scope="group")
    rows = []
    for group in room.groups:
        row = assigned(settings, task, group.id)
        if row:
            rows.append((row, group.name, {a.item: TextValue.text_of(a.value) for a in answers.get(group.id, [])}))
    return Output(room=grid_table(task, rows))
