"""What a grid stores. Alone (the personal power card): one text per column. As a group (the
collective assets): one shared list per column. With rows (the stakeholder needs): one text per
column of the stakeholder the group was given."""

from __future__ import annotations

from coprod.tasks.answers import Answers, EntryValue, Shape, TextValue

ANSWERS = Answers((
    Shape(r"[^/]+", TextValue, what="<column>: a person's text for one column"),
    Shape(r"[^/]+/[^/]+", EntryValue, ("group",), "<column>/<entry>: one entry of a column's list"),
    Shape(r"[0-9a-f]{16}/[^/]+", TextValue, ("group",),
          "<stakeholder's key>/<column>: the group's text for one column of its stakeholder's row"),
))
