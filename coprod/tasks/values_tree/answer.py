"""What the values tree stores, all a group's: its trunk's groups and its leaves (shared lists),
and the trunk group each root value is placed in. The roots are the members' answers to
another task (a questions task's notes)."""

from __future__ import annotations

from pydantic import StrictStr

from coprod.tasks.answers import Answers, EntryValue, Shape, Value


class Place(Value):
    """``{"trunk": the trunk group's entry id}``, "" when taken out of every group."""

    trunk: StrictStr


ANSWERS = Answers((
    Shape(r"(trunk|leaves)/[^/]+", EntryValue, ("group",), "trunk/<entry>, leaves/<entry>: a group of values, a leaf"),
    Shape(r"place/.+", Place, ("group",), "place/<root's id>: the trunk group a root value is in"),
))
