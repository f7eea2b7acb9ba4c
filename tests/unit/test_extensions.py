"""Extensions: activities from outside the toolkit, in the course's extensions/<id>.yaml, loaded only
when course.yaml enables them. The one shipped is the ladder of co-production, done at the
start and again at the end of the training, with the shift shown to each person and on the
board."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coprod.activities import build_activity
from coprod.cli import cli
from coprod.collate import activity_html
from coprod.console import Console
from coprod.content import ScaleTask, collect, load
from coprod.participant import ParticipantApp, activity_label
from coprod.plan import planned
from coprod.session import Session
from coprod.widgets import Scale
from tests.driving import find, send
from tests.unit.test_content_toolkit import content_texts

REAL_CONTENT = Path(__file__).parents[2] / "coprod" / "course"
LADDER = "ladder-of-co-production"
LADDER_FILE = f"extensions/{LADDER}.yaml"
RUNGS = ["Coercion", "Educating", "Informing", "Consultation", "Engagement", "Co-design", "Co-production"]


@pytest.fixture
def content_dir(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, root)
    return root


def edit_course(root: Path, change) -> None:
    path = root / "course.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def disable_ladder(course: dict) -> None:
    course["extensions"].remove(LADDER)
    course["order"].remove(LADDER)


# --- loading ------------------------------------------------------------------------------


def test_the_ladder_is_enabled_and_comes_first(content):
    assert content.extensions == (LADDER,)
    assert content.course.order[0] == LADDER and content.activities[0].id == LADDER
    assert content.is_extension(LADDER) and not content.is_extension("what-do-you-know")
    ladder = content.activity(LADDER)
    # Numbered 0, so that it reads as coming before the toolkit's Activity 1 in the nav and the plan.
    assert ladder.number == 0 and activity_label(ladder) == "0. Where are we now? The ladder of co-production"
    assert sorted(a.number for a in content.activities) == list(range(13))
    assert [s.activity.id for s in planned(content, {})][:2] == [LADDER, "what-do-you-know"]


def test_the_ladder_reuses_the_scale_task_with_the_seven_rungs(content):
    ladder = content.activity(LADDER)
    assert [p.title for p in ladder.parts] == ["Where are we now, at the start", "Where are we now, at the end"]
    start, end = (part.tasks[0] for part in ladder.parts)
    assert isinstance(start, ScaleTask) and isinstance(end, ScaleTask)
    assert [label.split(":")[0] for label in start.scale] == RUNGS
    assert end.scale == start.scale and end.compare_with == start.id and start.compare_with is None
    assert [s.id for s in start.statements] == [s.id for s in end.statements] == ["now"]
    said = " ".join(i.text + " ".join(i.points) for part in ladder.parts for i in part.instructions)
    assert "Think Local Act Personal" in said and "our own short summaries" in said


def test_the_toolkit_check_covers_the_toolkit_only(content):
    checked = {path.split(".")[0] for path, _ in content_texts()}
    assert LADDER not in checked
    assert checked == {a.id for a in content.activities} - {LADDER}


def test_a_disabled_extension_is_not_loaded_not_even_read(content_dir):
    edit_course(content_dir, disable_ladder)
    (content_dir / LADDER_FILE).write_text("id: [broken", encoding="utf-8")  # never read, so never a problem

    content = load(content_dir)

    assert LADDER not in {a.id for a in content.activities}
    assert content.extensions == () and len(content.activities) == 12
    result = CliRunner().invoke(cli, ["check", str(content_dir)])
    assert result.exit_code == 0 and "12 activities, all valid." in result.stdout


def test_a_broken_extension_is_reported_by_its_file(content_dir):
    path = content_dir / LADDER_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("number: 0", "number: -1"), encoding="utf-8")

    content, problems = collect(content_dir)

    assert content is None
    assert [str(p) for p in problems] == [f"{LADDER_FILE}: number: Input should be greater than or equal to 0"]
    result = CliRunner().invoke(cli, ["check", str(content_dir)])
    assert result.exit_code == 1 and result.stderr.splitlines()[0] == str(problems[0])


def test_an_enabled_extension_must_be_placed_in_the_order(content_dir):
    edit_course(content_dir, lambda c: c["order"].remove(LADDER))
    _, problems = collect(content_dir)
    assert [(p.file, p.field, p.message) for p in problems] == [
        (LADDER_FILE, "id", f"activity {LADDER!r} is not named in course.yaml's order")]


def test_a_new_extension_made_of_yaml_alone(content_dir):
    """What docs/researchers.md walks through: a file in extensions/, enabled and placed."""
    (content_dir / "extensions" / "our-hopes.yaml").write_text(
        "id: our-hopes\nnumber: 13\ntitle: Our hopes\nparts:\n  - id: main\n    aim: To say what we hope for.\n"
        "    instructions:\n      - Each person writes one hope.\n    tasks:\n      - id: hopes\n"
        "        type: questions\n        questions:\n          - id: hope\n            text: What do you hope for?\n",
        encoding="utf-8")
    edit_course(content_dir, lambda c: (c["extensions"].append("our-hopes"), c["order"].append("our-hopes")))

    content = load(content_dir)

    assert content.extensions == (LADDER, "our-hopes") and content.activities[-1].id == "our-hopes"
    assert content.activity("our-hopes").task("hopes").questions[0].text == "What do you hope for?"


# --- the ladder, done by a room ------------------------------------------------------------


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Leeds, March")
    robins = fresh_store.create_group(workshop, "Robins")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], robins.id)
              for name in ("Ann", "Ben", "Cat")}
    people["Dan"] = fresh_store.join(workshop, "Dan")[0]  # not in a group
    apps = {name: ParticipantApp(Session(fresh_store, content, workshop, person)) for name, person in people.items()}
    return workshop, apps


def scales(app) -> tuple[Scale, Scale]:
    start, end = find(app.body, Scale)
    return start, end


def side_by_side(app) -> str:
    [box] = [c for c in find(app.body, object) if "coprod-scale-compare" in getattr(c, "_dom_classes", ())]
    return unescape(box.value)


def test_a_participant_starts_on_the_ladder_and_sees_both_placements_side_by_side(room, content):
    workshop, apps = room
    app = apps["Ann"]
    assert app.current == LADDER  # the first activity of the course: done at the start
    start, end = scales(app)
    assert start.labels == end.labels == list(content.activity(LADDER).parts[0].tasks[0].scale)
    assert "Not answered yet" in side_by_side(app)

    send(start, action="choose", statement="now", choice=2)
    assert start.status["kind"] == "saved"
    # The end part, already on the page, shows the answer from the start at once.
    shown = side_by_side(app)
    assert "At the start" in shown and "Informing: told what was decided" in shown and "At the end" in shown

    # At the end of the training, after other activities, the facilitator brings everyone back.
    app.open("what-do-you-know")
    console = Console(app.session.store, content, workshop)
    console.open("plan")
    panel = console.panels["plan"]
    panel.current.value = LADDER
    panel.bring.click()
    app.refresh()
    assert app.current == LADDER
    send(end, action="choose", statement="now", choice=5)
    shown = side_by_side(app)
    assert "Informing: told what was decided" in shown and "Co-design: help to design, not deliver" in shown
    assert "↑ up 3 steps" in shown

    send(end, action="choose", statement="now", choice=9)  # a crafted choice off the ladder: refused
    assert end.value == {"now": 5}
    latest = [a.value for a in app.session.mine(LADDER, "ladder-end")]
    assert latest == [{"choice": 5, "label": "Co-design: help to design, not deliver"}]


def answer(app, start: int | None, end: int | None) -> None:
    first, second = scales(app)
    if start is not None:
        send(first, action="choose", statement="now", choice=start)
    if end is not None:
        send(second, action="choose", statement="now", choice=end)


def test_the_board_shows_the_shift(room, content, fresh_store):
    workshop, apps = room
    answer(apps["Ann"], 2, 5)  # Informing -> Co-design: up 3
    answer(apps["Ben"], 4, 3)  # Engagement -> Consultation: down 1
    answer(apps["Cat"], 1, 1)  # Educating, both times
    answer(apps["Dan"], 3, None)  # Consultation, not answered at the end yet

    board = unescape(activity_html(fresh_store, content, workshop, LADDER))
    end = board[board.index("Where are we now, at the end"):]
    counts, people = tables(end)[:2]
    # How many chose each rung at the start and at the end: one row per rung, in ladder order.
    assert counts[0] == ["Answer", "At the start", "At the end"]
    assert [[row[0].split(":")[0], *row[1:]] for row in counts[1:]] == [
        ["Coercion", "0", "0"], ["Educating", "1", "1"], ["Informing", "1", "0"], ["Consultation", "1", "1"],
        ["Engagement", "1", "0"], ["Co-design", "0", "1"], ["Co-production", "0", "0"], ["Total", "4", "3"]]
    assert ("Of the 3 people who answered both times: 1 moved up (↑), 1 moved down (↓) and 1 stayed where "
            "they were (=).") in end
    # Each person's move, in words and an arrow, with their group.
    assert people[0] == ["Person", "Group", "At the start", "At the end", "Change"]
    assert [[row[0], row[1], row[-1]] for row in people[1:]] == [
        ["Ann", "Robins", "↑ up 3 steps"], ["Ben", "Robins", "↓ down 1 step"], ["Cat", "Robins", "= no change"],
        ["Dan", "Not in a group", "Not answered yet"]]
    assert people[1][2:4] == ["Informing: told what was decided", "Co-design: help to design, not deliver"]

    # The room sees how many moved, never who.
    shared = unescape(activity_html(fresh_store, content, workshop, LADDER, audience="room"))
    shared_end = shared[shared.index("Where are we now, at the end"):]
    assert "Of the 3 people who answered both times" in shared_end
    assert tables(shared_end)[1] == [["Change", "People"], ["↑ up 3 steps", "1"], ["= no change", "1"],
                                     ["↓ down 1 step", "1"]]
    assert not any(name in shared for name in ("Ann", "Ben", "Cat", "Dan"))


def tables(html: str) -> list[list[list[str]]]:
    """Each table's rows of cell texts (header row first), tags stripped."""
    return [[[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
             for row in re.findall(r"<tr>(.*?)</tr>", table)]
            for table in re.findall(r"<table.*?</table>", html)]


def test_the_board_before_anyone_answers_twice(room, content, fresh_store):
    workshop, apps = room
    answer(apps["Ann"], 0, None)
    board = unescape(activity_html(fresh_store, content, workshop, LADDER))
    assert "Nobody has answered both times yet." in board


def test_the_workbook_builds_the_ladder_alone(fresh_store, content):
    from coprod.session import workbook_session

    session = workbook_session(fresh_store, content)
    page = build_activity(content.activity(LADDER), session)
    start, end = find(page, Scale)
    send(start, action="choose", statement="now", choice=6)
    send(end, action="choose", statement="now", choice=4)
    [box] = [c for c in find(page, object) if "coprod-scale-compare" in getattr(c, "_dom_classes", ())]
    assert "↓ down 2 steps" in unescape(box.value)
