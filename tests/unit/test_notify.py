"""Live updates: on PostgreSQL a write wakes the pages of its workshop through LISTEN/NOTIFY
(coprod/store/notify.py) and the workshop's writes commit in id order; on SQLite pages poll.

The PostgreSQL tests use ``postgres_url`` (conftest.py): a real server, an empty schema each."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from sqlalchemy import text

from coprod import boards
from coprod.boards import LiveFeed
from coprod.store import Store, notify


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def stores(postgres_url):
    """Two stores on one database, as two kernels have: one writes, the other's page waits."""
    writer, reader = Store(postgres_url), Store(postgres_url)
    writer.migrate()
    yield writer, reader
    writer.dispose()
    reader.dispose()


@pytest.fixture
def room(stores):
    writer, _ = stores
    workshop, _ = writer.create_workshop("Live room")
    return workshop, writer.join(workshop, "Sam")[0]


@pytest.fixture
def wake(stores, room):
    """A page's Wake, once its listener is listening, with the wake-up of connecting cleared."""
    _, reader = stores
    wake = notify.listen(reader.db, room[0].id)
    assert wait_for(lambda: wake.listening), "the listener did not connect"
    assert wake.wait(5)  # connecting wakes every page: something may have changed meanwhile
    wake.clear()
    yield wake
    wake.close()


def test_a_write_from_another_store_wakes_a_waiting_page_at_once(stores, room, wake):
    writer, _ = stores
    workshop, sam = room
    latencies = []
    for n in range(20):
        started = time.perf_counter()
        writer.save(sam, "values", "q", "happy", f"answer {n}")
        assert wake.wait(2), f"write {n} woke nobody"
        latencies.append(time.perf_counter() - started)
        wake.clear()
        time.sleep(0.02)

    started = time.perf_counter()
    writer.set_setting(workshop, "current_activity", "power")  # settings too
    assert wake.wait(2)
    latencies.append(time.perf_counter() - started)

    assert max(latencies) < 0.5
    print(f"save -> wake: median {statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")


def test_only_committed_writes_to_the_page_s_workshop_wake_it(stores, room, wake):
    writer, _ = stores
    workshop, sam = room
    elsewhere = writer.create_workshop("Another room")[0]
    stranger = writer.join(elsewhere, "Eve")[0]

    writer.save(stranger, "values", "q", "happy", "elsewhere")
    writer.set_setting(elsewhere, "current_activity", "power")
    writer.save(sam, "app", "position", "current", {"item": "values"})  # where Sam is: nobody else's business
    with pytest.raises(RuntimeError, match="changed my mind"), writer.db.write() as tx:
        notify.before_write(tx, workshop.id)
        tx.insert("answers", workshop_id=workshop.id, author_id=sam.id, scope="participant", owner_id=sam.id,
                  activity="values", task="q", item="happy", value='"rolled back"', created_at=workshop.created_at)
        raise RuntimeError("changed my mind")
    assert not wake.wait(0.5)
    assert [a.value for a in writer.history(workshop.id) if a.activity != "app"] == []

    writer.save(sam, "values", "q", "happy", "kept")
    assert wake.wait(2)


def test_a_workshop_s_writes_take_turns_so_ids_commit_in_order(stores, room):
    writer, reader = stores
    workshop, sam = room
    elsewhere = writer.create_workshop("Another room")[0]
    stranger = writer.join(elsewhere, "Eve")[0]
    saved = {}

    def save(name, person):
        saved[name] = reader.save(person, "values", "q", "happy", name)

    with writer.db.write() as tx:  # a write of this workshop, not yet committed
        notify.before_write(tx, workshop.id)
        held = tx.insert("answers", workshop_id=workshop.id, author_id=sam.id, scope="participant",
                         owner_id=sam.id, activity="values", task="q", item="happy", value='"held"',
                         created_at=workshop.created_at)
        same, other = (threading.Thread(target=save, args=(name, person)) for name, person in
                       (("same", sam), ("other", stranger)))
        same.start()
        other.start()
        other.join(10)
        assert "other" in saved  # another workshop's write does not wait
        time.sleep(0.3)
        assert same.is_alive() and "same" not in saved  # this workshop's waits for the commit...
    same.join(10)
    assert saved["same"] > held  # ...so its id is larger, and a page that saw it has seen the held one
    assert reader.version(workshop.id)[0] == saved["same"]


def test_a_live_page_redraws_within_a_second_of_a_write_and_bursts_are_coalesced(stores, room):
    writer, reader = stores
    workshop, sam = room
    draws = []
    feed = LiveFeed(reader, workshop)
    feed.subscribe(lambda: draws.append(time.perf_counter()))
    feed.start()
    assert wait_for(lambda: feed._wake.listening)
    time.sleep(boards.GAP_SECONDS + 0.2)
    draws.clear()

    started = time.perf_counter()
    writer.save(sam, "values", "q", "happy", "first")
    assert wait_for(lambda: draws, timeout=boards.FALLBACK_SECONDS - 1), "no redraw"
    assert draws[0] - started < 1.0  # far sooner than the fallback look
    assert boards.FALLBACK_SECONDS >= 5

    time.sleep(boards.GAP_SECONDS + 0.2)
    draws.clear()
    burst_started = time.perf_counter()
    for n in range(40):  # a busy room: 40 saves in about a second
        writer.save(sam, "values", "q", "happy", f"burst {n}")
        time.sleep(0.025)
    burst = time.perf_counter() - burst_started
    assert wait_for(lambda: reader.version(workshop.id) == feed._seen, timeout=3), "the last save was not drawn"
    assert 1 <= len(draws) <= burst / boards.GAP_SECONDS + 2

    listener = notify._listeners[reader.db.url]
    feed.stop()
    assert wait_for(lambda: not feed._thread.is_alive(), timeout=3)
    assert wait_for(lambda: listener._thread is None, timeout=3)  # nobody waits: its connection is closed
    assert not listener.connected.is_set()


def test_a_listener_whose_connection_is_dropped_reconnects(stores, room, wake):
    writer, _ = stores
    _, sam = room
    with writer.engine.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = :name AND datname = current_database()"), {"name": notify.APPLICATION_NAME}
        ).scalar_one()
    assert dropped >= 1
    assert wait_for(lambda: not wake.listening, timeout=5)

    assert wait_for(lambda: wake.listening, timeout=10), "the listener did not reconnect"
    assert wake.wait(2)  # reconnecting wakes the page: a write may have been missed
    wake.clear()
    writer.save(sam, "values", "q", "happy", "after the drop")
    assert wake.wait(2)


# --- SQLite ----------------------------------------------------------------------------------


def test_on_sqlite_pages_poll_and_writes_announce_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    writer, reader = Store(url), Store(url)
    writer.migrate()
    workshop, _ = writer.create_workshop("Local room")
    sam = writer.join(workshop, "Sam")[0]
    assert notify.listen(reader.db, workshop.id) is None
    draws = []
    feed = LiveFeed(reader, workshop)
    feed.subscribe(lambda: draws.append(time.perf_counter()))
    feed.start()
    draws.clear()

    started = time.perf_counter()
    writer.save(sam, "values", "q", "happy", "polled")
    assert wait_for(lambda: draws, timeout=3)
    assert draws[0] - started <= boards.POLL_SECONDS + 0.5
    feed.stop()
    assert wait_for(lambda: not feed._thread.is_alive(), timeout=3)
    writer.dispose()
    reader.dispose()
