"""The task types' registry (coprod.tasks.registry): every member of the content's task union has
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
from coprod.tasks.parts import content_types, not_collated, part
from coprod.tasks.registry import TASK_TYPES, MissingParts, problems, registry

READ_SIDE = ("coprod.collate", "coprod.analysis", "coprod.exports", "coprod.report")


@pytest.fixture(scope="module")
def demo(extended_content):
    store = Store.memory()
    workshop = make_demo(store, extended_content, seed=3, groups=2, people_per_group=2)
    yield store, workshop
    store.dispose()


def first_of(content, name: str):
    """The course's first task of this type, with its activity and part."""
    return next((activity, part, task) for activity in content.activities for part in activity.parts
                for task in part.tasks if task.type == name)


def test_the_registry_holds_every_member_of_the_task_union():
    assert set(TASK_TYPES) == set(content_types())
    assert set(content_types().values()) == set(Task.__args__[0].__args__)


def test_every_task_type_is_used_by_the_courses_own_content(extended_content):
    # A type only an extension uses counts: its YAML ships, though the extension may not be enabled.
    assert {task.type for a in extended_content.activities for p in a.parts for task in p.tasks} == set(TASK_TYPES)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_every_part_of_a_task_type_works_on_the_courses_own_task(name, extended_content, demo):
    content = extended_content
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
        assert not_collated()[name]
    else:
        output = kind.collation(Room.read(store, content, workshop), activity, part, task, 4)
        assert output.room or output.groups, f"the collation of {name!r} showed nothing of a filled room"


def test_a_missing_part_fails_loudly_naming_the_type_and_the_part():
    def without_briefs(name, part_name):
        return None if part_name == "brief" and name != "questions" else part(name, part_name)

    missing = problems(content_types(), without_briefs)
    assert "task type 'scale' (ScaleTask) has no brief: add brief to coprod/tasks/scale/brief.py" in missing
    assert len(missing) == len(content_types()) - 1


def test_a_type_whose_answer_module_lacks_its_answers_is_named(monkeypatch):
    from coprod.tasks import parts
    from coprod.tasks.scale import answer

    monkeypatch.delattr(answer, "ANSWERS")
    assert parts.module_of("scale", "answer") is answer  # there, but without the name
    assert problems(content_types()) == ["task type 'scale' (ScaleTask) has no stored answer: add ANSWERS to "
                                         "coprod/tasks/scale/answer.py"]
    with pytest.raises(MissingParts, match=r"'scale' .* has no stored answer: add ANSWERS"):
        registry()


def test_a_type_whose_answers_are_never_shown_needs_a_reason_instead_of_a_collation():
    assert not_collated() == {"contact": "an email address is never shown"}
    missing = problems(content_types(), reasons={})
    assert missing == ["task type 'contact' (ContactTask) has no collation: add render to "
                       "coprod/tasks/contact/collation.py"]


def test_a_package_whose_type_the_content_lacks_is_named_too(monkeypatch):
    import coprod.tasks.registry as task_registry

    monkeypatch.setattr(task_registry, "packages", lambda: {*content_types(), "ranking_draft"})
    with pytest.raises(MissingParts, match="coprod/tasks/ranking_draft/ has a content model but no member"):
        registry()


def test_a_model_outside_its_package_is_named():
    class Stray:
        pass

    missing = problems({"questions": Stray, **{k: v for k, v in content_types().items() if k != "questions"}})
    assert missing[0].startswith("task type 'questions' (Stray) is defined in tests.unit.test_task_types: move it")


def test_a_part_that_is_there_but_broken_is_not_taken_for_a_missing_one(tmp_path, monkeypatch):
    from coprod.tasks import parts

    def broken(name):
        raise ModuleNotFoundError("No module named 'numpyy'", name="numpyy")

    monkeypatch.setattr(parts.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="numpyy"):
        parts.module_of("scale", "collation")


def test_importing_the_read_side_loads_no_widgets():
    # A fresh interpreter: this one has imported ipywidgets already.
    code = (f"import sys\nimport {', '.join(READ_SIDE)}\n"
            "loaded = sorted(m for m in sys.modules if m == 'ipywidgets' or m.startswith(('ipywidgets.', "
            "'coprod.activities', 'coprod.widgets', 'coprod.session')))\nprint(loaded)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
