"""What a card sort stores: for each card (its id is the item), the pile a person put it in."""

from __future__ import annotations

from pydantic import StrictStr

from coprod.tasks.answers import Answers, ChoiceValue, Shape


class PileChoice(ChoiceValue):
    """``{"choice": the pile's index, "pile": its name}``: the name is a copy for exports."""

    pile: StrictStr | None = None


ANSWERS = Answers((
    Shape(r"[^/]+", PileChoice, what="a person's pile for one card"),
))
