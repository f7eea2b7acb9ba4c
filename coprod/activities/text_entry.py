"""A box of text stored under (activity, task, item) for a person or their group, shared by the
task types whose answers are texts (text, grid, questions, scenarios, lists' follow-ups). A group's
box is written together: saves merge (coprod.merge) and others' words arrive while typing."""

from __future__ import annotations

from coprod.session import Session
from coprod.text import MAX_ANSWER
from coprod.widgets import TextEntry


def text_entry(session: Session, activity_id: str, task_id: str, item: str, label: str, *,
               scope: str, help: str = "", rows: int = 4) -> TextEntry:
    """A box whose text is stored under (activity, task, item), for a person or their group."""

    def save(text: str, base: str) -> tuple[int, str]:
        version, value = session.save_merged(activity_id, task_id, item, {"text": text}, base={"text": base},
                                             scope=scope, limit=MAX_ANSWER)
        return version, value.get("text", "") if isinstance(value, dict) else ""

    def load():
        current = [a for a in session.answers(activity_id, task_id, scope=scope) if a.item == item]
        return current[-1] if current else None

    entry = TextEntry(label=label, help=help, rows=rows, save=save, load=load, me=session.participant.display_name,
                      writers=lambda after: session.writers_since(activity_id, task_id, item, after, scope=scope),
                      draft_key=f"{session.workshop.code}/{session.participant.id}/{activity_id}/{task_id}/{item}")
    if scope == "group":
        session.watch(entry.refresh, live=True)
    return entry
