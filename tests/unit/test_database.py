"""The store's own connections (coprod/store/database.py): a page's kernel talks to SQLite or
PostgreSQL through the driver, reuses its connections, and never imports SQLAlchemy.

Tests that take ``url`` run on a SQLite file and on PostgreSQL (``postgres_url``, conftest.py)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from coprod.store import MIGRATION_NAMES, Store, database, schema
from coprod.store.database import Database, database_url, describe, dialect_of, sqlite_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pool.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url):
    store = Store(url)
    store.migrate()
    yield store
    store.dispose()


def counting_connects(store: Store, monkeypatch) -> list:
    """The connections the store opens from now on (its pool emptied first)."""
    store.dispose()
    made = []
    connect = store.db._connect

    def counted():
        made.append(connect())
        return made[-1]

    monkeypatch.setattr(store.db._pool, "_connect", counted)
    return made


# --- a page's kernel -------------------------------------------------------------------------


def test_a_participant_s_page_never_imports_sqlalchemy(tmp_path):
    """SQLAlchemy was 11 MB of a page's kernel (bench/kernel_memory.py). The page here is built
    as a served kernel builds it, on a database `coprod serve` has migrated, and every activity
    is opened."""
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    store = Store(url)
    store.migrate()
    workshop, _ = store.create_workshop("Imports")
    group = store.create_group(workshop, "Group 1")
    person, token = store.join(workshop, "Ann")
    store.assign_group(person, group.id)
    store.dispose()
    page = textwrap.dedent("""
        import json, os, sys
        from coprod.app import participant_app
        from coprod.widgets import Nav

        def find(widget, kind):
            found = [widget] if isinstance(widget, kind) else []
            for child in getattr(widget, "children", ()):
                found += find(child, kind)
            return found

        root = participant_app()
        [nav] = find(root, Nav)
        for item in list(nav.items):  # as a click on each activity sends it
            nav._handle_msg({"content": {"data": {"method": "custom", "content": {"action": "open", "id": item["id"]}}},
                             "buffers": []})
        print(json.dumps({"opened": len(nav.items), "status": nav.status,
                          "loaded": sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "psycopg"))}))
    """)
    from coprod.serve import voila_environment

    env = {**os.environ, **voila_environment(url=url, content_dir=ROOT / "coprod" / "course", public_url=""),
           "QUERY_STRING": f"p={token}"}
    done = subprocess.run([sys.executable, "-c", page], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["opened"] >= 12 and said["status"].get("kind") != "error"
    assert said["loaded"] == []


def test_the_names_a_page_checks_its_database_against_are_the_migrations():
    assert list(MIGRATION_NAMES) == [name for name, _ in schema.MIGRATIONS]


def test_an_up_to_date_database_is_not_migrated_again_and_an_older_one_is(url):
    store = Store(url)
    assert store.migrate() == list(MIGRATION_NAMES)
    assert store._migrated() and store.migrate() == []
    with store.engine.begin() as conn:  # as if the newest migration had not been applied yet
        conn.execute(schema.migrations_table.delete().where(schema.migrations_table.c.name == MIGRATION_NAMES[-1]))
    assert not store._migrated()
    assert store.migrate() == [MIGRATION_NAMES[-1]]
    store.dispose()


# --- connections -------------------------------------------------------------------------------


def test_connections_are_reused_not_opened_for_every_read(store, monkeypatch):
    made = counting_connects(store, monkeypatch)
    workshop, _ = store.create_workshop("Reuse")
    for _ in range(50):  # a page's live feed looking, and a save now and then
        store.version(workshop.id)
    store.set_setting(workshop, "current_activity", "values")
    assert len(made) == 1


def test_connections_in_use_at_once_are_capped_on_postgresql(postgres_url, monkeypatch):
    monkeypatch.setattr(database, "CHECKOUT_TIMEOUT_SECONDS", 0.5)
    store = Store(postgres_url)
    store.migrate()
    db = store.db
    held = [db._pool.lend() for _ in range(database.MAX_CONNECTIONS)]
    for lending in held:
        lending.__enter__()
    try:
        with pytest.raises(TimeoutError, match="no database connection came free"), db.read():
            pass
    finally:
        for lending in held:
            lending.__exit__(None, None, None)
    with db.read() as tx:  # given back: there is one again
        assert tx.scalar("SELECT 1") == 1
    assert len(db._pool._idle) <= database.POOL_SIZE
    store.dispose()


def test_a_write_that_fails_rolls_back_and_its_connection_is_lent_again_clean(store, monkeypatch):
    made = counting_connects(store, monkeypatch)
    workshop, _ = store.create_workshop("Rollback")
    with pytest.raises(RuntimeError, match="changed my mind"), store.db.write() as tx:
        tx.insert("settings", workshop_id=workshop.id, key="current_activity", value='"power"',
                  created_at=datetime.now(UTC))
        raise RuntimeError("changed my mind")
    assert store.settings(workshop.id) == {}
    store.set_setting(workshop, "current_activity", "values")
    assert store.settings(workshop.id) == {"current_activity": "values"} and len(made) == 1


def test_a_connection_the_server_dropped_is_replaced_before_use(postgres_url, monkeypatch):
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 0.0)  # as after a kernel idle for an hour
    store, admin = Store(postgres_url), Store(postgres_url)
    store.migrate()
    workshop, _ = store.create_workshop("Dropped")
    with store.db.read() as tx:
        pid = tx.scalar("SELECT pg_backend_pid()")
    with admin.db.read() as tx:
        assert tx.scalar("SELECT pg_terminate_backend(?)", (pid,)) is True
    time.sleep(0.2)
    assert store.workshop(workshop.id) == workshop  # not an error: a fresh connection
    admin.dispose()
    store.dispose()


def test_a_forked_process_opens_connections_of_its_own(tmp_path):
    url = f"sqlite:///{tmp_path / 'fork.sqlite3'}"
    store = Store(url)
    store.migrate()
    workshop, _ = store.create_workshop("Fork")
    person, _ = store.join(workshop, "Ann")
    store.version(workshop.id)  # the parent keeps a connection in its pool
    [parent_conn] = [conn for conn, _ in store.db._pool._idle]

    def child():
        store.save(person, "values", "q", "happy", "from the child")
        [conn] = [conn for conn, _ in store.db._pool._idle]
        os._exit(0 if conn is not parent_conn else 3)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(60)
    assert process.exitcode == 0
    store.save(person, "values", "q", "happy", "from the parent")
    assert [a.value for a in store.history(workshop.id)] == ["from the child", "from the parent"]
    store.dispose()


def test_threads_share_the_pool_without_losing_a_write(store):
    workshop, _ = store.create_workshop("Threads")
    people = [store.join(workshop, f"P{n}")[0] for n in range(8)]
    failures = []

    def write(person):
        try:
            for n in range(10):
                store.save(person, "values", "q", f"item-{n}", n)
                store.version(workshop.id)
        except Exception as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert len(store.history(workshop.id)) == 80
    assert len(store.db._pool._idle) <= database.POOL_SIZE


# --- values as stored ------------------------------------------------------------------------


def test_times_are_stored_as_sqlalchemy_stored_them(store):
    """Databases written before the store used its own driver read the same, and SQLAlchemy
    (exports, researchers' queries) reads what the store writes."""
    workshop, _ = store.create_workshop("Times")
    with store.engine.connect() as conn:
        written = conn.execute(select(schema.workshops.c.created_at).where(schema.workshops.c.id == workshop.id)
                               ).scalar_one()
    assert workshop.created_at.tzinfo is UTC
    assert written.replace(tzinfo=written.tzinfo or UTC) == workshop.created_at
    if store.db.dialect == "sqlite":
        with store.db.read() as tx:
            text = tx.scalar("SELECT created_at FROM workshops WHERE id = ?", (workshop.id,))
        assert text == workshop.created_at.strftime("%Y-%m-%d %H:%M:%S.%f")


def test_a_settings_prefix_is_matched_literally(store):
    workshop, _ = store.create_workshop("Prefixes")
    for key in ("hide:a_b", "hide:axb", "hide:100%", "hide:1000", "hide/x", "hidden"):
        store.set_setting(workshop, key, key)
    assert [key for key, _ in store.setting_log(workshop.id, "hide:a_")] == ["hide:a_b"]
    assert [key for key, _ in store.setting_log(workshop.id, "hide:100%")] == ["hide:100%"]
    assert [key for key, _ in store.setting_log(workshop.id, "hide/")] == ["hide/x"]
    assert len(store.setting_log(workshop.id, "hide")) == 5  # not "hidden"


def test_text_that_looks_like_sql_is_only_ever_a_value(store):
    workshop, _ = store.create_workshop("Robert'); DROP TABLE answers;--")
    person, _ = store.join(workshop, "?, ?); --")
    store.save(person, "values", "q", "x' OR '1'='1", {"text": "%s %(x)s ? :name"})
    [answer] = store.current(workshop.id, "values", "q")
    assert (answer.item, answer.value, answer.author_name) == ("x' OR '1'='1", {"text": "%s %(x)s ? :name"},
                                                               "?, ?); --")
    assert store.find_workshop("Robert'); DROP TABLE answers;--") == workshop


# --- URLs ------------------------------------------------------------------------------------


def test_urls_name_their_database_and_hide_passwords():
    assert dialect_of("sqlite:///a.db") == "sqlite" and dialect_of("postgresql+psycopg://h/db") == "postgresql"
    assert sqlite_path("sqlite:////srv/coprod/a.db") == "/srv/coprod/a.db"
    assert sqlite_path("sqlite://") is None and sqlite_path("sqlite:///:memory:") is None
    assert describe("postgresql+psycopg://coprod:s3cret@db.example/coprod") == \
        "postgresql+psycopg://coprod:***@db.example/coprod"
    assert database_url("sqlite:///relative.db") == f"sqlite:///{Path('relative.db').resolve()}"
    with pytest.raises(ValueError, match="SQLite or PostgreSQL, not 'mysql'"):
        Database("mysql://db.example/coprod")
    with pytest.raises(ValueError, match="through psycopg 3, not psycopg2"):
        Database("postgresql+psycopg2://db.example/coprod")
