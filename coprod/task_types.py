"""Every task type and its parts, checked: importing this module fails, naming what is missing,
unless each member of the content's task union (coprod.content.Task) has every part.

A task type's parts live where their layer is (docs/architecture.md):

- its content model: a class of the ``Task`` union in coprod/content/models.py, whose ``type``
  is the name YAML uses;
- its builder, the widgets a participant uses: ``coprod.activities.BUILDERS``;
- its collation, for the facilitator's boards, revealed results and the report:
  ``coprod.collate.RENDERERS`` (or, for a type whose answers are never shown, a reason in
  ``NOT_COLLATED``);
- its brief, what the projector shows while the room works on it: ``coprod.presenter.brief.BRIEFS``;
- its demo filler, how ``coprod demo`` fills it in like a person: ``do_<type>`` in
  ``coprod.demo.filling.Room``.

Without this check a forgotten part fails quietly: the page says "coming soon", a board skips
the type, the demo stops with an AttributeError halfway through a room. The export rows need
no part: every stored answer is flattened the same way (coprod.exports.flatten).

This module imports the widgets (the builders): the read side never imports it. `coprod serve`
and `coprod check` do, so that a missing part stops them before a workshop starts.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass

from coprod.activities import BUILDERS
from coprod.collate import RENDERERS
from coprod.content import Task
from coprod.demo.filling import Room
from coprod.presenter.brief import BRIEFS

# Types whose answers no board or report shows, and why.
NOT_COLLATED = {"contact": "an email address is never shown"}


@dataclass(frozen=True)
class TaskType:
    name: str  # as YAML spells it (the model's ``type``)
    model: type
    builder: Callable
    collation: Callable | None  # None: see NOT_COLLATED
    brief: Callable
    demo_filler: Callable


class MissingParts(Exception):
    """A task type lacks a part, or a part names a type the content does not have."""


def content_types() -> dict[str, type]:
    """Each member of the content's task union, by the name its ``type`` field allows."""
    union = typing.get_args(Task)[0]
    return {model.model_fields["type"].annotation.__args__[0]: model for model in typing.get_args(union)}


def _demo_fillers() -> dict[str, Callable]:
    return {name.removeprefix("do_"): getattr(Room, name) for name in dir(Room) if name.startswith("do_")}


# Each part: where it is registered, and its registrations by type name.
PARTS: dict[str, tuple[str, Callable[[], dict[str, Callable]]]] = {
    "builder": ("coprod.activities.BUILDERS", lambda: BUILDERS),
    "collation": ("coprod.collate.RENDERERS (or NOT_COLLATED here)",
                  lambda: {**RENDERERS, **dict.fromkeys(NOT_COLLATED)}),
    "brief": ("coprod.presenter.brief.BRIEFS", lambda: BRIEFS),
    "demo filler": ("a do_<type> method of coprod.demo.filling.Room", _demo_fillers),
}


def problems(types: dict[str, type], parts: dict[str, tuple[str, Callable[[], dict]]]) -> list[str]:
    """Each missing or stray part, in words."""
    found = []
    for part, (where, registered) in parts.items():
        have = registered()
        found += [f"task type {name!r} ({model.__name__}) has no {part}: add it to {where}"
                  for name, model in types.items() if name not in have]
        found += [f"{where} has a {part} for {name!r}, which is not a task type of coprod.content.Task"
                  for name in have if name not in types]
    found += [f"{name!r} has a collation in coprod.collate.RENDERERS and a reason for none in NOT_COLLATED"
              for name in NOT_COLLATED if name in RENDERERS]
    return found


def registry() -> dict[str, TaskType]:
    types = content_types()
    missing = problems(types, PARTS)
    if missing:
        raise MissingParts("Every task type needs every part (see docs/architecture.md):\n- " + "\n- ".join(missing))
    fillers = _demo_fillers()
    return {name: TaskType(name, model, BUILDERS[name], RENDERERS.get(name), BRIEFS[name], fillers[name])
            for name, model in types.items()}


TASK_TYPES = registry()
