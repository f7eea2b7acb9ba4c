"""Activity builders: content + session -> widgets. One builder per task type.

Every notebook, the participant app and the workbook call these same builders, so an
activity looks and behaves the same wherever it is opened.
"""

from __future__ import annotations

import ipywidgets as w

from coprod.activities.card_sort import build_card_sort
from coprod.activities.lists import build_list
from coprod.activities.needs_grid import build_needs_grid
from coprod.activities.page import activity_header, coming_soon, part_header, task_header
from coprod.activities.power import build_power
from coprod.activities.questions import build_questions
from coprod.activities.scales import build_scale
from coprod.activities.stepped import Pages, Stepped
from coprod.activities.texts import build_contact, build_grid, build_text
from coprod.activities.values_tree import build_values_tree
from coprod.content import Activity
from coprod.session import Session
from coprod.steps import plan


def build_any_grid(activity, task, session):
    """Rows of stakeholders are given to groups; a grid without rows is a set of boxes."""
    return (build_needs_grid if task.rows else build_grid)(activity, task, session)


BUILDERS = {
    "questions": build_questions,
    "list": build_list,
    "text": build_text,
    "grid": build_any_grid,
    "scale": build_scale,
    "contact": build_contact,
    "card_sort": build_card_sort,
    "values_tree": build_values_tree,
    "scenarios": build_power,
}

SELF_TITLED = {"list", "scale"}

__all__ = ["BUILDERS", "build_activity"]


def build_activity(activity: Activity, session: Session) -> Stepped:
    """The whole activity, one step at a time (coprod.steps): its heading, and for each step its
    part's aim and what to do (on the part's first step) and a widget for each task. A task alone
    in its step whose builder gives Pages takes one step for each of them."""
    steps = []
    for step in plan(activity):
        children: list[w.Widget] = [part_header(activity, step.part)] if step.opens_part else []
        more = []
        for task in step.tasks:
            builder = BUILDERS.get(task.type)
            widget = builder(activity, task, session) if builder else None
            if isinstance(widget, Pages) and len(step.tasks) == 1:
                (_first, _name, widget), *rest = widget.pages
                more = [(f"{step.id}/{page_id}", name, w.VBox([page])) for page_id, name, page in rest]
            # Lists and scales show their own title and intro.
            header = task_header(task) if widget is not None and task.type not in SELF_TITLED else None
            children += [h for h in (header,) if h is not None]
            children.append(widget if widget is not None else coming_soon(task))
        steps += [(step.id, step.name, w.VBox(children)), *more]
    return Stepped(activity, session, activity_header(activity), steps)
