"""The content model of a `list` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from coprod.content_base import Card, Question, TaskBase, Text, unique_ids


class ListTask(TaskBase):
    """A shared list that people add to, seeded with the toolkit's examples."""

    type: Literal["list"]
    entry_label: Text = Field("Add to the list", description="the label of an entry's main text")
    examples_intro: str | None = None
    examples: list[Card] = []
    pick: int | None = Field(None, ge=1, description="how many items a group chooses")
    follow_up: list[Question] = []

    _check = field_validator("examples")(lambda v: unique_ids(v, "example"))
