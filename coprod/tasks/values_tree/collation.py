"""Activity 3b: each group's values tree, drawn by the activity's own renderer."""

from __future__ import annotations

from coprod.collate._common import Output, Room
from coprod.content import Activity, Part, ValuesTreeTask
from coprod.tasks.values_tree.shared import LEAVES, TRUNK, entries_from, places_from, root_of, tree_html


def render(room: Room, activity: Activity, part: Part, task: ValuesTreeTask, level: int) -> Output:
    source = room.activity_of(task.roots_from)
    roots_by_owner = room.by_owner(room.answers(source.id, task.roots_from))
    tree = room.by_group(room.answers(activity.id, task.id), scope="group")
    out = Output()
    for group in room.groups:
        members = sorted((p for p in room.people.values() if p.group_id == group.id), key=lambda p: p.id)
        values = [root for person in members for answer in roots_by_owner.get(person.id, [])
                  if (root := root_of(person, answer)) is not None]
        answers = tree.get(group.id, [])
        if not values and not answers:
            continue
        out.groups[group.id] = tree_html(values, entries_from(answers, TRUNK), places_from(answers),
                                         entries_from(answers, LEAVES), ident=f"coprod-tree-{group.id}", level=level)
    return out
