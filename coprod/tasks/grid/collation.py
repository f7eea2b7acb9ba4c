"""The grids: without rows, each person's boxes (the personal power card, seen by them and
the facilitator only) or a group's boxes of entries (the collective assets); with rows, the
stakeholders' needs (coprod.tasks.grid.needs_collation)."""

from __future__ import annotations

from html import escape

from coprod.collate._common import (
    Output,
    Room,
    entries_html,
    heading,
    para,
    part_topic,
    private,
    table,
    task_heading,
    text_of,
)
from coprod.content import Activity, GridTask, Part
from coprod.tasks.grid.needs_collation import render_needs_grid


def render(room: Room, activity: Activity, part: Part, task: GridTask, level: int) -> Output:
    """Rows of stakeholders given to groups are the needs grid; a grid without rows is boxes."""
    return (render_needs_grid if task.rows else render_grid)(room, activity, part, task, level)


def render_grid(room: Room, activity: Activity, part: Part, task: GridTask, level: int) -> Output:
    """A grid without rows: each person's boxes, or a group's boxes of entries."""
    answers = room.answers(activity.id, task.id)
    title = task_heading(part, task, part_topic(part, activity.title))
    out = Output()
    if task.who == "group":
        for key, group_answers in room.by_group(answers, scope="group").items():
            rows = []
            for column in task.columns:
                entries = [a for a in group_answers if a.item.startswith(f"{column.id}/")]
                rows.append([escape(column.heading.split(" – ")[0]),
                             entries_html(column.heading, [("text", column.heading)], entries,
                                          empty="Nothing yet.", show_authors=room.names)])
            out.groups[key] = heading(level, title) + table("The group's boxes", ["Box", "What the group wrote"], rows,
                                                            css="coprod-collate-boxes")
        return out
    if not room.facilitator:  # a person's own card: seen by them and the facilitator only
        return out
    columns = {c.id for c in task.columns}
    for key, group_answers in room.by_group(answers, scope="participant").items():
        rows = []
        for owner, mine in room.by_owner(group_answers).items():
            said = {a.item: text_of(a) for a in mine if a.item in columns}
            if any(said.values()):
                rows.append([escape(room.person_name(owner)),
                             *(para(said.get(c.id, "")) or "–" for c in task.columns)])
        if rows:
            out.groups[key] = heading(level, title) + private(room, table(
                title, ["Name", *(escape(c.heading) for c in task.columns)], rows, css="coprod-collate-cards-grid"),
                "each person's card")
    return out
