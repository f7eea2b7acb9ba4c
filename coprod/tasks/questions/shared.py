"""Questions: the board's columns of posted responses, and the one field of a plain answer.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

from coprod.content import EntryField, QuestionsTask
from coprod.tasks.questions.answer import Note


def note_columns(task: QuestionsTask, answers) -> list[dict]:
    """Board columns of the posted responses among ``answers`` (current answers of the task)."""
    columns = {q.id: {"heading": q.text, "notes": []} for q in task.questions}
    for answer in answers:
        note = Note.from_stored(answer.value)
        if note is None or note.removed or not note.posted:
            continue
        column = columns.get(note.question)
        if column is not None:
            column["notes"].append({"id": answer.item, "text": note.text, "author": answer.author_name})
    return list(columns.values())


DEFAULT_FIELDS = [EntryField(id="text", label="Your answer")]
