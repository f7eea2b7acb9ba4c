"""The content model of a `values_tree` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coprod.content_base import Id, TaskBase, Text


class ValuesTreeTask(TaskBase):
    type: Literal["values_tree"]
    roots_from: Id = Field(description="the task whose answers are the roots")
    roots: Text
    trunk: Text
    leaves: Text
