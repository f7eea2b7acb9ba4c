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
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

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
        when a release changes the shape, and say the old one in ``older_shapes``. It is given
        any stored JSON, a crafted client's too: it must not raise (leave what it does not
        recognise as it is, and validation turns it away)."""
        return raw

    @model_validator(mode="before")
    @classmethod
    def _upgraded(cls, raw: Any) -> Any:
        return cls.upgrade(raw)

    @classmethod
    def from_stored(cls, raw: Any) -> Self | None:
        """``raw`` (a stored value) as this model, or None when it is not of this shape."""
        try:
            return cls.model_validate(raw)
        except ValidationError:
            return None

    def stored(self) -> dict:
        """The value as it is stored now (what a save writes, and an export flattens): the keys it
        was given, none added (an upgraded value in its current shape); the keys it names first,
        in the order a save writes them, then any others in theirs. (No copy of the order given
        is kept: a model with one would read three times slower.)"""
        return self.model_dump(mode="json", exclude_unset=True)


class TextValue(Value):
    """A text box's value (coprod.activities.text_entry), a person's or written by a group
    together; any value with a text reads as one (a note, whose removal is kept: ``removed``)."""

    text: StrictStr
    removed: StrictBool = False

    @classmethod
    def text_of(cls, raw: Any) -> str:
        """The text of a stored text box, "" for a value of any other shape."""
        value = cls.from_stored(raw)
        return value.text if value is not None else ""


class EntryValue(Value):
    """One entry of a shared list (coprod.activities.group_lists): the texts of its fields by the
    field's id ("text", or "term" and "definition", ...), the ready-made example it was placed
    from, and whether it was removed (kept, never deleted)."""

    values: dict[str, Any]
    example: StrictStr | None = None
    removed: StrictBool = False

    def texts(self) -> dict[str, str]:
        """Its fields that hold text (a crafted client's others are left out)."""
        return {key: text for key, text in self.values.items() if isinstance(text, str)}

    @property
    def text(self) -> str:
        """The text of its field "text" (the first field of every list but a glossary); "" if none."""
        return self.texts().get("text", "")


class ChoiceValue(Value):
    """An option chosen among several, by its index (a scale's, a pile's, a rating's)."""

    choice: StrictInt

    def index(self, options: int) -> int | None:
        """The index chosen, if it is one of ``options`` options."""
        return self.choice if 0 <= self.choice < options else None


@dataclass(frozen=True)
class Shape:
    """The values stored under one kind of item of a task."""

    item: str  # a regular expression the whole item matches: r"text", r"(?P<column>[a-z0-9-]+)/\d+"
    model: type[Value]
    scopes: tuple[str, ...] = ("participant",)  # the scopes it is stored with: participant, group, workshop
    what: str = ""  # in words, for the docs: "a person's pile for one card"

    def matches(self, answer: Answer) -> bool:
        return answer.scope in self.scopes and re.fullmatch(self.item, answer.item) is not None


@dataclass(frozen=True)
class Answers:
    """Every kind of value one task type stores."""

    shapes: tuple[Shape, ...]

    def shape_of(self, answer: Answer) -> Shape | None:
        """The first shape whose item and scope the answer has and whose model reads its value."""
        return next((shape for shape in self.shapes
                     if shape.matches(answer) and shape.model.from_stored(answer.value) is not None), None)

    def read(self, answer: Answer) -> Value | None:
        """The answer's value as its model, upgraded from an older shape if need be; None for a
        value of no known shape (a crafted client's, or one a later release wrote). Shapes
        whose items overlap (a grid's ``<column>/<entry>`` and ``<row>/<column>``) are told
        apart by their models: the first that reads the value wins."""
        for shape in self.shapes:
            if shape.matches(answer):
                value = shape.model.from_stored(answer.value)
                if value is not None:
                    return value
        return None

    def read_all(self, answers: Iterable[Answer], model: type[Value] | None = None) -> list[tuple[Answer, Value]]:
        """Each answer with its value read, those of no known shape left out; only values of
        ``model`` when given."""
        read = ((answer, self.read(answer)) for answer in answers)
        return [(a, v) for a, v in read if v is not None and (model is None or isinstance(v, model))]
