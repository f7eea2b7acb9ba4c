"""The content model of a `card_sort` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from coprod.content_base import Card, TaskBase, Text, unique_ids


class CardSortTask(TaskBase):
    type: Literal["card_sort"]
    cards: list[Card]
    piles: list[Text]

    _check = field_validator("cards")(lambda v: unique_ids(v, "card"))
