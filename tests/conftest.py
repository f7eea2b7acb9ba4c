"""Shared test setup. Notebooks run by nbval and pages served in browser tests must never
write to a real workbook or workshop database, so each run gets its own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

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
