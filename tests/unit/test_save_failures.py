"""A save that the database refuses (locked past the busy timeout, or full) is told to the
person in words, keeps their text, and goes through when they try again.

The database is a real SQLite file. The lock is another connection holding the write lock
(as a long export or a second server could); the full disk is SQLite's own limit on the
file's size (``max_page_count``), which fails with the same error a full disk gives
(SQLITE_FULL, "database or disk is full").
"""

from __future__ import annotations

import sqlite3

import pytest

from coprod.activities.text_entry import text_entry
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.store import Store, database
from coprod.widgets import Notes, TextEntry
from coprod.widgets.notes import SAVE_FAILED as NOTES_FAILED
from coprod.widgets.text import SAVE_FAILED as TEXT_FAILED
from tests.driving import find, send

SHORT_BUSY_MS = 300  # the store waits 30 s for a lock in a workshop; a test need not


@pytest.fixture
def room(tmp_path, monkeypatch, content):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", SHORT_BUSY_MS)
    path = tmp_path / "workshop.sqlite3"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    workshop, _ = store.create_workshop("Failures")
    person, _ = store.join(workshop, "Ann")
    session = Session(store, content, workshop, person)
    yield store, session, path
    store.dispose()


def rows(store: Store) -> int:
    with store.db.read() as tx:
        return tx.scalar("SELECT count(*) FROM answers")


def notes_of(session: Session) -> Notes:
    app = ParticipantApp(session)
    app.open("what-do-you-know")
    return next(notes for page in app._built.values() for notes in find(page, Notes))


def refused_with(caplog, words: str) -> bool:
    """The store's error, as logged for the server's operator (never shown to the person)."""
    return any(record.exc_info and words in str(record.exc_info[1]) for record in caplog.records)


def entry_of(session: Session, content) -> TextEntry:
    return text_entry(session, content.activities[0].id, "failures", "text", "Your text", scope="participant")


class Lock:
    """Another connection holding the database's write lock until released."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=0)
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_locked_database_keeps_the_note_and_says_so_then_saves_on_retry(room, caplog):
    store, session, path = room
    notes = notes_of(session)
    question = notes.questions[0]["id"]
    before, shown = rows(store), list(notes.value)
    lock = Lock(path)
    try:
        send(notes, action="add", question=question, text="Written while locked", nonce=7)
        assert notes.status["kind"] == "error" and notes.status["text"] == NOTES_FAILED
        assert notes.status["nonce"] == 7 and notes.status["question"] == question
        assert "Traceback" not in notes.status["text"] and "locked" not in notes.status["text"]
        assert notes.value == shown and rows(store) == before  # nothing half-saved, nothing shown as saved
        assert refused_with(caplog, "database is locked")
    finally:
        lock.release()
    send(notes, action="add", question=question, text="Written while locked", nonce=8)
    assert (notes.status["kind"], notes.status["nonce"]) == ("saved", 8)
    assert [r["text"] for r in notes.value] == ["Written while locked"] and rows(store) == before + 1


def test_a_locked_database_keeps_a_text_and_says_so_then_saves_on_retry(room, content):
    store, session, path = room
    entry = entry_of(session, content)
    lock = Lock(path)
    try:
        send(entry, action="save", text="Our definition", base=0, nonce=3)
        assert entry.status == {"kind": "error", "text": TEXT_FAILED, "nonce": 3, "seq": entry.status["seq"]}
        assert entry.value == "" and entry.version == 0
    finally:
        lock.release()
    send(entry, action="save", text="Our definition", base=0, nonce=4)
    assert (entry.status["kind"], entry.status["nonce"], entry.value) == ("saved", 4, "Our definition")
    assert store.history(session.workshop.id)[-1].value == {"text": "Our definition"}


def test_a_full_disk_keeps_the_text_and_says_so_then_saves_once_there_is_room(room, content, caplog):
    store, session, _ = room
    entry = entry_of(session, content)
    # The limit is a setting of a connection: the store's pool is emptied, then keeps the one
    # connection given the limit (every save below comes from this thread, one at a time).
    store.dispose()
    with store.db.read() as tx:
        tx.execute(f"PRAGMA max_page_count={tx.scalar('PRAGMA page_count')}")
    long_text = "A long answer. " * 300  # needs new pages in the file
    send(entry, action="save", text=long_text, base=0, nonce=1)
    assert (entry.status["kind"], entry.status["text"], entry.status["nonce"]) == ("error", TEXT_FAILED, 1)
    assert entry.value == "" and rows(store) == 0
    assert refused_with(caplog, "database or disk is full")  # what a full disk gives, not another failure
    store.dispose()  # room again: the next connection has no limit
    send(entry, action="save", text=long_text, base=0, nonce=2)
    assert (entry.status["kind"], entry.status["nonce"]) == ("saved", 2) and rows(store) == 1


def test_a_served_kernel_logs_failures_to_the_terminal_in_one_line_not_to_the_page(tmp_path, monkeypatch):
    """A kernel's stderr goes to the participant's browser; the log goes to ipykernel's copy of
    the original stderr (the terminal running `coprod serve`), without a traceback."""
    import logging
    import os
    import sys

    from coprod.logs import keep_logs_off_the_page

    class KernelStderr:  # what ipykernel puts in sys.stderr: a stream to the page, and the original fd
        def __init__(self, fd):
            self._original_stdstream_copy = fd
            self.written = []

        def write(self, text):
            self.written.append(text)

        def flush(self):
            pass

    terminal = tmp_path / "terminal.log"
    fd = os.open(terminal, os.O_WRONLY | os.O_CREAT)
    page = KernelStderr(fd)
    monkeypatch.setattr(sys, "stderr", page)
    logger = logging.getLogger("coprod")
    handlers, propagate = list(logger.handlers), logger.propagate
    try:
        keep_logs_off_the_page()
        keep_logs_off_the_page()  # once per kernel, however often pages import it
        assert len(logger.handlers) == len(handlers) + 1
        try:
            raise sqlite3.OperationalError("database is locked\n[SQL: BEGIN IMMEDIATE]")
        except sqlite3.OperationalError:
            logging.getLogger("coprod.widgets").exception("saving a text failed")
    finally:
        for handler in logger.handlers[len(handlers):]:
            handler.stream.close()
        logger.handlers[:], logger.propagate = handlers, propagate
        os.close(fd)
    assert page.written == []
    assert terminal.read_text() == ("[coprod ERROR] coprod.widgets: saving a text failed "
                                    "(OperationalError: database is locked)\n")
