"""The grids. Without rows: alone, one box per column (the personal power card); as a group, one
shared list per column (the collective assets). With rows (stakeholders given to groups): the
needs grid, coprod.tasks.grid.needs_builder."""

from __future__ import annotations

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, notice
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, EntryField, GridTask
from coprod.session import Session
from coprod.tasks.answers import TextValue
from coprod.tasks.grid.needs_builder import build_needs_grid


def build(activity: Activity, task: GridTask, session: Session) -> w.Widget | None:
    """Rows of stakeholders are given to groups; a grid without rows is a set of boxes."""
    return (build_needs_grid if task.rows else build_grid)(activity, task, session)


def build_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget | None:
    """A grid with no rows: alone, one box per column (the personal power card); as a
    group, one shared list per column (the collective assets). Grids with rows are
    built by coprod.tasks.grid.needs_builder."""
    if task.who == "group":
        return build_group_grid(activity, task, session)
    return w.VBox([
        text_entry(session, activity.id, task.id, column.id, column.heading, scope="participant",
                   help=column.description or "")
        for column in task.columns
    ])


def build_group_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget:
    """A grid of headed boxes that a group fills together (the collective assets): each box
    is the group's list, and members' own answers (``offers_from``) can be placed with a tap."""
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    boxes = []
    for column in task.columns:
        intro = " ".join(filter(None, [column.description, column.example]))
        box = shared_list(session, activity, task.id, column.id, title=column.heading, intro=intro,
                          fields=[EntryField(id="text", label=f"Add to {column.heading.split(' – ')[0]}")],
                          examples_intro="Place something a member wrote in Part One")
        boxes.append(box)
    if task.offers_from:
        source = _activity_of(session, task.offers_from)

        def offer() -> None:
            offers = []
            for _person, answers in session.members_answers(source.id, task.offers_from):
                for answer in answers:
                    value = TextValue.from_stored(answer.value)  # a note of Part One
                    if value is not None and not value.removed and value.text:
                        offers.append({"id": answer.item, "text": value.text})
            for box in boxes:
                if box.examples != offers:
                    box.examples = offers

        session.watch(offer)
    grid = w.GridBox(boxes)
    grid.add_class("coprod-grid")
    return grid


def _activity_of(session: Session, task_id: str) -> Activity:
    return next(a for a in session.content.activities for p in a.parts for t in p.tasks if t.id == task_id)
