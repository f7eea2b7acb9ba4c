"""Activity 3b: the values tree. Roots are the members' own values from Part One, gathered
automatically; the group clusters them into named trunk groups, then chooses its shared
values as leaves. The tree is drawn as SVG for everyone, with a text alternative, and can be
downloaded."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, html, notice
from coprod.content import Activity, EntryField, ValuesTreeTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.tasks.values_tree.shared import LEAVES, PLACE, TRUNK, entries_from, places_from, root_of, tree_html


def roots(session: Session, task: ValuesTreeTask) -> list[dict]:
    """Every member's values from Part One: id, text, author."""
    source = next(a for a in session.content.activities for p in a.parts for t in p.tasks if t.id == task.roots_from)
    found = []
    for person, answers in session.members_answers(source.id, task.roots_from):
        for answer in answers:
            root = root_of(person, answer)
            if root is not None:
                found.append(root)
    return found




def _entries(session: Session, activity: Activity, task: ValuesTreeTask, prefix: str) -> list[dict]:
    return entries_from(session.answers(activity.id, task.id, scope="group"), prefix)




def _places(session: Session, activity: Activity, task: ValuesTreeTask) -> dict[str, str]:
    return places_from(session.answers(activity.id, task.id, scope="group"))




def build(activity: Activity, task: ValuesTreeTask, session: Session) -> w.Widget:
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    intro = html(f"<ul><li>{escape(task.roots)}</li><li>{escape(task.trunk)}</li><li>{escape(task.leaves)}</li></ul>",
                 "coprod-tree-intro")
    trunk = shared_list(session, activity, task.id, TRUNK, title="The trunk: our groups of values",
                        intro="Name a group of similar values, then put each root value into a group below.",
                        fields=[EntryField(id="text", label="Name of a group of values")], add_label="Add a group")
    placing = w.VBox()
    placing.add_class("coprod-placing")
    leaves = shared_list(session, activity, task.id, LEAVES, title="The leaves: our shared values",
                         intro="The values the group agrees will help co-production to flourish and thrive.",
                         fields=[EntryField(id="text", label="A shared value")], add_label="Add a leaf",
                         examples_intro="Make a trunk group a leaf")
    drawing = html("", "coprod-tree")
    drawn: dict = {}

    @one_at_a_time
    def place(root_id: str, trunk_id: str) -> None:
        if root_id in {r["id"] for r in roots(session, task)} and \
                (trunk_id == "" or trunk_id in {t["id"] for t in _entries(session, activity, task, TRUNK)}):
            session.save(activity.id, task.id, f"{PLACE}/{root_id}", {"trunk": trunk_id}, scope="group")
            draw()

    def draw() -> None:
        values, groups = roots(session, task), _entries(session, activity, task, TRUNK)
        places, chosen = _places(session, activity, task), _entries(session, activity, task, LEAVES)
        offers = [{"id": g["id"], "text": g["text"]} for g in groups]
        if offers != leaves.examples:
            leaves.examples = offers
        state = (values, groups, places)
        if state != drawn.get("placing"):
            drawn["placing"] = state
            options = [("(not in a group yet)", ""), *((g["text"], g["id"]) for g in groups)]
            rows = []
            for value in values:
                current = places.get(value["id"], "")
                menu = w.Dropdown(options=options, value=current if current in dict(options).values() else "",
                                  description=f"{value['text']} ({value['author']})")
                menu.add_class("coprod-place")
                menu.observe(lambda change, rid=value["id"]: place(rid, change["new"]), "value")
                rows.append(menu)
            if not values:
                rows.append(notice("The roots come from everyone's values in Part One: none yet."))
            placing.children = rows
        drawing.value = tree_html(values, groups, places, chosen)

    session.watch(draw)
    return w.VBox([intro, html("<h3>The roots: everyone's values</h3>", "coprod-roots-heading"), trunk,
                   html("<h3>Put each value into a group</h3>", "coprod-placing-heading"), placing, leaves, drawing])




