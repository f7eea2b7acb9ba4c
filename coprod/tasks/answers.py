"""Typed stored answers. An answer's value is stored as JSON; each task type says in its
``answer.py`` which values it stores, one pydantic model per kind of item (``ANSWERS``), and how
values of an older shape are read (``Value.upgrade``). The page, the boards, the report, the
exports and the analysis read values through these models, so that a key renamed in one
place cannot quietly empty a report of past workshops: a test reads a database written by an
earlier release through them (tests/unit/test_stored_answers.py).

No widgets here: the read side imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from coprod.store import Answer


class Value(BaseModel):
    """One stored value. Keys it does not name are kept as they are (a later release may add
    some, and an export shows them) but are not typed."""

    model_config = ConfigDict(extra="allow", frozen=True)

    # What the value looked like in earlier releases, in words (for docs and tests).
    older_shapes: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def upgrade(cls, raw: Any) -> Any:
        """An older shape of this value, made current; the current shape as it is. Override it
        when a release changes the shape, and say the old one in ``older_shapes``."""
        return raw

    @model_validator(mode="before")
    @classmethod
    def _upgraded(cls, raw: Any) -> Any:
        return cls.upgrade(raw)

    def stored(self) -> dict:
        """The value as it is stored now (what a save writes, and an export flattens)."""
        return self.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class Shape:
    """The values stored under one kind of item of a task."""

    item: str  # a regular expression the whole item matches: r"text", r"(?P<column>[a-z0-9-]+)/\d+"
    model: type[Value]
    scopes: tuple[str, ...] = ("participant",)  # the scopes it is stored with: participant, group, room
    what: str = ""  # in words, for the docs: "a person's pile for one card"

    def matches(self, answer: Answer) -> bool:
        return answer.scope in self.scopes and re.fullmatch(self.item, answer.item) is not None


@dataclass(frozen=True)
class Answers:
    """Every kind of value one task type stores."""

    shapes: tuple[Shape, ...]

    def shape_of(self, answer: Answer) -> Shape | None:
        return next((shape for shape in self.shapes if shape.matches(answer)), None)

    def read(self, answer: Answer) -> Value | None:
        """The answer's value as its model, upgraded from an older shape if need be; None for a
        value of no known shape (a crafted client's, or one a later release wrote)."""
        shape = self.shape_of(answer)
        if shape is None:
            return None
        try:
            return shape.model.model_validate(answer.value)
        except ValidationError:
            return None

    def read_all(self, answers: Iterable[Answer], model: type[Value] | None = None) -> list[tuple[Answer, Value]]:
        """Each answer with its value read, those of no known shape left out; only values of
        ``model`` when given."""
        read = ((answer, self.read(answer)) for answer in answers)
        return [(a, v) for a, v in read if v is not None and (model is None or isinstance(v, model))]
