"""The course's content as typed models. Every model forbids unknown fields, so a typo in a
field name is an error that names the file and the field, not a silently ignored key."""


from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique_ids(items, what: str):
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

    _check = field_validator("fields")(lambda v: _unique_ids(v, "field"))


class Card(Model):
    id: Id
    text: Text


class Column(Model):
    id: Id
    heading: Text
    description: str | None = None
    example: str | None = None


class Scenario(Model):
    id: Id
    title: Text
    description: Text
    requirements_intro: str | None = None
    requirements: list[Text] = []
    decisions_intro: str | None = None
    decisions: list[Text]


# --- task types: what a participant or group does in a part -------------------------


class _Task(Model):
    id: Id
    title: str | None = None
    intro: str | None = None
    who: Literal["individual", "pair", "group", "facilitator"] = "individual"
    step: str | None = Field(
        None, description="the short name of the step this task starts on a participant's page (one step on "
                          "the screen at a time); a task with neither step nor title joins the step before it, "
                          "and a part's first task always starts one")


class QuestionsTask(_Task):
    """Free-text answers to questions, as many responses per question as people like."""

    type: Literal["questions"]
    questions: list[Question]
    answer: Literal["notes", "text"] = Field(
        "notes", description="notes: as many short responses as people like; text: one answer per question")
    post_to_board: int | None = Field(None, ge=1, description="how many responses each person posts per question")
    goals_from: Id | None = Field(None, description="the question whose posted responses are personal goals")
    repeatable: bool = Field(False, description="done again at later points, each time dated")
    partner: bool = Field(False, description="a partner from the group can add to each person's responses")

    _check = field_validator("questions")(lambda v: _unique_ids(v, "question"))

    @model_validator(mode="after")
    def _goals_question_exists(self):
        if self.goals_from and self.goals_from not in {q.id for q in self.questions}:
            raise ValueError(f"goals_from names {self.goals_from!r}, which is not a question of this task")
        return self


class CardSortTask(_Task):
    type: Literal["card_sort"]
    cards: list[Card]
    piles: list[Text]

    _check = field_validator("cards")(lambda v: _unique_ids(v, "card"))


class ListTask(_Task):
    """A shared list that people add to, seeded with the toolkit's examples."""

    type: Literal["list"]
    entry_label: Text = Field("Add to the list", description="the label of an entry's main text")
    examples_intro: str | None = None
    examples: list[Card] = []
    pick: int | None = Field(None, ge=1, description="how many items a group chooses")
    follow_up: list[Question] = []

    _check = field_validator("examples")(lambda v: _unique_ids(v, "example"))


class GridTask(_Task):
    """Rows by columns (stakeholder needs, personal power card) or quadrants (assets)."""

    type: Literal["grid"]
    columns: list[Column]
    rows: list[Card] = []
    offers_from: Id | None = Field(None, description="the task whose answers are offered for placement")
    rows_from: Id | None = Field(None, description="a group list whose entries can be given to a group as its row")

    _check_columns = field_validator("columns")(lambda v: _unique_ids(v, "column"))
    _check_rows = field_validator("rows")(lambda v: _unique_ids(v, "row"))


class ValuesTreeTask(_Task):
    type: Literal["values_tree"]
    roots_from: Id = Field(description="the task whose answers are the roots")
    roots: Text
    trunk: Text
    leaves: Text


class ScenariosTask(_Task):
    type: Literal["scenarios"]
    background: Text
    scenarios: list[Scenario]
    discussion_intro: Text
    discussion: list[Text]
    stakeholder_groups: list[Card]

    _check = field_validator("scenarios")(lambda v: _unique_ids(v, "scenario"))


class ScaleTask(_Task):
    """Statements rated on an ordered scale (the evaluation questionnaire)."""

    type: Literal["scale"]
    scale: list[Text] = Field(min_length=2)
    statements: list[Card]
    compare_with: Id | None = Field(
        None, description="an earlier scale task with the same options and statement ids: each person's answer "
                          "there and here are shown side by side, and the board shows the shift")

    _check = field_validator("statements")(lambda v: _unique_ids(v, "statement"))

    @model_validator(mode="after")
    def _not_compared_with_itself(self):
        if self.compare_with == self.id:
            raise ValueError("compare_with names this task itself: name an earlier scale task")
        return self


class TextTask(_Task):
    """One free text, optionally preceded by a prompt ("Our definition of co-production is...")."""

    type: Literal["text"]
    prompt: Text
    wall: str | None = Field(None, description="if set, the heading of the group's wall showing everyone's texts")


class ContactTask(_Task):
    """An optional email address for a follow-up, given only with explicit consent."""

    type: Literal["contact"]
    prompt: Text
    consent: Text


Task = Annotated[
    QuestionsTask | CardSortTask | ListTask | GridTask | ValuesTreeTask | ScenariosTask | ScaleTask | TextTask
    | ContactTask,
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

    _check = field_validator("tasks")(lambda v: _unique_ids(v, "task"))

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

    _check = field_validator("parts")(lambda v: _unique_ids(v, "part"))

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

    _check = field_validator("tasks")(lambda v: _unique_ids(v, "task"))

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


