"""A group's shared list, stored as one answer per entry: the building block of glossaries,
ground rules, stakeholders and the boxes of the collective assets."""

from __future__ import annotations

from dataclasses import replace

from coprod.content import Activity
from coprod.session import Session
from coprod.widgets import SharedList
from coprod.widgets.shared_list import MAX_FIELD


def shared_list(session: Session, activity: Activity, task_id: str, prefix: str, *, title: str, fields,
                intro: str = "", examples=(), examples_intro: str = "", add_label: str = "Add",
                scope: str = "group", context: str = "") -> SharedList:
    """A list of entries stored under (activity, task, "<prefix>/<entry>") for the group (or,
    with scope "workshop", for the whole room)."""

    def save(entry_id: str, value: dict, base: int | dict | None):
        return session.save_merged(activity.id, task_id, f"{prefix}/{entry_id}", value, scope=scope, limit=MAX_FIELD,
                                   **({"base": base} if isinstance(base, dict) else {"base_id": base}))

    def load():
        answers = session.answers(activity.id, task_id, scope=scope)
        return [replace(a, item=a.item.removeprefix(f"{prefix}/")) for a in answers if a.item.startswith(f"{prefix}/")]

    widget = SharedList(
        title=title, intro=intro, add_label=add_label, examples_intro=examples_intro, context=context,
        fields=[{"id": f.id, "label": f.label, "multiline": f.multiline} for f in fields],
        examples=[{"id": e.id, "text": e.text} for e in examples],
        save=save, load=load, me=session.participant.id,
        # Names the person too, so that people sharing a device never see each other's edits.
        draft_key=f"{session.workshop.code}/{session.participant.id}/{activity.id}/{task_id}/{prefix}",
    )
    session.watch(widget.refresh, live=True)
    return widget
