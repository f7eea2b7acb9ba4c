"""The content model of a `contact` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from coprod.content_base import TaskBase, Text


class ContactTask(TaskBase):
    """An optional email address for a follow-up, given only with explicit consent."""

    type: Literal["contact"]
    prompt: Text
    consent: Text
