"""The course as data: load a content folder (YAML) into typed, validated models.

A content folder holds ``course.yaml`` and ``activities/NN-slug.yaml``. Every model
forbids unknown fields, so a typo in a field name is an error that names the file and
the field rather than a silently ignored key. ``schema_version`` in ``course.yaml`` is
checked first, so an old or new folder gets a clear message instead of a cascade of
field errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SCHEMA_VERSION = 1
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

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


class Question(Model):
    id: Id
    text: Text
    hint_intro: str | None = None  # "For example, you may be interested in:"
    hints: list[Text] = []
    examples: str | None = None  # "for example, talking to a wide range of people, ..."


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


class QuestionsTask(_Task):
    """Free-text answers to questions, as many responses per question as people like."""

    type: Literal["questions"]
    questions: list[Question]
    post_to_board: int | None = Field(None, ge=1, description="how many responses each person posts per question")
    goals_from: Id | None = Field(None, description="the question whose posted responses are personal goals")
    repeatable: bool = False

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

    _check = field_validator("statements")(lambda v: _unique_ids(v, "statement"))


class TextTask(_Task):
    """One free text, optionally preceded by a prompt ("Our definition of co-production is...")."""

    type: Literal["text"]
    prompt: Text


Task = Annotated[
    QuestionsTask | CardSortTask | ListTask | GridTask | ValuesTreeTask | ScenariosTask | ScaleTask | TextTask,
    Field(discriminator="type"),
]


class Part(Model):
    id: Id
    title: str | None = None
    aim: Text
    instructions: list[Instruction]
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
    number: int = Field(ge=1)
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


# --- loading ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content folder: which file, which field, what."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class CourseContent:
    course: Course
    activities: list[Activity]  # in course order

    def activity(self, activity_id: str) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)


def _field_path(loc, data) -> str:
    """The dotted path of a field as written in the file.

    Pydantic puts a discriminated union's tag into the location (``tasks.0.card_sort.cards``);
    it is not a key in the file, so it is left out (``tasks.0.cards``).
    """
    path, node, untagged = [], data, True
    for key in loc:
        if untagged and isinstance(node, dict) and node.get("type") == key:
            untagged = False  # the tag comes first, even when a field has the same name
            continue
        path.append(str(key))
        untagged = True
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            node = None
    return ".".join(path) or "(top level)"


def _read_yaml(path: Path, rel: str, problems: list[Problem]):
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(Problem(rel, where, f"invalid YAML: {exc.problem or exc}"))
        return None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        problems.append(Problem(rel, "", f"cannot read: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(rel, "", "expected a mapping of fields at the top level"))
        return None
    return data


def _validate(model, data: dict, rel: str, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(rel, _field_path(err["loc"], data), _message(err)))
        return None


def _message(err) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "missing field"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _check_version(data: dict, rel: str) -> Problem | None:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return Problem(rel, "schema_version",
                       f"missing or not a whole number (this coprod reads version {SCHEMA_VERSION})")
    if version > SCHEMA_VERSION:
        return Problem(
            rel, "schema_version",
            f"version {version} is newer than this coprod understands ({SCHEMA_VERSION}): upgrade coprod",
        )
    if version < SCHEMA_VERSION:
        return Problem(
            rel, "schema_version",
            f"version {version} is older than {SCHEMA_VERSION} and has no upgrade path: update the content",
        )
    return None


def collect(content_dir: Path | str = DEFAULT_CONTENT_DIR) -> tuple[CourseContent | None, list[Problem]]:
    """Load a content folder, returning the content (or None) and every problem found."""
    root = Path(content_dir)
    problems: list[Problem] = []
    course_path = root / "course.yaml"
    if not course_path.is_file():
        return None, [Problem(str(course_path), "", "file not found (is this a coprod content folder?)")]

    course = None
    data = _read_yaml(course_path, "course.yaml", problems)
    if data is not None:
        version_problem = _check_version(data, "course.yaml")
        if version_problem:
            return None, [version_problem]
        course = _validate(Course, data, "course.yaml", problems)

    activities: dict[str, Activity] = {}
    files_by_id: dict[str, str] = {}
    files = sorted((root / "activities").glob("*.yaml"))
    if not files:
        problems.append(Problem("activities/", "", "no activity files (activities/NN-slug.yaml)"))
    for path in files:
        rel = f"activities/{path.name}"
        data = _read_yaml(path, rel, problems)
        if data is None:
            continue
        activity = _validate(Activity, data, rel, problems)
        if activity is None:
            continue
        if activity.id in activities:
            problems.append(Problem(rel, "id", f"duplicate activity id {activity.id!r} (also in another file)"))
            continue
        activities[activity.id] = activity
        files_by_id[activity.id] = rel

    if course is not None:
        for i, activity_id in enumerate(course.order):
            if activity_id not in activities and not any(p.file.startswith("activities/") for p in problems):
                problems.append(Problem("course.yaml", f"order.{i}",
                                        f"names activity {activity_id!r}, which no file defines"))
        if len(set(course.order)) != len(course.order):
            problems.append(Problem("course.yaml", "order", "names an activity more than once"))
        for activity_id, rel in files_by_id.items():
            if activity_id not in course.order:
                problems.append(Problem(rel, "id", f"activity {activity_id!r} is not named in course.yaml's order"))
    for activity in activities.values():
        for p, part in enumerate(activity.parts):
            for t, task in enumerate(part.tasks):
                if isinstance(task, ValuesTreeTask) and not _task_exists(activities, task.roots_from):
                    problems.append(Problem(files_by_id[activity.id], f"parts.{p}.tasks.{t}.roots_from",
                                            f"names task {task.roots_from!r}, which no activity defines"))

    if problems or course is None:
        return None, problems
    return CourseContent(course, [activities[a] for a in course.order]), []


def _task_exists(activities: dict[str, Activity], task_id: str) -> bool:
    return any(t.id == task_id for a in activities.values() for p in a.parts for t in p.tasks)


def load(content_dir: Path | str = DEFAULT_CONTENT_DIR) -> CourseContent:
    """Load a content folder, raising ContentError listing every problem."""
    content, problems = collect(content_dir)
    if problems:
        raise ContentError(problems)
    return content
