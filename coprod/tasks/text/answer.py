"""What a text task stores: one box, ``text``, a person's or their group's."""

from __future__ import annotations

from coprod.tasks.answers import Answers, Shape, TextValue

ANSWERS = Answers((
    Shape(r"text", TextValue, ("participant", "group"), "the text written (a group's, written together)"),
))
