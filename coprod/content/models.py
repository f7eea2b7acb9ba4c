"""The course's content as typed models: the course, its activities and parts, and the union of
task types (each type's model is in its package, coprod/tasks/<type>/model.py, on the bases in
coprod.content_base). Every model forbids unknown fields, so a typo in a field name is an error
that names the file and the field, not a silently ignored key."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from coprod.content_base import Id, Instruction, Model, Text, unique_ids
from coprod.tasks.card_sort.model import CardSortTask
from coprod.tasks.contact.model import ContactTask
from coprod.tasks.dot_vote.model import DotVoteTask
from coprod.tasks.grid.model import GridTask
from coprod.tasks.list.model import ListTask
from coprod.tasks.questions.model import QuestionsTask
from coprod.tasks.scale.model import ScaleTask
from coprod.tasks.scenarios.model import ScenariosTask
from coprod.tasks.text.model import TextTask
from coprod.tasks.values_tree.model import ValuesTreeTask

Task = Annotated[
    QuestionsTask | CardSortTask | ListTask | GridTask | ValuesTreeTask | ScenariosTask | ScaleTask | TextTask
    | ContactTask | DotVoteTask,
    Field(discriminator="type"),
]


class Part(Model):
    id: Id
    title: str | None = None
    aim: Text
    instructions: list[Instruction]
    to_do: list[Text] = Field(
        [], description="what participants do, in the toolkit's own words (its instructions are the "
                        "facilitator's, and are shown to the facilitator only)")
    tasks: list[Task]

    _check = field_validator("tasks")(lambda v: unique_ids(v, "task"))

    @field_validator("instructions", mode="before")
    @classmethod
    def _plain_strings(cls, value):
        # Most instructions are one sentence: let YAML say them as plain strings.
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class Activity(Model):
    id: Id
    number: int = Field(ge=0, description="shown as 'Activity N'; 0 for an extension done before Activity 1")
    title: Text
    subtitle: str | None = None
    parts: list[Part] = Field(min_length=1)

    _check = field_validator("parts")(lambda v: unique_ids(v, "part"))

    def task(self, task_id: str):
        for part in self.parts:
            for task in part.tasks:
                if task.id == task_id:
                    return task
        raise KeyError(task_id)


FollowupTask = Annotated[QuestionsTask | ScaleTask | TextTask, Field(discriminator="type")]


class Followup(Model):
    """The follow-up questionnaire: answered months after the workshop, from a personal link
    (coprod.followup), by the people who agreed to be contacted. Its questions are the course's
    own, not the toolkit's: they live in a file of their own (``course.yaml``'s ``followup``)."""

    id: Id = Field("followup", description="what its answers are stored under, as an activity's id is")
    title: Text
    intro: Text
    privacy: Text = Field(description="who sees the answers, shown under the intro")
    commitment_intro: Text = Field(description="shown above the person's commitment from the day")
    no_commitment: Text = Field(description="shown instead when they wrote no commitment")
    thanks: Text = Field(description="shown under the questions: how to come back and change the answers")
    stop: Text = Field(description="the choice to stop follow-up emails (it withdraws their consent)")
    tasks: list[FollowupTask] = Field(min_length=1)

    _check = field_validator("tasks")(lambda v: unique_ids(v, "task"))

    @field_validator("tasks")
    @classmethod
    def _answered_alone(cls, tasks):
        # Months later nobody has a group or a board: each task is one person's own answer.
        for task in tasks:
            if task.who != "individual":
                raise ValueError(f"task {task.id!r} is for {task.who!r}: a follow-up task is individual")
            if isinstance(task, QuestionsTask) and task.answer != "text":
                raise ValueError(f"task {task.id!r} answers with notes: a follow-up's questions need answer: text")
            if isinstance(task, TextTask) and task.wall:
                raise ValueError(f"task {task.id!r} has a wall: a follow-up is not shared with a group")
        return tasks

    def as_activity(self) -> Activity:
        """The questionnaire in the shape the activity builders take (one part, its tasks)."""
        return Activity(id=self.id, number=0, title=self.title,
                        parts=[Part(id="main", aim=self.intro, instructions=[], tasks=list(self.tasks))])


class GroupSize(Model):
    min: int = Field(ge=1)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError("min is larger than max")
        return self


class Course(Model):
    schema_version: int
    title: Text
    source: Text
    credits: list[Text]
    how_to_use: list[Text]
    what_you_will_need: list[Text]
    group_size: GroupSize
    scenario: Text
    privacy_notice: Text
    order: list[Id] = Field(min_length=1)
    followup: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]*\.yaml$",
        description="the follow-up questionnaire's file (e.g. followup.yaml), beside course.yaml; "
                    "none: no follow-up questionnaire")
    extensions: list[Id] = Field(
        [], description="activities from outside the toolkit to load, each from extensions/<id>.yaml; "
                        "each must also be placed in order")

    @field_validator("extensions")
    @classmethod
    def _extensions_once(cls, value):
        if len(set(value)) != len(value):
            raise ValueError("names an extension more than once")
        return value


