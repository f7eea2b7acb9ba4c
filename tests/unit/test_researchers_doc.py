"""docs/researchers.md cannot drift: every field of every content model is documented in its
model's section, every task type is in the guide, and the guide's Python example runs."""

from __future__ import annotations

import inspect
import re
import sys
import typing
from pathlib import Path

import ipywidgets as w
import pytest
from pydantic import BaseModel

from coprod import content_base as base
from coprod.content import models
from coprod.tasks.parts import content_types

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "researchers.md"


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _models_in(annotation) -> list[type[BaseModel]]:
    """The content models an annotation refers to, through lists, unions and Annotated."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def reachable() -> list[type[BaseModel]]:
    """Every model a content file can contain, walked from course.yaml's, an activity file's and
    the follow-up questionnaire's models through their fields (into every task type of a part's tasks)."""
    found: list[type[BaseModel]] = []
    todo = [models.Course, models.Activity, models.Followup]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            todo += _models_in(field.annotation)
    return found


def defined_in(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The class that declares a field: a task type's `id` is declared by the base of every task."""
    return next(cls for cls in reversed(model.__mro__)
                if issubclass(cls, BaseModel) and name in inspect.get_annotations(cls))


def section(model: type[BaseModel]) -> str:
    """The guide's section for a model: from its heading (### `Name` ...) to the next heading."""
    text = guide()
    match = re.search(rf"^###+ [^\n]*`{model.__name__}`[^\n]*$", text, re.M)
    assert match, f"docs/researchers.md has no section headed with `{model.__name__}`"
    rest = text[match.end():]
    following = re.search(r"^#{1,3} ", rest, re.M)
    return rest[:following.start()] if following else rest


def test_the_walk_reaches_every_model_and_every_task_type():
    walked = reachable()
    # The content's models: the course's own, their bases, and each task type's (in its package).
    modules = [models, base, *(sys.modules[kind.__module__] for kind in content_types().values())]
    declared = {cls for module in modules for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, BaseModel) and cls.__module__ == module.__name__}
    # The bases hold no fields of their own that a file could not reach through a task type.
    assert declared - set(walked) == {base.Model, base.TaskBase}
    assert set(_models_in(models.Task)) <= set(walked) and len(_models_in(models.Task)) == len(content_types())


FIELDS = [(model, name) for model in reachable() for name in model.model_fields]


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=[f"{m.__name__}.{n}" for m, n in FIELDS])
def test_every_field_is_documented_in_its_models_section(model, name):
    owner = defined_in(model, name)
    assert f"`{name}`" in section(owner), (
        f"{model.__name__}.{name} is not documented: add `{name}` to the section for `{owner.__name__}` "
        "in docs/researchers.md")


TASK_TYPES = _models_in(models.Task)


@pytest.mark.parametrize("model", TASK_TYPES, ids=[m.__name__ for m in TASK_TYPES])
def test_every_task_type_says_its_type_and_is_in_the_table_of_task_types(model):
    [type_name] = typing.get_args(model.model_fields["type"].annotation)
    assert f"(`type: {type_name}`)" in guide().split(f"`{model.__name__}`", 1)[1].split("\n", 1)[0]
    assert re.search(rf"^\| `{type_name}` \|", guide(), re.M), f"{type_name} is not in the table of task types"


def test_the_readme_links_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    researchers = readme[readme.index("## For researchers"):]
    researchers = researchers[:researchers.index("\n## ", 1)]
    assert "(docs/researchers.md)" in researchers


def test_the_guides_python_example_runs(tmp_path, monkeypatch):
    [code] = re.findall(r"```python\n(.*?)```", guide(), re.S)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("COPROD_DATABASE_URL", raising=False)  # the example uses the workbook's own database
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}

    exec(compile(code, str(GUIDE), "exec"), namespace)

    assert (tmp_path / "coprod" / "workbook.sqlite3").is_file()  # where the guide says answers go
    assert isinstance(namespace["page"], w.VBox) and isinstance(namespace["mine"], w.VBox)
    assert len(namespace["mine"].children) == 4
    assert "coprod-collate" in namespace["board"].value
    assert list(namespace["answers"].columns)[:3] == ["workshop", "group", "participant"]
    namespace["store"].dispose()
