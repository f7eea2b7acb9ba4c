"""Loading a content folder: ``course.yaml``, ``activities/NN-slug.yaml``, and the extensions
that ``course.yaml`` enables (``extensions/<id>.yaml``, activities from outside the toolkit).

Every problem is collected, not only the first, and each names the file, the field path
and what is wrong. ``schema_version`` in ``course.yaml`` is checked first, so an old or new
folder gets one clear message instead of a cascade of field errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from coprod.content.models import Activity, Course, Followup, ScaleTask

SCHEMA_VERSION = 2


def _from_1(data: dict) -> dict:
    # Version 2 added ``followup`` (optional): a version 1 folder reads as one without a follow-up
    # questionnaire. One that names a follow-up was written for version 2 and says the wrong version.
    if "followup" in data:
        raise _UpgradeProblem("followup", "is new in schema_version 2: set schema_version to 2")
    return data


# How a course.yaml of an older version is read: each step takes a version's data to the next.
UPGRADES = {1: _from_1}


class _UpgradeProblem(ValueError):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(message)
# The course as it ships: package data, so that an installed coprod (a wheel, pipx) has it too.
DEFAULT_CONTENT_DIR = Path(str(resources.files("coprod") / "course"))


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
    activities: list[Activity]  # in course order, enabled extensions included
    extensions: tuple[str, ...] = ()  # ids of the enabled extensions (from extensions/, not activities/)
    followup: Followup | None = None  # the questionnaire answered months later, if the course has one

    def is_extension(self, activity_id: str) -> bool:
        """True for an activity loaded from ``extensions/``: one that is not part of the toolkit."""
        return activity_id in self.extensions

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


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a key given twice is an error: plain YAML keeps the
    last one silently, and a transcription slip would lose toolkit text without a word."""


def _mapping_without_repeats(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def _read_yaml(path: Path, rel: str, problems: list[Problem]):
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
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
    if version < SCHEMA_VERSION and not all(v in UPGRADES for v in range(version, SCHEMA_VERSION)):
        return Problem(
            rel, "schema_version",
            f"version {version} is older than {SCHEMA_VERSION} and has no upgrade path: update the content",
        )
    return None


def content_folder(path: Path | str) -> Path:
    """The content folder at ``path``: the folder itself, or the ``content/`` inside a folder
    that `coprod init` made (which holds the notebooks beside it)."""
    root = Path(path)
    if not (root / "course.yaml").is_file() and (root / "content" / "course.yaml").is_file():
        return root / "content"
    return root


def collect(content_dir: Path | str = DEFAULT_CONTENT_DIR) -> tuple[CourseContent | None, list[Problem]]:
    """Load a content folder, returning the content (or None) and every problem found."""
    root = content_folder(content_dir)
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
        try:
            for version in range(data["schema_version"], SCHEMA_VERSION):
                data = UPGRADES[version](data)
        except _UpgradeProblem as exc:
            return None, [Problem("course.yaml", exc.field, exc.message)]
        course = _validate(Course, data, "course.yaml", problems)

    activities: dict[str, Activity] = {}
    files_by_id: dict[str, str] = {}
    files = sorted((root / "activities").glob("*.yaml"))
    if not files:
        problems.append(Problem("activities/", "", "no activity files (activities/NN-slug.yaml)"))
    for path in files:
        _add_activity(path, f"activities/{path.name}", activities, files_by_id, problems)

    # Only the extensions course.yaml enables are read: a disabled one is not part of the course.
    extensions: list[str] = []
    for i, extension_id in enumerate(course.extensions if course is not None else []):
        rel = f"extensions/{extension_id}.yaml"
        path = root / rel
        if not path.is_file():
            problems.append(Problem("course.yaml", f"extensions.{i}",
                                    f"names extension {extension_id!r}, but there is no file {rel}"))
            continue
        if _add_activity(path, rel, activities, files_by_id, problems, expected_id=extension_id):
            extensions.append(extension_id)

    if course is not None:
        for i, activity_id in enumerate(course.order):
            if activity_id in activities or activity_id in course.extensions \
                    or any(p.file.startswith(("activities/", "extensions/")) for p in problems):
                continue  # defined, or its file's problem is reported already
            if (root / "extensions" / f"{activity_id}.yaml").is_file():
                problems.append(Problem("course.yaml", f"order.{i}",
                                        f"names activity {activity_id!r}, an extension that is not enabled: "
                                        "add it to extensions"))
            else:
                problems.append(Problem("course.yaml", f"order.{i}",
                                        f"names activity {activity_id!r}, which no file defines"))
        if len(set(course.order)) != len(course.order):
            problems.append(Problem("course.yaml", "order", "names an activity more than once"))
        for activity_id, rel in files_by_id.items():
            if activity_id not in course.order:
                problems.append(Problem(rel, "id", f"activity {activity_id!r} is not named in course.yaml's order"))
    problems += _cross_checks(activities, files_by_id)
    followup = _read_followup(root, course, activities, problems) if course is not None else None

    if problems or course is None:
        return None, problems
    return CourseContent(course, [activities[a] for a in course.order], tuple(extensions), followup), []


def _read_followup(root: Path, course: Course, activities: dict[str, Activity],
                   problems: list[Problem]) -> Followup | None:
    """The follow-up questionnaire that course.yaml names, checked against the activities: its
    answers are stored beside theirs, and a scale it asks again must be one of theirs."""
    if course.followup is None:
        return None
    rel = course.followup
    if not (root / rel).is_file():
        problems.append(Problem("course.yaml", "followup", f"names {rel}, which is not in the content folder"))
        return None
    data = _read_yaml(root / rel, rel, problems)
    followup = _validate(Followup, data, rel, problems) if data is not None else None
    if followup is None:
        return None
    if any(p.file.startswith(("activities/", "extensions/")) for p in problems):
        return None  # what it names may be in a file that did not load: that file's problem is reported
    before = len(problems)
    if followup.id in activities:
        problems.append(Problem(rel, "id", f"{followup.id!r} is an activity's id: the follow-up needs its own"))
    tasks = {task.id: task for activity in activities.values() for part in activity.parts for task in part.tasks}
    for t, task in enumerate(followup.tasks):
        if task.id in tasks:
            problems.append(Problem(rel, f"tasks.{t}.id", f"task id {task.id!r} is also an activity's task"))
        if isinstance(task, ScaleTask) and task.compare_with is not None:
            earlier = tasks.get(task.compare_with)
            message = (f"names task {task.compare_with!r}, which no activity defines" if earlier is None
                       else _comparable(task, earlier))
            if message:
                problems.append(Problem(rel, f"tasks.{t}.compare_with", message))
    return followup if len(problems) == before else None


def _add_activity(path: Path, rel: str, activities: dict[str, Activity], files_by_id: dict[str, str],
                  problems: list[Problem], *, expected_id: str | None = None) -> Activity | None:
    """Read and validate one activity file and add it to ``activities``; None if it has a problem."""
    data = _read_yaml(path, rel, problems)
    if data is None:
        return None
    activity = _validate(Activity, data, rel, problems)
    if activity is None:
        return None
    if expected_id is not None and activity.id != expected_id:
        # An extension has one name in course.yaml, its file name and the order.
        problems.append(Problem(rel, "id", f"is {activity.id!r}, but an extension's id must be its file name "
                                           f"({expected_id!r})"))
        return None
    if activity.id in activities:
        problems.append(Problem(rel, "id",
                                f"duplicate activity id {activity.id!r} (also in {files_by_id[activity.id]})"))
        return None
    activities[activity.id] = activity
    files_by_id[activity.id] = rel
    return activity


def _cross_checks(activities: dict[str, Activity], files: dict[str, str]) -> list[Problem]:
    """What no single file can check: ids unique across the course, references that resolve."""
    problems = []
    numbers: dict[int, str] = {}
    task_files: dict[str, str] = {}
    for activity in activities.values():
        rel = files[activity.id]
        if activity.number in numbers:
            problems.append(Problem(rel, "number", f"activity number {activity.number} is also used by "
                                                   f"{numbers[activity.number]}"))
        numbers.setdefault(activity.number, rel)
        for p, part in enumerate(activity.parts):
            for t, task in enumerate(part.tasks):
                # Answers are stored under (activity, task): two tasks with one id would share them.
                if task.id in task_files:
                    problems.append(Problem(rel, f"parts.{p}.tasks.{t}.id",
                                            f"task id {task.id!r} is also used in {task_files[task.id]}"))
                task_files.setdefault(task.id, rel)
    tasks = {task.id: task for activity in activities.values() for part in activity.parts for task in part.tasks}
    for activity in activities.values():
        for p, part in enumerate(activity.parts):
            for t, task in enumerate(part.tasks):
                for field in ("roots_from", "offers_from", "rows_from", "compare_with"):
                    source = getattr(task, field, None)
                    if source is not None and source not in task_files:
                        problems.append(Problem(files[activity.id], f"parts.{p}.tasks.{t}.{field}",
                                                f"names task {source!r}, which no activity defines"))
                if isinstance(task, ScaleTask) and task.compare_with in tasks:
                    message = _comparable(task, tasks[task.compare_with])
                    if message:
                        problems.append(Problem(files[activity.id], f"parts.{p}.tasks.{t}.compare_with", message))
    return problems


def _comparable(task: ScaleTask, earlier) -> str | None:
    """Why a scale cannot be compared with ``earlier`` (None if it can): a move up or down means
    something only between the same options, and statements are paired by their ids."""
    if not isinstance(earlier, ScaleTask):
        return f"names task {earlier.id!r}, which is a {earlier.type} task, not a scale task"
    if earlier.scale != task.scale:
        return f"names task {earlier.id!r}, whose scale has other options: both need the same options in the same order"
    unpaired = [s.id for s in task.statements if s.id not in {e.id for e in earlier.statements}]
    if unpaired:
        return (f"names task {earlier.id!r}, which has no statement with the id {', '.join(map(repr, unpaired))} "
                "(statements are paired by id)")
    return None


def load(content_dir: Path | str = DEFAULT_CONTENT_DIR) -> CourseContent:
    """Load a content folder, raising ContentError listing every problem."""
    content, problems = collect(content_dir)
    if problems:
        raise ContentError(problems)
    return content
