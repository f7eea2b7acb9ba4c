"""What a list stores: a group's entries (ground rules, stakeholders); with picks (Activity 10's
warning signs), the room's own problems, each group's picks and, for each pick, its answers."""

from __future__ import annotations

from typing import Any

from coprod.tasks.answers import Answers, EntryValue, Shape, TextValue, Value


class Picks(Value):
    """``{"ids": [problem id, ...]}``: a group's picks, in the order picked."""

    ids: list[Any]

    def chosen(self) -> list[str]:
        """The ids picked (a crafted client's other items left out)."""
        return [i for i in self.ids if isinstance(i, str)]


ANSWERS = Answers((
    Shape(r"entries/[^/]+", EntryValue, ("group",), "entries/<entry>: one entry of the group's list"),
    Shape(r"added/[^/]+", EntryValue, ("workshop",), "added/<entry>: a problem the room added to its list"),
    Shape(r"picked", Picks, ("group",), "the group's picks"),
    Shape(r"(added/)?[^/]+/[^/]+", TextValue, ("group",),
          "<problem>/<follow-up question>: the group's answer about one of its picks"),
))
