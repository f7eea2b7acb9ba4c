"""The content model of a `grid` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from coprod.content_base import Card, Id, Model, TaskBase, Text, unique_ids


class Column(Model):
    id: Id
    heading: Text
    description: str | None = None
    example: str | None = None


class GridTask(TaskBase):
    """Rows by columns (stakeholder needs, personal power card) or quadrants (assets)."""

    type: Literal["grid"]
    columns: list[Column]
    rows: list[Card] = []
    offers_from: Id | None = Field(None, description="the task whose answers are offered for placement")
    rows_from: Id | None = Field(None, description="a group list whose entries can be given to a group as its row")

    _check_columns = field_validator("columns")(lambda v: unique_ids(v, "column"))
    _check_rows = field_validator("rows")(lambda v: unique_ids(v, "row"))
