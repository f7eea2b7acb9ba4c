"""The content model of a `scale` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from coprod.content_base import Card, Id, TaskBase, Text, unique_ids


class ScaleTask(TaskBase):
    """Statements rated on an ordered scale (the evaluation questionnaire)."""

    type: Literal["scale"]
    scale: list[Text] = Field(min_length=2)
    statements: list[Card]
    compare_with: Id | None = Field(
        None, description="an earlier scale task with the same options and statement ids: each person's answer "
                          "there and here are shown side by side, and the board shows the shift")

    _check = field_validator("statements")(lambda v: unique_ids(v, "statement"))

    @model_validator(mode="after")
    def _not_compared_with_itself(self):
        if self.compare_with == self.id:
            raise ValueError("compare_with names this task itself: name an earlier scale task")
        return self
