"""What every content model is built on: ids, texts, the pieces several task types share, and the
base of every task type (each type's own model is in its package, coprod/tasks/<type>/model.py).
Every model forbids unknown fields, so a typo in a field name is an error that names the file
and the field, not a silently ignored key."""


from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def unique_ids(items, what: str):
    seen = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id {item.id!r}")
        seen.add(item.id)
    return items


# --- pieces shared by several task types -------------------------------------------


class Instruction(Model):
    """A numbered instruction; some have lettered or bulleted sub-points."""

    text: Text
    points: list[Text] = []


class EntryField(Model):
    """One text of an entry in a shared list (a glossary entry has a term and a definition)."""

    id: Id
    label: Text
    multiline: bool = False


class Question(Model):
    id: Id
    text: Text
    hint_intro: str | None = None  # "For example, you may be interested in:"
    hints: list[Text] = []
    examples: str | None = None  # "for example, talking to a wide range of people, ..."
    fields: list[EntryField] = Field([], description="for a group's list of answers: the texts of one entry")

    _check = field_validator("fields")(lambda v: unique_ids(v, "field"))


class Card(Model):
    id: Id
    text: Text


class TaskBase(Model):
    id: Id
    title: str | None = None
    intro: str | None = None
    who: Literal["individual", "pair", "group", "facilitator"] = "individual"
    step: str | None = Field(
        None, description="the short name of the step this task starts on a participant's page (one step on "
                          "the screen at a time); a task with neither step nor title joins the step before it, "
                          "and a part's first task always starts one")
