"""Database engines: the SQLite default (WAL, busy timeout) or any SQLAlchemy URL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool, StaticPool

DEFAULT_DATABASE = Path("coprod.sqlite3")
BUSY_TIMEOUT_MS = 30_000


def database_url(database: str | None = None) -> str:
    """The URL to use: an explicit one, else COPROD_DATABASE_URL, else the SQLite default."""
    url = database or os.environ.get("COPROD_DATABASE_URL")
    if not url:
        return f"sqlite:///{DEFAULT_DATABASE.resolve()}"
    if "://" not in url:
        # A bare path is a SQLite file, so `--database answers.db` works as people expect.
        return f"sqlite:///{Path(url).resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # The driver coprod ships (psycopg 3), not SQLAlchemy's default for a bare postgresql://.
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # Kernels run in another folder than `coprod serve`: a relative file must not
        # become a second, different database there.
        return parsed.set(database=str(Path(parsed.database).resolve())).render_as_string(hide_password=False)
    return url


# Every Voilà kernel is a process with its own engine: a small pool each, or a room of
# kernels would run the server out of connections (pool_size + max_overflow per kernel).
POOL_SIZE = 2
MAX_OVERFLOW = 2


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # pre_ping: a kernel can sit idle for an hour, and a server restart or a firewall
        # drops its connections meanwhile.
        return create_engine(url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        # One shared connection for an in-memory database (else each connection is empty);
        # no pool for a file, so that forked processes and threads never share a handle.
        poolclass=StaticPool if memory else NullPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    if not memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: an answer acknowledged to a participant survives a power cut, not only a crash.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue on the
        # busy timeout instead of failing when a read transaction tries to upgrade.
        # Reads (marked coprod_read) begin a plain, shared transaction.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("coprod_read") else "BEGIN IMMEDIATE")

    return engine
