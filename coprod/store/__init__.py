"""The store: workshops, groups, participants and append-only answers.

SQLite (WAL) by default, PostgreSQL (psycopg) by URL, each through its own driver
(database.py); the tables and their migrations are SQLAlchemy Core (schema.py), imported only
to migrate. Secrets (participant and facilitator tokens) are random and only their SHA-256 is
stored: a copied database file does not hand out anyone's link. A token has 192 random bits,
so a fast hash is enough; slow password hashes exist for guessable secrets.
"""

from __future__ import annotations

import time
from functools import cached_property

from coprod.store.answers import Answers
from coprod.store.budget import Budgets, SaveBudget, SaveLimit
from coprod.store.database import Database, database_url
from coprod.store.followups import Followups
from coprod.store.people import People
from coprod.store.records import (
    WORKBOOK,
    WORKSHOP,
    Answer,
    Contact,
    Group,
    NotAllowed,
    Participant,
    Workshop,
    hash_token,
    new_token,
)
from coprod.store.settings import Settings
from coprod.store.workshops import CODE_ALPHABET, CODE_LENGTH, Workshops, normalise_code

__all__ = ["CODE_ALPHABET", "CODE_LENGTH", "WORKBOOK", "WORKSHOP", "Answer", "Contact", "Group", "NotAllowed",
           "Participant", "SaveBudget", "SaveLimit", "Store", "Workshop", "database_url", "hash_token", "new_token",
           "normalise_code"]

# Named as schema.MIGRATIONS names them (a test keeps the two the same): a page's kernel can
# tell that its database is up to date without importing SQLAlchemy.
MIGRATION_NAMES = ("0001_initial", "0002_settings_and_contacts", "0003_archiving_and_removal",
                   "0004_settings_keys_unbounded", "0005_workshop_kinds", "0006_save_budgets",
                   "0007_presenter_keys", "0008_followup_links")


class Store(Workshops, People, Settings, Budgets, Answers, Followups):
    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.db = Database(self.url)
        # Every person's saves are limited (budget.py); None lifts the limit, for the demo's
        # machine-speed filling. The clock is the wall clock: the budget is shared by processes.
        self.save_budget: SaveBudget | None = SaveBudget()
        self.clock = time.time
        self._resting: dict[int, tuple[float, SaveLimit]] = {}

    @classmethod
    def memory(cls) -> Store:
        store = cls("sqlite://")
        store.migrate()
        return store

    @cached_property
    def engine(self):
        """A SQLAlchemy engine on the same database, for migrations, exports and researchers'
        own queries. The store's own reads and writes never need it."""
        from coprod.store.engine import make_engine

        return make_engine(self.url, shared=self.db.shared)

    def migrate(self) -> list[str]:
        """Apply the migrations this database has not had; return their names."""
        if self._migrated():
            return []
        from coprod.store import schema

        with self.engine.begin() as conn:
            return schema.migrate(conn)

    def _migrated(self) -> bool:
        try:
            with self.db.read() as tx:
                return {row.name for row in tx.rows("SELECT name FROM coprod_migrations")} == set(MIGRATION_NAMES)
        except self.db.Error:  # no such table yet: a new database
            return False

    def dispose(self) -> None:
        self.db.close()
        if "engine" in self.__dict__:
            self.engine.dispose()

