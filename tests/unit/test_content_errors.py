"""A broken content folder is reported problem by problem: which file, which field, what.

Each case copies the real content folder and breaks one thing in it, then checks that
`collect` reports exactly the expected problems, and that `coprod check` prints them one to
a line and exits 1 without a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coprod.cli import cli
from coprod.content import DEFAULT_CONTENT_DIR, ContentError, collect, load

REAL_CONTENT = DEFAULT_CONTENT_DIR


# --- ways to break a content folder ------------------------------------------------------


def edit_yaml(rel, change, *, wrap_in_list=False):
    """Load a file, let `change` mutate the data, write it back (optionally as a list)."""

    def mutate(root: Path):
        path = root / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        data = [data] if wrap_in_list else data
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return mutate


def replace_text(rel, old, new):
    def mutate(root: Path):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}: the case no longer breaks anything"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def remove(rel):
    def mutate(root: Path):
        path = root / rel
        assert path.exists()
        path.unlink()

    return mutate


def empty_activities(root: Path):
    files = list((root / "activities").glob("*.yaml"))
    assert files
    for path in files:
        path.unlink()


def rename_key(mapping, old, new):
    mapping[new] = mapping.pop(old)


def first_task(activity):
    return activity["parts"][0]["tasks"][0]


def duplicate_first_card(activity):
    cards = first_task(activity)["cards"]
    cards.append(dict(cards[0]))


VALUES = "activities/03-values.yaml"
DEFINING = "activities/02-defining-co-production.yaml"
FOLLOWUP = "followup.yaml"
LADDER = "extensions/ladder-of-co-production.yaml"  # an extension, enabled in course.yaml

# id, how to break the folder, the expected problems as (file, field, words in the message).
CASES = [
    pytest.param(
        replace_text(VALUES, "number: 3", "number: [3"),
        [(VALUES, "line 3, column 6", "invalid YAML")],
        id="broken-yaml-syntax",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: a["parts"][0].pop("aim")),
        [(VALUES, "parts.0.aim", "missing field")],
        id="missing-field",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: rename_key(a["parts"][0], "aim", "aims")),
        [(VALUES, "parts.0.aim", "missing field"), (VALUES, "parts.0.aims", "unknown field")],
        id="unknown-field-typo",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: first_task(a)["questions"][0].pop("text")),
        # The path is the one in the file: no "questions" tag between the task and its field.
        [(VALUES, "parts.0.tasks.0.questions.0.text", "missing field")],
        id="missing-field-inside-a-task",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: a.update(number="one")),
        [(VALUES, "number", "valid integer")],
        id="wrong-type-number",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: a["parts"][0].update(instructions=5)),
        [(VALUES, "parts.0.instructions", "valid list")],
        id="wrong-type-instructions",
    ),
    pytest.param(
        edit_yaml("activities/04-assets.yaml", lambda a: a.update(id="values")),
        [("activities/04-assets.yaml", "id", "duplicate activity id 'values'")],
        id="duplicate-activity-id",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c["order"].__setitem__(c["order"].index("planning"), "plannning")),
        [("course.yaml", "order.12", "names activity 'plannning', which no file defines"),
         ("activities/12-planning.yaml", "id", "activity 'planning' is not named in course.yaml's order")],
        id="order-names-missing-activity",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c["order"].remove("power")),
        [("activities/08-power.yaml", "id", "activity 'power' is not named in course.yaml's order")],
        id="activity-left-out-of-order",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: a["parts"][1]["tasks"][0].update(roots_from="no-such-task")),
        [(VALUES, "parts.1.tasks.0.roots_from", "names task 'no-such-task'")],
        id="roots-from-names-missing-task",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(schema_version=3)),
        [("course.yaml", "schema_version", "newer than")],
        id="schema-version-too-new",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(schema_version=0)),
        [("course.yaml", "schema_version", "older than")],
        id="schema-version-too-old",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.pop("schema_version")),
        [("course.yaml", "schema_version", "missing or not a whole number")],
        id="schema-version-missing",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(schema_version="2")),
        [("course.yaml", "schema_version", "missing or not a whole number")],
        id="schema-version-a-string",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(schema_version=1)),
        [("course.yaml", "followup", "is new in schema_version 2")],
        id="followup-in-a-version-1-course",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(followup="no-such-file.yaml")),
        [("course.yaml", "followup", "names no-such-file.yaml, which is not in the content folder")],
        id="followup-file-missing",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f["tasks"][2].update(compare_with="no-such-task")),
        [(FOLLOWUP, "tasks.2.compare_with", "names task 'no-such-task', which no activity defines")],
        id="followup-compares-with-missing-task",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f["tasks"][2]["statements"][0].update(id="brave")),
        [(FOLLOWUP, "tasks.2.compare_with", "has no statement with the id 'brave'")],
        id="followup-statement-unpaired",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f["tasks"][1].update(id="evaluation-questions")),
        [(FOLLOWUP, "tasks.1.id", "task id 'evaluation-questions' is also an activity's task")],
        id="followup-task-id-clashes",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f.update(id="planning")),
        [(FOLLOWUP, "id", "'planning' is an activity's id")],
        id="followup-id-clashes",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f["tasks"][1].update(answer="notes")),
        [(FOLLOWUP, "tasks", "answers with notes")],
        id="followup-questions-as-notes",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f["tasks"][0].update(who="group")),
        [(FOLLOWUP, "tasks", "a follow-up task is individual")],
        id="followup-group-task",
    ),
    pytest.param(
        edit_yaml(FOLLOWUP, lambda f: f.pop("thanks")),
        [(FOLLOWUP, "thanks", "missing field")],
        id="followup-missing-thanks",
    ),
    pytest.param(
        edit_yaml(DEFINING, duplicate_first_card),
        [(DEFINING, "parts.0.tasks.0.cards", "duplicate card id 'not-involved-never'")],
        id="duplicate-card-id",
    ),
    pytest.param(
        edit_yaml(VALUES, lambda a: None, wrap_in_list=True),
        [(VALUES, "", "expected a mapping")],
        id="top-level-is-a-list",
    ),
    pytest.param(
        empty_activities,
        [("activities/", "", "no activity files")],
        id="empty-activities-folder",
    ),
    pytest.param(
        remove("course.yaml"),
        [("course.yaml", "", "file not found")],
        id="no-course-yaml",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1].pop("aim")),
        [(LADDER, "parts.1.aim", "missing field")],
        id="extension-missing-field",
    ),
    pytest.param(
        remove(LADDER),
        [("course.yaml", "extensions.0", "no file extensions/ladder-of-co-production.yaml")],
        id="enabled-extension-file-missing",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(extensions=[])),
        [("course.yaml", "order.0", "an extension that is not enabled: add it to extensions")],
        id="order-names-disabled-extension",
    ),
    pytest.param(
        edit_yaml("course.yaml", lambda c: c.update(extensions=["ladder-of-co-production"] * 2)),
        [("course.yaml", "extensions", "more than once")],
        id="extension-enabled-twice",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a.update(id="ladder")),
        [(LADDER, "id", "an extension's id must be its file name ('ladder-of-co-production')")],
        id="extension-id-not-its-file-name",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1]["tasks"][0].update(compare_with="evaluation-questions")),
        [(LADDER, "parts.1.tasks.0.compare_with", "a questions task, not a scale task")],
        id="compare-with-not-a-scale",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1]["tasks"][0].update(compare_with="evaluation-statements")),
        [(LADDER, "parts.1.tasks.0.compare_with", "other options")],
        id="compare-with-other-options",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1]["tasks"][0]["statements"][0].update(id="later")),
        [(LADDER, "parts.1.tasks.0.compare_with", "no statement with the id 'later'")],
        id="compare-with-unpaired-statement",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1]["tasks"][0].update(compare_with="no-such-task")),
        [(LADDER, "parts.1.tasks.0.compare_with", "names task 'no-such-task', which no activity defines")],
        id="compare-with-missing-task",
    ),
    pytest.param(
        edit_yaml(LADDER, lambda a: a["parts"][1]["tasks"][0].update(compare_with="ladder-end")),
        [(LADDER, "parts.1.tasks.0", "names this task itself")],
        id="compare-with-itself",
    ),
]


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A copy of the real content folder, free to break."""
    root = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, root)
    return root


def matches(problem, expected) -> bool:
    file, field, words = expected
    # A missing course.yaml is named by its full path, so people see where coprod looked.
    return (problem.file == file or problem.file.endswith(f"/{file}")) and problem.field == field \
        and words in problem.message


@pytest.mark.parametrize(("break_it", "expected"), CASES)
def test_collect_reports_exactly_the_expected_problems(content_dir, break_it, expected):
    break_it(content_dir)

    content, problems = collect(content_dir)

    assert content is None
    assert len(problems) == len(expected), problems
    for want in expected:
        assert any(matches(p, want) for p in problems), f"no problem like {want} in {problems}"


@pytest.mark.parametrize(("break_it", "expected"), CASES)
def test_check_prints_one_line_per_problem_and_exits_1(content_dir, break_it, expected):
    break_it(content_dir)
    _, problems = collect(content_dir)

    result = CliRunner().invoke(cli, ["check", str(content_dir)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[:-1] == [str(p) for p in problems]
    for file, field, _ in expected:
        assert any(file in line and field in line for line in lines[:-1]), (file, field, lines)
    assert lines[-1] == f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {content_dir}"


@pytest.mark.parametrize("args", [[], [str(DEFAULT_CONTENT_DIR)]], ids=["default-folder", "named-folder"])
def test_check_passes_the_real_content(args):
    result = CliRunner().invoke(cli, ["check", *args])

    assert result.exit_code == 0, result.output
    assert "13 activities, all valid (extensions enabled: ladder-of-co-production)." in result.stdout
    assert "The follow-up questionnaire (followup.yaml) is valid too." in result.stdout
    assert result.stderr == ""


def test_load_raises_content_error_listing_every_problem(content_dir):
    edit_yaml(VALUES, lambda a: a["parts"][0].pop("aim"))(content_dir)
    edit_yaml("activities/05-inclusive-language.yaml", lambda a: a.update(number="five"))(content_dir)
    _, problems = collect(content_dir)

    with pytest.raises(ContentError) as raised:
        load(content_dir)

    assert raised.value.problems == problems
    assert {p.file for p in problems} == {VALUES, "activities/05-inclusive-language.yaml"}
    assert str(raised.value).splitlines() == [str(p) for p in problems]


def test_a_version_1_folder_reads_as_a_course_without_a_follow_up(content_dir):
    edit_yaml("course.yaml", lambda c: (c.update(schema_version=1), c.pop("followup")))(content_dir)
    (content_dir / FOLLOWUP).unlink()

    content = load(content_dir)

    assert content.followup is None
    assert len(content.activities) == 13


def test_the_real_content_has_a_follow_up_that_asks_activity_11_again():
    followup = load(REAL_CONTENT).followup
    scale = next(t for t in followup.tasks if t.type == "scale" and t.compare_with)
    assert scale.compare_with == "evaluation-statements"
    assert followup.as_activity().parts[0].tasks == followup.tasks


def test_load_returns_the_real_content_in_course_order():
    content = load(REAL_CONTENT)
    assert [a.id for a in content.activities] == content.course.order
    assert len(content.activities) == 13  # the toolkit's twelve and the ladder, an extension
    assert content.extensions == ("ladder-of-co-production",)


def _copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target


def test_a_field_given_twice_is_an_error(tmp_path):
    content_dir = _copy(tmp_path)
    path = content_dir / "activities" / "09-warning-signs.yaml"
    path.write_text(path.read_text().replace("number: 9\n", "number: 9\nnumber: 10\n", 1))
    _, problems = collect(content_dir)
    assert [(p.file, p.message) for p in problems] == [
        ("activities/09-warning-signs.yaml", "invalid YAML: the field 'number' is given twice")]
    assert problems[0].field.startswith("line ")


def test_task_ids_and_numbers_are_unique_across_the_course(tmp_path):
    content_dir = _copy(tmp_path)
    path = content_dir / "activities" / "12-planning.yaml"
    path.write_text(path.read_text().replace("id: commitment", "id: reflection").replace("number: 12", "number: 11"))
    _, problems = collect(content_dir)
    assert {(p.file, p.field, p.message) for p in problems} == {
        ("activities/12-planning.yaml", "number", "activity number 11 is also used by activities/11-evaluating.yaml"),
        ("activities/12-planning.yaml", "parts.0.tasks.0.id",
         "task id 'reflection' is also used in activities/10-reflecting.yaml"),
    }
