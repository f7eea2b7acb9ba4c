"""Questions: the board's columns of posted responses, and the one field of a plain answer.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

from coprod.content import EntryField, QuestionsTask


def note_columns(task: QuestionsTask, answers) -> list[dict]:
    """Board columns of the posted responses among ``answers`` (current answers of the task)."""
    columns = {q.id: {"heading": q.text, "notes": []} for q in task.questions}
    for answer in answers:
        value = answer.value
        if not isinstance(value, dict) or value.get("removed") or not value.get("posted"):
            continue
        column = columns.get(value.get("question"))
        if column is not None:
            column["notes"].append({"id": answer.item, "text": value.get("text", ""), "author": answer.author_name})
    return list(columns.values())


DEFAULT_FIELDS = [EntryField(id="text", label="Your answer")]
