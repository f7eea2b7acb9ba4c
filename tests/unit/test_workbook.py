"""A workbook is one person's, and only `coprod workbook` makes one: a served workshop named
"Workbook" (started so, or renamed so in the console) stays a room, and a workbook's printout
holds its one person's work, never anyone else's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

import ipywidgets as w
import pytest
from click.testing import CliRunner
from sqlalchemy import insert, text

from coprod.app import participant_app
from coprod.cli import cli
from coprod.console import Console
from coprod.participant import NOTES, ParticipantApp
from coprod.serve import open_workshop
from coprod.session import Session, is_workbook, workbook_session
from coprod.store import MIGRATION_NAMES, Store, schema
from coprod.widgets import Download, JoinForm, Nav, PersonalLink
from tests.driving import find, send
from tests.unit.test_collate import _do_own_work

WORKBOOK_TEXT = "This is your own workbook"
# What each person writes for themselves (tests.unit.test_collate._do_own_work), by the name given.
OWN_WORK = ["{} reflects: it takes time", "{} runs the lunch club", "{} liked the cards",
            "{} commits to a lunch club", "{} unposted private note"]


def shown(root: w.Widget) -> str:
    return " ".join(h.value for h in find(root, w.HTML))


# --- a served workshop named "Workbook" ----------------------------------------------------------


def started_as_workbook(store, content):
    return open_workshop(store, "Workbook")  # what `coprod serve --workshop Workbook` opens


def renamed_workbook_in_the_console(store, content):
    workshop, _ = store.create_workshop("Leeds, March")
    panel = Console(store, content, workshop).panels["room"]
    panel.name.value = "Workbook"
    panel.rename.click()
    return store.workshop(workshop.id)


def join(store, content, code, name):
    page = participant_app(store=store, content=content, params={"code": code}, live=False)
    send(find(page, JoinForm)[0], action="join", code=code, name=name)
    return find(page, PersonalLink)[0].query.removeprefix("p=")


@pytest.mark.parametrize("make", [started_as_workbook, renamed_workbook_in_the_console])
def test_a_served_workshop_named_workbook_stays_a_room(fresh_store, content, monkeypatch, make):
    monkeypatch.setenv("COPROD_SERVE", "1")
    workshop = make(fresh_store, content)
    assert workshop.name == "Workbook" and not is_workbook(workshop)
    group = fresh_store.create_group(workshop, "Group 1")
    tokens = {name: join(fresh_store, content, workshop.code, name) for name in ("Ann", "Ben")}
    for name, token in tokens.items():
        person = fresh_store.participant_by_token(token)
        fresh_store.assign_group(person, group.id)
        app = ParticipantApp(Session(fresh_store, content, workshop, fresh_store.participant(person.id)))
        _do_own_work(app, name, "Group 1", content)
    for name, token in tokens.items():
        page = participant_app(store=fresh_store, content=content, params={"p": token}, live=False)
        send(find(page, Nav)[0], action="open", id=NOTES)
        other = "Ben" if name == "Ann" else "Ann"
        assert f"With {other}." in shown(page) and f"<strong>{name}</strong> in Workbook" in shown(page)
        assert WORKBOOK_TEXT not in shown(page) and "yours to do alone" not in shown(page)
        assert find(page, Download) == [], "a room's page offers no workbook download"


def test_renaming_never_makes_or_unmakes_a_workbook(fresh_store, content):
    room, _ = fresh_store.create_workshop("Leeds")
    book = workbook_session(fresh_store, content).workshop
    assert is_workbook(book) and not is_workbook(room)
    assert not is_workbook(fresh_store.rename_workshop(room, "Workbook"))
    assert is_workbook(fresh_store.rename_workshop(book, "My own notes"))
    assert workbook_session(fresh_store, content).workshop.id == book.id  # found by its kind, not its name


def test_the_workbook_is_never_a_served_workshop_named_so(fresh_store, content):
    room = open_workshop(fresh_store, "Workbook")
    fresh_store.join(room, "Ann")
    session = workbook_session(fresh_store, content)
    assert session.workshop.id != room.id and is_workbook(session.workshop)
    assert [p.display_name for p in fresh_store.participants(room)] == ["Ann"]


# --- the workbook's printout ----------------------------------------------------------------------


def a_workbook_with_an_intruder(store, content):
    """The workbook's person does their own work; then someone else is put into the same store,
    in the workbook's own group and in a group of their own, to prove that the printout is
    filtered to one person (no page of a workbook ever lets a second person in)."""
    session = workbook_session(store, content)
    _do_own_work(ParticipantApp(session), "Ann", "alone", content)
    session.save("app", NOTES, "text", {"text": "Ann: a note to self"})
    for name, group in (("Ben", session.participant.group_id),
                        ("Cat", store.create_group(session.workshop, "Intruders").id)):
        other = store.assign_group(store.join(session.workshop, name)[0], group)
        app = ParticipantApp(Session(store, content, session.workshop, other))
        _do_own_work(app, name, "intruders", content)
        store.save(other, "app", NOTES, "text", {"text": f"{name}: a note to self"})
    store.save(other, "inclusive-language", "glossary", "entries/1",
               {"values": {"term": "Cat LOPF", "definition": "theirs"}}, scope="group")
    return workbook_session(store, content)


def assert_only_mine(document: str) -> None:
    for said in [*OWN_WORK, "{}: a note to self"]:
        assert escape(said.format("Ann")) in document, said
        for other in ("Ben", "Cat"):
            assert said.format(other) not in document and escape(said.format(other)) not in document
    assert "Cat LOPF" not in document and "Intruders" not in document


def test_a_workbooks_download_holds_its_persons_work_only(fresh_store, content):
    session = a_workbook_with_an_intruder(fresh_store, content)
    app = ParticipantApp(session)
    app.open(NOTES)
    assert WORKBOOK_TEXT in shown(app.widget)
    buttons = {d.label: d for d in find(app.widget, Download)}
    name, media_type, data = buttons["My workbook (web page)"]._make()
    assert name == "my-co-production-workbook.html" and media_type == "text/html"
    assert_only_mine(data.decode("utf-8"))


def test_the_workbook_export_is_the_same_personal_document(tmp_path, content):
    path = tmp_path / "mine.sqlite3"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    a_workbook_with_an_intruder(store, content)
    store.dispose()
    out = tmp_path / "printed.html"
    result = CliRunner().invoke(cli, ["workbook", "--database", str(path), "--export", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert_only_mine(out.read_text(encoding="utf-8"))


# --- workbooks made before workshops had a kind ---------------------------------------------------


@pytest.fixture
def before_kinds():
    """A database as coprod made it before migration 0005, with one workshop named "Workbook"
    made then; migrated to now, as the next start does."""
    store = Store("sqlite://")
    with store.engine.begin() as conn:
        schema.migrations_table.create(conn)
        for name, step in schema.MIGRATIONS[:4]:
            step(conn)
            conn.execute(insert(schema.migrations_table).values(name=name, applied_at=datetime.now(UTC)))
        made = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
        conn.execute(text(f"INSERT INTO workshops (name, code, open, created_at) VALUES ('Workbook', 'OLD234', 1, "
                          f"'{made}')"))
    assert store.migrate() == list(MIGRATION_NAMES[4:]) and MIGRATION_NAMES[4] == "0005_workshop_kinds"
    old = store.find_workshop("OLD234")
    yield store, old
    store.dispose()


def test_a_workbook_made_before_kinds_opens_again_with_its_answers(before_kinds, content):
    store, old = before_kinds
    assert not is_workbook(old)  # the migration trusts no name: served pages see a room
    group = store.create_group(old, "On my own")
    me = store.assign_group(store.join(old, "Me")[0], group.id)
    store.save(me, "reflecting", "reflection", "r1/now-know", {"text": "Written long ago"})
    session = workbook_session(store, content)  # the workbook's own side: `coprod workbook`, JupyterLab
    assert session.workshop.id == old.id and session.participant.id == me.id and is_workbook(session.workshop)
    assert is_workbook(store.workshop(old.id))
    assert [a.value for a in session.mine("reflecting", "reflection")] == [{"text": "Written long ago"}]


def test_a_room_named_workbook_before_kinds_is_never_taken_for_one(before_kinds, content):
    store, old = before_kinds
    for name in ("Ann", "Ben"):
        store.join(old, name)
    session = workbook_session(store, content)
    assert session.workshop.id != old.id and not is_workbook(store.workshop(old.id))
    assert [p.display_name for p in store.participants(old)] == ["Ann", "Ben"]
