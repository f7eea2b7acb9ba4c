"""An activity's page: content + session -> widgets, one step at a time. Each task's widgets come
from its type's builder (coprod/tasks/<type>/builder.py); this package holds what they share (the
page's headings and notices, steps, shared lists, text boxes).

Every notebook, the participant app and the workbook call these same builders, so an
activity looks and behaves the same wherever it is opened.
"""

from __future__ import annotations

import ipywidgets as w

from coprod.activities.page import activity_header, coming_soon, part_header, task_header
from coprod.activities.stepped import Pages, Stepped
from coprod.content import Activity
from coprod.session import Session
from coprod.steps import plan
from coprod.tasks.parts import part

SELF_TITLED = {"list", "scale"}

__all__ = ["build_activity"]


def build_activity(activity: Activity, session: Session) -> Stepped:
    """The whole activity, one step at a time (coprod.steps): its heading, and for each step its
    part's aim and what to do (on the part's first step) and a widget for each task. A task alone
    in its step whose builder gives Pages takes one step for each of them."""
    steps = []
    for step in plan(activity):
        children: list[w.Widget] = [part_header(activity, step.part)] if step.opens_part else []
        more = []
        for task in step.tasks:
            # Looked up here, not when this package is imported: builders import this package's modules.
            builder = part(task.type, "builder")
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
