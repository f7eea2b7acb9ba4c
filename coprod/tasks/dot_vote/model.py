"""The content model of a `dot_vote` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from coprod.content_base import Card, TaskBase, unique_ids

MAX_DOTS = 20  # more than a phone's screen of taps, and more than a flip chart's sheet of stickers


class DotVoteTask(TaskBase):
    """Dots spread over a few options to say what matters most (sticky dots on a flip chart)."""

    type: Literal["dot_vote"]
    options: list[Card] = Field(min_length=2, description="what the dots are spread over")
    dots: int = Field(3, ge=1, le=MAX_DOTS, description="how many dots each person (or group) has")
    one_per_option: bool = Field(False, description="at most one dot on each option; otherwise several may go "
                                                   "on one")

    _check = field_validator("options")(lambda v: unique_ids(v, "option"))

    @model_validator(mode="after")
    def _who_votes(self):
        # A vote is one person's own (scope participant) or one per group (scope group): a pair has
        # no answer of its own in the store, and the facilitator does not vote.
        if self.who not in ("individual", "group"):
            raise ValueError(f"who is {self.who!r}: a dot vote is by each person (individual) or one per group "
                             "(group)")
        if self.one_per_option and self.dots > len(self.options):
            raise ValueError(f"one_per_option with {self.dots} dots and {len(self.options)} options: some dots could "
                             "never be placed")
        return self

    @property
    def scope(self) -> str:
        """Whose vote it is in the store."""
        return "group" if self.who == "group" else "participant"
