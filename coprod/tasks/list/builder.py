"""A group's list: stakeholders with why they matter and what they bring, ground rules, ..."""

from __future__ import annotations

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, notice
from coprod.content import Activity, EntryField, ListTask
from coprod.session import Session
from coprod.tasks.list.warning_signs import build_warning_signs


def build(activity: Activity, task: ListTask, session: Session) -> w.Widget | None:
    if task.pick:
        return build_warning_signs(activity, task, session)
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    fields = [EntryField(id="text", label=task.entry_label),
              *(EntryField(id=q.id, label=q.text, multiline=True) for q in task.follow_up)]
    return shared_list(session, activity, task.id, "entries", title=task.title or "", intro=task.intro or "",
                       fields=fields, examples=task.examples, examples_intro=task.examples_intro or "",
                       add_label=f"Add {task.entry_label.lower()}" if task.entry_label != "Add to the list" else "Add")
