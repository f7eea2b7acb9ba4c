"""Every task type and its parts, checked: importing this module fails, naming what is missing,
unless each member of the content's task union (coprod.content.Task) has every part in its
package, coprod/tasks/<type>/ (the table of parts is in coprod.tasks.parts).

Without this check a forgotten part fails quietly: the page says "coming soon", a board skips
the type, the demo stops halfway through a room. It imports every part, the builders' widgets
included, so the read side never imports it; `coprod serve`, `coprod check` and `coprod demo` do,
so that a missing part stops them before a workshop starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from coprod.tasks.answers import Answers
from coprod.tasks.parts import PARTS, content_types, not_collated, part


@dataclass(frozen=True)
class TaskType:
    name: str  # as YAML spells it (the model's ``type``), and its package's name
    model: type
    builder: Callable
    collation: Callable | None  # None: its package's NOT_COLLATED says why
    brief: Callable
    demo_filler: Callable
    answers: Answers  # the shape of each value it stores


class MissingParts(Exception):
    """A task type lacks a part, or a package holds a type the content does not have."""


def packages() -> set[str]:
    """The folders of coprod/tasks that hold a task type (a content model)."""
    return {entry.name for entry in resources.files("coprod.tasks").iterdir()
            if entry.is_dir() and entry.joinpath("model.py").is_file()}


def problems(types: dict[str, type], find: Callable = part, reasons: dict[str, str] | None = None,
             folders: set[str] | None = None) -> list[str]:
    """Each missing or stray part, in words."""
    reasons = not_collated() if reasons is None else reasons
    found = []
    for name, model in types.items():
        where = f"coprod/tasks/{name}/"
        if model.__module__ != f"coprod.tasks.{name}.model":
            found.append(f"task type {name!r} ({model.__name__}) is defined in {model.__module__}: "
                         f"move it to {where}model.py")
        for part_name, (module, attribute) in PARTS.items():
            if part_name == "collation" and name in reasons:
                if find(name, part_name) is not None:
                    found.append(f"task type {name!r} has a collation and a reason for none (NOT_COLLATED)")
                continue
            if find(name, part_name) is None:
                found.append(f"task type {name!r} ({model.__name__}) has no {part_name}: "
                             f"add {attribute} to {where}{module}.py")
    for folder in sorted((packages() if folders is None else folders) - set(types)):
        found.append(f"coprod/tasks/{folder}/ has a content model but no member of coprod.content's Task union: "
                     "add its class to the union in coprod/content/models.py")
    return found


def registry() -> dict[str, TaskType]:
    types = content_types()
    missing = problems(types)
    if missing:
        raise MissingParts("Every task type needs every part (see docs/architecture.md):\n- " + "\n- ".join(missing))
    return {name: TaskType(name, model, part(name, "builder"), part(name, "collation"), part(name, "brief"),
                           part(name, "demo filler"), part(name, "stored answer"))
            for name, model in types.items()}


TASK_TYPES = registry()
