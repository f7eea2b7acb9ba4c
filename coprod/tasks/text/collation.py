"""Whole texts (a group's definition, each person's commitment): the group's text under its
group, a person's own only where the activity shares it (a wall) or for the facilitator."""

from __future__ import annotations

from html import escape

from coprod.collate._common import Output, Room, author, heading, items, para, private, text_of
from coprod.content import Activity, Part, TextTask


def render(room: Room, activity: Activity, part: Part, task: TextTask, level: int) -> Output:
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
