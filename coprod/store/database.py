"""The database through its own driver: sqlite3 (WAL, busy timeout) or psycopg 3.

Every participant's page is a kernel of its own, and SQLAlchemy was the largest thing in one:
11 MB of a page's 81 (bench/kernel_memory.py). The store's reads and writes are a few dozen
plain statements, so they run here on the driver; SQLAlchemy is imported only where its
schema tools earn their keep (migrations, exports, tests), never by a participant's page.

Statements are written once with ``?`` placeholders and every value is a parameter: nothing a
person typed is ever part of a statement's text.
"""

from __future__ import annotations

import os
import threading
import time
from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

DEFAULT_DATABASE = Path("coprod.sqlite3")
BUSY_TIMEOUT_MS = 30_000

# Every Voilà kernel is a process with its own pool: a few connections each, or a room of
# kernels would run PostgreSQL out of connections.
POOL_SIZE = 2  # kept open between uses
MAX_CONNECTIONS = 4  # open at once (PostgreSQL); a fifth user waits for one to come back
CHECKOUT_TIMEOUT_SECONDS = 30.0
# A connection unused this long is tried before use: a kernel can sit idle for an hour, and a
# database restart or a firewall drops its connections meanwhile. One used moments ago (a page's
# live feed looks twice a second) is not, to spare a round trip at every look.
PING_AFTER_SECONDS = 2.0


def database_url(database: str | None = None) -> str:
    """The URL to use: an explicit one, else COPROD_DATABASE_URL, else the SQLite default."""
    url = database or os.environ.get("COPROD_DATABASE_URL")
    if not url:
        return f"sqlite:///{DEFAULT_DATABASE.resolve()}"
    if "://" not in url:
        # A bare path is a SQLite file, so `--database answers.db` works as people expect.
        return f"sqlite:///{Path(url).resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        # The driver coprod ships (psycopg 3), whatever SQLAlchemy's default for the name.
        return f"postgresql+psycopg://{rest}"
    path = sqlite_path(url)
    if path is not None:
        # Kernels run in another folder than `coprod serve`: a relative file must not
        # become a second, different database there.
        query = f"?{rest.split('?', 1)[1]}" if "?" in rest else ""
        return f"{scheme}:///{Path(path).resolve()}{query}"
    return url


def dialect_of(url: str) -> str:
    scheme = url.split("://", 1)[0]
    name = scheme.split("+", 1)[0]
    if name == "sqlite":
        return "sqlite"
    if name in ("postgresql", "postgres"):
        if "+" in scheme and scheme != "postgresql+psycopg":
            raise ValueError(f"coprod talks to PostgreSQL through psycopg 3, not {scheme.split('+', 1)[1]}")
        return "postgresql"
    raise ValueError(f"coprod stores its data in SQLite or PostgreSQL, not {name!r} ({scheme}://...)")


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL (``sqlite:///relative`` or ``sqlite:////absolute``); None for an
    in-memory database or another kind of database."""
    if dialect_of(url) != "sqlite":
        return None
    path = url.split("://", 1)[1].split("?", 1)[0]
    path = path[1:] if path.startswith("/") else path
    return None if path in ("", ":memory:") else path


def describe(url: str) -> str:
    """The URL as it may be shown: a SQLite file's path, or the address without its password."""
    path = sqlite_path(url)
    if path is not None:
        return path
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def sqlite_settings(conn, *, file: bool) -> None:
    """What every connection to a SQLite database is set to, the store's and SQLAlchemy's alike."""
    if file:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    conn.execute("PRAGMA foreign_keys=ON")
    # FULL: an answer acknowledged to a participant survives a power cut, not only a crash.
    conn.execute("PRAGMA synchronous=FULL")


class Database:
    """Connections to one database, lent out one transaction at a time (``read``, ``write``)."""

    def __init__(self, url: str):
        self.url = url
        self.dialect = dialect_of(url)
        self.path = sqlite_path(url)
        self.memory = self.dialect == "sqlite" and self.path is None
        if self.dialect == "postgresql":
            import psycopg  # only PostgreSQL needs it

            self._errors = psycopg
        else:
            import sqlite3

            self._errors = sqlite3
            if self.path is not None:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.Error = self._errors.Error
        self.IntegrityError = self._errors.IntegrityError
        self._pool = _Pool(self._connect, self._alive, self._between_transactions, shared=self.memory,
                           most=MAX_CONNECTIONS if self.dialect == "postgresql" else None)

    # --- connections -----------------------------------------------------------------------

    def _connect(self):
        if self.dialect == "postgresql":
            import psycopg
            from psycopg.rows import namedtuple_row

            # Autocommit: transactions begin where ``read``/``write`` say, as on SQLite.
            conninfo, options = self.connect_args
            return psycopg.connect(conninfo, **options, autocommit=True, row_factory=namedtuple_row)
        import sqlite3

        conn = sqlite3.connect(self.path or ":memory:", timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)
        conn.row_factory = _named_row
        sqlite_settings(conn, file=self.path is not None)
        return conn

    @property
    def connect_args(self) -> tuple[str, dict[str, str]]:
        """What psycopg.connect takes: the URL as libpq reads it, and its query's parameters
        decoded as SQLAlchemy decodes them (``+`` is a space: ``options=-c+search_path%3Dx``)."""
        address, _, query = ("postgresql://" + self.url.split("://", 1)[1]).partition("?")
        return address, dict(parse_qsl(query))

    def _alive(self, conn) -> bool:
        if self.dialect != "postgresql":
            return True
        if conn.closed or conn.broken:
            return False
        try:
            conn.execute("SELECT 1")
            return True
        except self._errors.Error:
            return False

    def _between_transactions(self, conn) -> bool:
        """Whether a connection given back is between transactions (one whose block raised has
        rolled back), and so fit to lend again."""
        if self.dialect == "postgresql":
            from psycopg.pq import TransactionStatus

            return not (conn.closed or conn.broken) and conn.info.transaction_status == TransactionStatus.IDLE
        return not conn.in_transaction

    @property
    def shared(self):
        """An in-memory database's one connection (SQLAlchemy must use it too, or it would see
        another, empty database); None for a file or a server."""
        return self._pool.shared

    def close(self) -> None:
        self._pool.close()

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """Reads that never take SQLite's write lock. On SQLite they share one snapshot; on
        PostgreSQL each statement reads what is committed when it runs (no BEGIN: one round
        trip for a page's look at the version instead of three)."""
        with self._pool.lend() as conn:
            if self.dialect == "postgresql":
                yield Transaction(conn, self.dialect)
                return
            with self._transaction(conn, "BEGIN") as transaction:
                yield transaction

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One transaction that commits when the block ends and rolls back if it raises.
        On SQLite it begins IMMEDIATE: the write lock is taken up front, so concurrent writers
        queue on the busy timeout instead of failing when a read tries to become a write."""
        with self._pool.lend() as conn, \
                self._transaction(conn, "BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN") as transaction:
            yield transaction

    @contextmanager
    def _transaction(self, conn, begin: str) -> Iterator[Transaction]:
        conn.execute(begin)
        try:
            yield Transaction(conn, self.dialect)
        except BaseException:
            with suppress(self._errors.Error):  # the connection is gone: the pool drops it
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class Transaction:
    """Statements on one connection, with ``?`` for every value."""

    def __init__(self, conn, dialect: str):
        self._conn = conn
        self.dialect = dialect

    def execute(self, sql: str, params: tuple | list = ()):
        if self.dialect == "postgresql":
            return self._conn.execute(sql.replace("?", "%s"), params)
        return self._conn.execute(sql, [_sqlite_value(value) for value in params])

    def rows(self, sql: str, params: tuple | list = ()) -> list:
        return self.execute(sql, params).fetchall()

    def first(self, sql: str, params: tuple | list = ()):
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.first(sql, params)
        return None if row is None else row[0]

    def insert(self, table: str, **values: Any) -> int:
        """Insert one row; return its id. Table and column names come from the code, never input."""
        columns = ", ".join(f'"{name}"' for name in values)
        marks = ", ".join("?" for _ in values)
        return self.scalar(f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) RETURNING id', list(values.values()))


def _sqlite_value(value: Any) -> Any:
    # As SQLAlchemy stored times in SQLite (so older databases read the same): UTC, no offset.
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _named_row(cursor, values: tuple):
    return _row_type(tuple(column[0] for column in cursor.description))(*values)


@lru_cache(maxsize=128)
def _row_type(columns: tuple[str, ...]):
    return namedtuple("Row", columns, rename=True)


class _Pool:
    """A few connections kept for reuse. Opening a SQLite connection and setting its pragmas
    was a third of a page's look at the live feed; a PostgreSQL connection costs far more.

    A connection is lent to one thread at a time. After a fork (a process started from this
    one) the child opens its own: it never uses its parent's. An in-memory database is one
    connection, shared and taken in turn (each connection would be another, empty database).
    """

    def __init__(self, connect, alive, between_transactions, *, shared: bool, most: int | None):
        self._connect = connect
        self._alive = alive
        self._between_transactions = between_transactions
        self._lock = threading.Lock()
        self._idle: list[tuple[Any, float]] = []
        self._pid = os.getpid()
        self._slots = threading.BoundedSemaphore(most) if most else None
        self.shared = connect() if shared else None
        self._shared_turn = threading.RLock()

    @contextmanager
    def lend(self):
        if self.shared is not None:
            with self._shared_turn:
                yield self.shared
            return
        if self._slots is not None and not self._slots.acquire(timeout=CHECKOUT_TIMEOUT_SECONDS):
            raise TimeoutError(f"no database connection came free in {CHECKOUT_TIMEOUT_SECONDS:.0f} s")
        try:
            conn = self._take()
            try:
                yield conn
            finally:
                self._give_back(conn)
        finally:
            if self._slots is not None:
                self._slots.release()

    def _take(self):
        while True:
            with self._lock:
                if os.getpid() != self._pid:  # forked: those connections are the parent's
                    self._idle, self._pid = [], os.getpid()
                if not self._idle:
                    break
                conn, since = self._idle.pop()
            # Tried outside the lock: a ping is a round trip, and other threads need not wait for it.
            if time.monotonic() - since < PING_AFTER_SECONDS or self._alive(conn):
                return conn
            _close(conn)
        return self._connect()

    def _give_back(self, conn) -> None:
        try:
            fit = self._between_transactions(conn)
        except Exception:  # its server went away
            fit = False
        with self._lock:
            if fit and os.getpid() == self._pid and len(self._idle) < POOL_SIZE:
                self._idle.append((conn, time.monotonic()))
                return
        _close(conn)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            if os.getpid() != self._pid:
                idle = []
        for conn, _ in idle:
            _close(conn)
        if self.shared is not None:
            _close(self.shared)


def _close(conn) -> None:
    with suppress(Exception):  # already closed, or its server went away: nothing left to free
        conn.close()
