"""How a stored answer's JSON value becomes rows of a tidy table.

Each task stores a small JSON value per answer (its shapes: ``coprod/tasks/<type>/answer.py``;
the export flattens a value as its model stores it, a value of no known shape as it is). A table is
easiest to filter, pivot and read when every cell holds one plain value, so an answer
becomes one or more ``(item, value)`` pairs:

- Text, numbers, true/false and empty values are kept as they are, under the stored
  ``item`` (numbers stay numbers, so ratings can be averaged).
- A dict becomes one row per field, the field named after a slash in ``item``: a sorted
  card gives ``card-3/choice`` (the pile's number, from 0) and ``card-3/pile`` (its name);
  a rating gives ``<statement>/choice`` and ``<statement>/label``; a note gives
  ``<note>/question``, ``<note>/text`` and ``<note>/posted``. Nested dicts go on the same
  way (``place/<id>/trunk``).
- A dict whose only field is ``text`` (every text box: definitions, comments,
  reflections, commitments, My notes) is one row holding the text, under the stored
  ``item`` unchanged.
- A shared list entry's ``values`` wrapper is unwrapped, so a stakeholder gives
  ``entries/<id>/text``, ``entries/<id>/why-involved``, ``entries/<id>/what-they-bring``,
  and a glossary entry ``<question>/<id>/term`` and ``.../definition``; an entry with
  nothing but a text (a ground rule) is one row, ``entries/<id>``, by the rule above.
- A note's ``id`` (a copy of its item) and an empty ``by`` are left out as noise; a
  non-empty ``by`` (who added a response to someone else's answers) is kept.
- A list (a group's two picks in Activity 9) becomes one JSON text such as
  ``["too-few-people", "added/ab12cd"]``: its order matters and it is read as a whole.
- A removed list entry or note is left out of the current answers (nobody sees it any
  more); the history keeps it, with a ``.../removed`` row saying true (a removed ground
  rule's last version is therefore ``entries/<id>/text`` and ``entries/<id>/removed``).
"""

from __future__ import annotations

import json
from typing import Any

NOISE_WHEN_EMPTY = {"by"}


def is_removed(value: Any) -> bool:
    return isinstance(value, dict) and value.get("removed") is True


def flatten(item: str, value: Any) -> list[tuple[str, Any]]:
    """The ``(item, value)`` rows of one stored answer, in the value's own field order."""
    if isinstance(value, dict):
        fields = _fields(item, value)
        if not fields:
            return [(item, None)]
        if list(fields) == ["text"]:
            return flatten(item, fields["text"])
        rows: list[tuple[str, Any]] = []
        for key, inner in fields.items():
            rows += flatten(f"{item}/{key}", inner)
        return rows
    if isinstance(value, list | tuple):
        return [(item, json.dumps(value, ensure_ascii=False))]
    return [(item, value)]


def _fields(item: str, value: dict) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    inner = value.get("values")
    if isinstance(inner, dict):
        for key, field in inner.items():
            # An entry field named like the answer's own bookkeeping (a field "removed")
            # keeps its full path rather than being overwritten by it.
            fields[f"values/{key}" if key in value else str(key)] = field
    for key, field in value.items():
        if key == "values" and isinstance(inner, dict):
            continue
        if key == "id" and isinstance(field, str) and (item == field or item.endswith(f"/{field}")):
            continue
        if key in NOISE_WHEN_EMPTY and field in ("", None):
            continue
        fields[str(key)] = field
    return fields
