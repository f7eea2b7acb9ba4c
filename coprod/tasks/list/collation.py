"""Lists a group writes (ground rules, stakeholders) and Activity 9's problems: the room's
own list, and each group's picks with their warning signs and solutions."""

from __future__ import annotations

from coprod.collate._common import Output, Room, entries_html, entry_values, heading, task_heading
from coprod.content import Activity, ListTask, Part
from coprod.tasks.answers import TextValue
from coprod.tasks.list.answer import ANSWERS, Picks
from coprod.tasks.list.picks import ADDED, picked_html

REMOVED_PROBLEM = "(taken off the room's list)"


def render(room: Room, activity: Activity, part: Part, task: ListTask, level: int) -> Output:
    answers = room.answers(activity.id, task.id)
    if task.pick:
        return _picks(room, task, answers, level)
    fields = [("text", task.entry_label), *((q.id, q.text) for q in task.follow_up)]
    title = task_heading(part, task, "Our list")
    out = Output()
    for key, group_answers in room.by_group(answers, scope="group").items():
        entries = [a for a in group_answers if a.item.startswith("entries/")]
        out.groups[key] = heading(level, title) + entries_html(title, fields, entries, empty="Nothing yet.",
                                                               show_authors=room.names)
    return out


def _picks(room: Room, task: ListTask, answers, level: int) -> Output:
    added = [a for a in answers if a.scope == "workshop" and a.item.startswith(f"{ADDED}/")]
    title = "Our own examples of things that can go wrong"
    out = Output(room=heading(level - 1, title) + entries_html(title, [("text", "Something that can go wrong")],
                                                           added, empty="The room has added none yet.",
                                                           show_authors=room.names))
    texts = {e.id: e.text for e in task.examples}
    for answer in added:  # hidden ones are not here at all: a pick of one is left out below
        values = entry_values(answer)
        texts[answer.item] = values.get("text", "") if values else REMOVED_PROBLEM
    for key, group_answers in room.by_group(answers, scope="group").items():
        read = ANSWERS.read_all(a for a in group_answers if a.scope == "group")
        said = {a.item: value.text for a, value in read if isinstance(value, TextValue)}
        chosen = next((value.chosen() for a, value in read if isinstance(value, Picks)), [])
        picks = picked_html(task, texts, [i for i in chosen if i in texts], said)
        if picks:
            out.groups[key] = heading(level, "Problems the group picked") + picks
    return out
