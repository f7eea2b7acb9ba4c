"""What the power scenarios store, all a group's: the scenario it chose, its ratings of who holds
power now and should, and its discussion."""

from __future__ import annotations

from pydantic import StrictStr

from coprod.tasks.answers import Answers, ChoiceValue, Shape, TextValue, Value


class ScenarioPick(Value):
    """``{"id": scenario id}``: the scenario the group works on."""

    id: StrictStr


ANSWERS = Answers((
    Shape(r"scenario", ScenarioPick, ("group",), "the group's scenario"),
    Shape(r"rate/[^/]+/\d+/[^/]+/(now|should)", ChoiceValue, ("group",),
          "rate/<scenario>/<decision's index>/<stakeholder group>/<now|should>: an index into POWER_SCALE"),
    Shape(r"talk/[^/]+/(decisions|[^/]+/\d+)", TextValue, ("group",),
          "talk/<scenario>/decisions, talk/<scenario>/<stakeholder group>/<question's index>: the discussion"),
))
