"""The content model of a `scenarios` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from coprod.content_base import Card, Id, Model, TaskBase, Text, unique_ids


class Scenario(Model):
    id: Id
    title: Text
    description: Text
    requirements_intro: str | None = None
    requirements: list[Text] = []
    decisions_intro: str | None = None
    decisions: list[Text]


class ScenariosTask(TaskBase):
    type: Literal["scenarios"]
    background: Text
    scenarios: list[Scenario]
    discussion_intro: Text
    discussion: list[Text]
    stakeholder_groups: list[Card]

    _check = field_validator("scenarios")(lambda v: unique_ids(v, "scenario"))
