"""A SQLAlchemy engine on the store's database: for migrations (schema.py), exports and a
researcher's own queries. The store's reads and writes go through database.py instead, so
that a participant's page never imports SQLAlchemy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool, StaticPool

from coprod.store import database


class _Borrowed:
    """The in-memory database's one connection, lent to SQLAlchemy: closing the engine must not
    close it (it is the database)."""

    def __init__(self, conn):
        self._conn = conn

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def close(self) -> None:
        pass


def make_engine(url: str, *, shared=None) -> Engine:
    """``shared``: the in-memory database's connection (database.Database.shared)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, poolclass=NullPool)
    if shared is not None:
        engine = create_engine("sqlite://", creator=lambda: _Borrowed(shared), poolclass=StaticPool)
    else:
        # No pool: this engine is for the odd migration or export, not for serving pages.
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"check_same_thread": False, "timeout": database.BUSY_TIMEOUT_MS / 1000})
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_begin), with
        # the store's own settings (the shared in-memory connection has them already).
        dbapi_conn.isolation_level = None
        if shared is None:
            database.sqlite_settings(dbapi_conn, file=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # BEGIN IMMEDIATE, as the store's writes: a migration takes the write lock up front.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("coprod_read") else "BEGIN IMMEDIATE")

    return engine
