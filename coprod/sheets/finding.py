"""Finding a sheet's activity and task in a content folder.

A researcher may print from an adapted content folder with an activity left out or a task
renamed. The sheet then cannot be made, and the message has to say which activity and task
it needed: a bare KeyError('individual-values') says neither.
"""

from __future__ import annotations

from typing import TypeVar

from coprod.content import Activity, CourseContent, Part

T = TypeVar("T")


class SheetUnavailable(ValueError):
    """A sheet that cannot be made from this content: unknown, or its activity or task is missing."""


def find_activity(content: CourseContent, activity_id: str, sheet_name: str) -> Activity:
    for activity in content.activities:
        if activity.id == activity_id:
            return activity
    raise SheetUnavailable(
        f"The {sheet_name} is printed from the activity {activity_id!r}, which this content folder does not have."
    )


def find_task(activity: Activity, task_id: str, task_type: type[T], sheet_name: str) -> T:
    """The task with this id, which must be of this type (each type has its own fields)."""
    wanted = _type_name(task_type)
    where = f"Activity {activity.number} ({activity.id!r}: {activity.title})"
    for part in activity.parts:
        for task in part.tasks:
            if task.id != task_id:
                continue
            if not isinstance(task, task_type):
                raise SheetUnavailable(
                    f"The {sheet_name} is printed from the task {task_id!r} of {where}, which is a "
                    f"{task.type!r} task, not a {wanted!r} task."
                )
            return task
    raise SheetUnavailable(
        f"The {sheet_name} is printed from the {wanted!r} task {task_id!r} of {where}, which has no such task."
    )


def part_of(activity: Activity, task) -> Part:
    """The part a task belongs to: its title says which half of a two-part activity a sheet is for."""
    return next(part for part in activity.parts if any(t.id == task.id for t in part.tasks))


def _type_name(task_type: type) -> str:
    # The type's name as YAML spells it: the one value its Literal ``type`` field allows.
    return task_type.model_fields["type"].annotation.__args__[0]
