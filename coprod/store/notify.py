"""Live updates on PostgreSQL: writes announce themselves, pages wait for the announcement.

Every write that changes what a page shows (an answer or a setting: see ``Store.version``)
runs ``before_write`` in its transaction. On PostgreSQL that does two things:

- ``NOTIFY coprod, '<workshop id>'``: delivered when the transaction commits, never for one
  rolled back, so a listener that wakes up finds the change already readable.
- takes a per-workshop advisory lock held until commit. Ids come from a sequence when a row
  is inserted, not when it commits: without the lock a row could commit after one with a
  larger id, and a page that had already seen the larger id (its version) would never
  notice the smaller one. With it, a workshop's writes commit in id order, as SQLite's
  BEGIN IMMEDIATE does for the whole file; it also keeps ``save_merged``'s read, merge and
  write together, so that two people saving one group text, on any server, never merge into
  the same version and lose the other's words.

On SQLite ``before_write`` does nothing and pages keep polling (boards.py).

A process (a Voilà kernel) keeps one LISTEN connection per database, opened when the first
page in it waits and closed soon after the last one stops: a ``Listener`` thread wakes the
``Wake`` of every page of the workshop named in a notification.
"""

from __future__ import annotations

import logging
import threading
import time

from coprod.store.database import Database, Transaction

CHANNEL = "coprod"
APPLICATION_NAME = "coprod-listen"  # how a listener shows in pg_stat_activity
# Advisory locks on (WRITE_LOCK, workshop id): any fixed number unlikely to be another program's.
WRITE_LOCK = 0x636F_7072  # "copr"
# How long a listener waits on its connection before looking whether anyone still needs it.
IDLE_CHECK_SECONDS = 1.0
RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0)
log = logging.getLogger("coprod.store.notify")


def before_write(tx: Transaction, workshop_id: int, *, announce: bool = True) -> None:
    """Call in a write transaction, before inserting: see the module's docstring."""
    if tx.dialect != "postgresql":
        return
    lock = "pg_advisory_xact_lock(CAST(? AS integer), CAST(? AS integer))"
    if announce:
        tx.execute(f"SELECT {lock}, pg_notify(?, ?)", (WRITE_LOCK, workshop_id, CHANNEL, str(workshop_id)))
    else:
        tx.execute(f"SELECT {lock}", (WRITE_LOCK, workshop_id))


class Wake(threading.Event):
    """Set when the workshop may have changed; a page waits on it, then clears it and looks."""

    def __init__(self, listener: Listener, workshop_id: int):
        super().__init__()
        self.workshop_id = workshop_id
        self._listener = listener

    @property
    def listening(self) -> bool:
        """False while the listener has no connection: notifications may be missed, so poll."""
        return self._listener.connected.is_set()

    def close(self) -> None:
        self._listener.remove(self)


class Listener:
    """One LISTEN connection for every page of this process on one database."""

    def __init__(self, database: Database):
        self._conninfo, self._options = database.connect_args
        self._lock = threading.Lock()
        self._wakes: dict[int, set[Wake]] = {}
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    def add(self, workshop_id: int) -> Wake:
        wake = Wake(self, workshop_id)
        with self._lock:
            self._wakes.setdefault(workshop_id, set()).add(wake)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="coprod-listen", daemon=True)
                self._thread.start()
        return wake

    def remove(self, wake: Wake) -> None:
        with self._lock:
            wakes = self._wakes.get(wake.workshop_id, set())
            wakes.discard(wake)
            if not wakes:
                self._wakes.pop(wake.workshop_id, None)

    def _needed(self) -> bool:
        """Whether anyone still waits; if not, this thread ends (a later ``add`` starts another)."""
        with self._lock:
            if self._wakes:
                return True
            self.connected.clear()
            self._thread = None
            return False

    def _wake(self, workshop_id: int | None) -> None:
        with self._lock:
            if workshop_id is None:
                wakes = [wake for wakes in self._wakes.values() for wake in wakes]
            else:
                wakes = list(self._wakes.get(workshop_id, ()))
        for wake in wakes:
            wake.set()

    def _run(self) -> None:
        import psycopg  # only PostgreSQL needs it

        failures = 0
        while self._needed():
            try:
                with psycopg.connect(self._conninfo, **{"application_name": APPLICATION_NAME, **self._options},
                                     autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    failures = 0
                    self._wake(None)  # anything written while nobody listened
                    while self._needed():
                        for note in conn.notifies(timeout=IDLE_CHECK_SECONDS):
                            self._wake(_workshop_id(note.payload))
                    return
            except Exception:
                # The server restarted or went away: pages poll meanwhile (Wake.listening).
                self.connected.clear()
                if failures == 0:
                    log.warning("the live-update listener lost its database connection; retrying", exc_info=True)
                failures += 1
            time.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1])


def _workshop_id(payload: str) -> int | None:
    try:
        return int(payload)
    except ValueError:
        return None


_listeners: dict[str, Listener] = {}
_listeners_lock = threading.Lock()


def listen(database: Database, workshop_id: int) -> Wake | None:
    """A ``Wake`` for changes to this workshop; None unless the database is PostgreSQL."""
    if database.dialect != "postgresql":
        return None
    with _listeners_lock:
        listener = _listeners.get(database.url)
        if listener is None:
            listener = _listeners[database.url] = Listener(database)
    return listener.add(workshop_id)
