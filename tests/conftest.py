"""Shared test setup. Notebooks run by nbval and pages served in browser tests must never
write to a real workbook or workshop database, so each run gets its own."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from coprod.content import load
from coprod.store import Store

_RUN_DIR = Path(tempfile.mkdtemp(prefix="coprod-tests-"))
# Set before any kernel starts, so nbval's kernels inherit it.
os.environ["COPROD_DATABASE_URL"] = f"sqlite:///{_RUN_DIR / 'notebooks.sqlite3'}"
os.environ["XDG_DATA_HOME"] = str(_RUN_DIR / "xdg")
os.environ.pop("COPROD_SERVE", None)


@pytest.fixture
def fresh_store() -> Store:
    """An empty, migrated store in memory."""
    store = Store.memory()
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def content():
    return load()


@pytest.fixture(scope="session")
def extended_content(tmp_path_factory):
    """The course with every shipped extension enabled, those that ship disabled included
    (tests/extended_content.py)."""
    from tests.extended_content import extended_copy

    return load(extended_copy(tmp_path_factory.mktemp("extended") / "content"))


POSTGRES_ENV = "COPROD_TEST_POSTGRES_URL"  # set by `make test` (scripts/start-test-postgres)


@pytest.fixture
def postgres_url():
    """The URL of a new, empty PostgreSQL schema for one test, dropped after it.

    Skipped, saying why, when no server is configured; under CI=true that is an error instead:
    CI must run these tests.
    """
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        reason = f"no PostgreSQL server: {POSTGRES_ENV} is not set (`make test` starts one)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"CI=true, and {reason}", pytrace=False)
        pytest.skip(reason)
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    # Every connection made with this URL, in any process, works in that schema; a time zone
    # other than UTC checks that the store hands back UTC whatever the server's setting.
    options = f"-c search_path={name} -c timezone=Pacific/Auckland"
    yield make_url(base).update_query_dict({"options": options}).render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))  # a connection left in a transaction: fail, not hang
        conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
    admin.dispose()
