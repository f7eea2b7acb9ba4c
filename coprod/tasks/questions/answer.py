"""What a questions task stores. Notes: each of a person's responses is an answer of its own
(a partner may add some). Text answers: one box per question. Reflections: one box per question
and round, and when the round started. As a group: one shared list per question."""

from __future__ import annotations

from pydantic import StrictBool, StrictStr

from coprod.tasks.answers import Answers, EntryValue, Shape, TextValue, Value


class Note(Value):
    """One response: ``{"id", "question", "text", "posted", "by"}``, and ``"removed": true`` once
    removed. ``by`` names who added it to someone else's responses ("" for their own); ``id``
    is a copy of the item."""

    older_shapes = ('before 595cbb7 (partners adding to each other\'s notes): no "by", read as "" (one\'s own)',)

    id: StrictStr | None = None
    question: StrictStr | None = None
    text: StrictStr
    posted: StrictBool = False
    by: StrictStr = ""
    removed: StrictBool = False


class Started(Value):
    """``{"at": "YYYY-MM-DDTHH:MM"}``: when a person started a round of reflections."""

    at: StrictStr


ANSWERS = Answers((
    Shape(r"[0-9a-f]{12}", Note, what="<note id>: one response"),
    Shape(r"r\d+/started", Started, what="r<round>/started: when a round of reflections started"),
    Shape(r"(r\d+/)?[^/]+", TextValue, what="<question>, r<round>/<question>: a text answer"),
    Shape(r"[^/]+/[^/]+", EntryValue, ("group",), "<question>/<entry>: one entry of the group's list"),
))
