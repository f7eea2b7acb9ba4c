"""The content model of a `text` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coprod.content_base import TaskBase, Text


class TextTask(TaskBase):
    """One free text, optionally preceded by a prompt ("Our definition of co-production is...")."""

    type: Literal["text"]
    prompt: Text
    wall: str | None = Field(None, description="if set, the heading of the group's wall showing everyone's texts")
