"""Where a task type's parts are. Each type is one package, ``coprod/tasks/<type>/``, named as
YAML spells the type, with one module per part:

| part | module | name in it | what it is |
|---|---|---|---|
| content model | ``model`` | the class in the content's ``Task`` union | the fields its YAML may have |
| builder | ``builder`` | ``build`` | ``(activity, task, session) -> widget``: what a participant uses |
| collation | ``collation`` | ``render`` | ``(room, activity, part, task, level) -> Output``: its board and report |
| brief | ``brief`` | ``brief`` | ``task -> (heading, body)``: what the projector shows while the room works |
| demo filler | ``demo`` | ``fill`` | ``(room, activity, task)``: how ``coprod demo`` fills it in |
| stored answer | ``answer`` | ``ANSWERS`` | ``Answers``: the shape of each value it stores (coprod.tasks.answers) |

A type whose answers no board or report may show says why in its package's ``NOT_COLLATED``
instead of having a collation (an email address is never shown).

The lookups here import only the part asked for: the read side (coprod.collate, the report, the
exports) asks for collations and answers and so never loads a builder's ipywidgets. That every
type has every part is checked by coprod.tasks.registry, which imports them all.
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Callable
from types import ModuleType

from coprod.content import Task

# part -> (module in the type's package, the name in it)
PARTS: dict[str, tuple[str, str]] = {
    "builder": ("builder", "build"),
    "collation": ("collation", "render"),
    "brief": ("brief", "brief"),
    "demo filler": ("demo", "fill"),
    "stored answer": ("answer", "ANSWERS"),
}


def content_types() -> dict[str, type]:
    """Each member of the content's task union, by the name its ``type`` field allows."""
    union = typing.get_args(Task)[0]
    return {model.model_fields["type"].annotation.__args__[0]: model for model in typing.get_args(union)}


def package(type_name: str) -> ModuleType:
    return importlib.import_module(f"coprod.tasks.{type_name}")


def module_of(type_name: str, module: str) -> ModuleType | None:
    """A type's module of that name, or None when it has none (any other import error is raised:
    a part that is there but broken must not pass for a part that is missing)."""
    name = f"coprod.tasks.{type_name}.{module}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, f"coprod.tasks.{type_name}"):
            return None
        raise


def part(type_name: str, part_name: str):
    """One part of one type (see the table above), or None when the type lacks it."""
    module_name, attribute = PARTS[part_name]
    module = module_of(type_name, module_name)
    return getattr(module, attribute, None) if module is not None else None


def parts(part_name: str) -> dict[str, Callable]:
    """One part of every type that has it, by type name."""
    found = {name: part(name, part_name) for name in content_types()}
    return {name: found_part for name, found_part in found.items() if found_part is not None}


def not_collated() -> dict[str, str]:
    """Types whose answers are never shown on a board or in a report, and why."""
    reasons = {name: getattr(package(name), "NOT_COLLATED", None) for name in content_types()}
    return {name: reason for name, reason in reasons.items() if reason}
