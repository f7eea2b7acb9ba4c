"""Whole texts (a group's definition, each person's commitment) and the grids without rows
(each person's power card, a group's collective assets)."""

from __future__ import annotations

from html import escape

from coprod.collate._common import (
    Output,
    Room,
    author,
    entries_html,
    heading,
    items,
    para,
    part_topic,
    private,
    table,
    task_heading,
    text_of,
)
from coprod.content import Activity, GridTask, Part, TextTask


def render_text(room: Room, activity: Activity, part: Part, task: TextTask, level: int) -> Output:
    answers = [a for a in room.answers(activity.id, task.id) if a.item == "text" and text_of(a)]
    out = Output()
    if task.who == "group":
        for answer in answers:
            if answer.scope == "group":
                # Who saved it last is for the facilitator: on the projector or a room report it
                # would name one person beside a text the whole group wrote.
                saved_by = f"<p class='coprod-by'>Last saved by {escape(author(answer))}</p>" if room.names else ""
                out.groups[answer.owner_id] = heading(level, task.prompt) + para(text_of(answer)) + saved_by
        return out
    # A person's own text is shared only where the activity shares it (a wall of commitments).
    if not (task.wall or room.facilitator):
        return out
    for key, group_answers in room.by_group(answers, scope="participant").items():
        rows = [para(text_of(a)) + (f"<p class='coprod-by' dir='auto'>{escape(room.person_name(a.owner_id))}</p>"
                                    if room.names else "") for a in group_answers]
        said = items(rows, css="coprod-collate-texts")
        said = said if task.wall else private(room, said, "each person's answer")
        out.groups[key] = heading(level, task.prompt) + said
    return out


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
