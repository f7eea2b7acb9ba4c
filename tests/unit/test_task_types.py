"""The task types' registry (coprod.task_types): every member of the content's task union has
every part, each part works on the course's own tasks, and the read side loads no widgets."""

from __future__ import annotations

import subprocess
import sys

import ipywidgets as w
import pytest

from coprod.collate import Room
from coprod.content import Task
from coprod.demo import make_demo
from coprod.session import Session
from coprod.store import Store
from coprod.task_types import NOT_COLLATED, PARTS, TASK_TYPES, MissingParts, content_types, problems, registry

READ_SIDE = ("coprod.collate", "coprod.analysis", "coprod.exports", "coprod.report")


@pytest.fixture(scope="module")
def demo(content):
    store = Store.memory()
    workshop = make_demo(store, content, seed=3, groups=2, people_per_group=2)
    yield store, workshop
    store.dispose()


def first_of(content, name: str):
    """The course's first task of this type, with its activity and part."""
    return next((activity, part, task) for activity in content.activities for part in activity.parts
                for task in part.tasks if task.type == name)


def test_the_registry_holds_every_member_of_the_task_union():
    assert set(TASK_TYPES) == set(content_types())
    assert set(content_types().values()) == set(Task.__args__[0].__args__)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_every_part_of_a_task_type_works_on_the_courses_own_task(name, content, demo):
    store, workshop = demo
    kind = TASK_TYPES[name]
    activity, part, task = first_of(content, name)
    assert isinstance(task, kind.model)
    person = store.participants(workshop)[0]
    assert isinstance(kind.builder(activity, task, Session(store, content, workshop, person)), w.Widget)
    assert isinstance(kind.brief(task), tuple)
    # The demo filled it in through its filler: answers of this task are stored (an email is
    # kept apart from answers, in the contacts).
    filled = store.contacts(workshop) if name == "contact" else store.current(workshop.id, activity.id, task.id)
    assert filled, f"the demo left {name!r} empty"
    if kind.collation is None:
        assert NOT_COLLATED[name]
    else:
        output = kind.collation(Room.read(store, content, workshop), activity, part, task, 4)
        assert output.room or output.groups, f"the collation of {name!r} showed nothing of a filled room"


def test_a_missing_part_fails_loudly_naming_the_type_and_the_part():
    parts = {**PARTS, "brief": ("coprod.presenter.brief.BRIEFS", lambda: {"questions": print})}
    missing = problems(content_types(), parts)
    assert "task type 'scale' (ScaleTask) has no brief: add it to coprod.presenter.brief.BRIEFS" in missing
    assert len([m for m in missing if "has no brief" in m]) == len(content_types()) - 1


def test_a_part_for_a_type_the_content_lacks_is_named_too(monkeypatch):
    import coprod.task_types as task_types

    monkeypatch.setitem(task_types.BUILDERS, "ranking", print)
    with pytest.raises(MissingParts, match="has a builder for 'ranking', which is not a task type"):
        registry()


def test_importing_the_read_side_loads_no_widgets():
    # A fresh interpreter: this one has imported ipywidgets already.
    code = (f"import sys\nimport {', '.join(READ_SIDE)}\n"
            "loaded = sorted(m for m in sys.modules if m == 'ipywidgets' or m.startswith(('ipywidgets.', "
            "'coprod.activities', 'coprod.widgets', 'coprod.session')))\nprint(loaded)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
