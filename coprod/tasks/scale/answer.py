"""What a scale stores: for each statement (its id is the item), the option a person chose."""

from __future__ import annotations

from pydantic import StrictStr

from coprod.tasks.answers import Answers, ChoiceValue, Shape


class ScaleChoice(ChoiceValue):
    """``{"choice": index, "label": the option's words}``: the label is a copy for exports."""

    label: StrictStr | None = None


ANSWERS = Answers((
    Shape(r"[^/]+", ScaleChoice, what="a person's option for one statement"),
))
