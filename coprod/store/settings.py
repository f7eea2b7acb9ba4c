"""The facilitator's settings as an append-only log, the version open pages watch, and the
follow-up contacts (kept apart from answers, so that no view of answers carries an email)."""

from __future__ import annotations

import json
from typing import Any

from coprod.store import notify
from coprod.store.records import Contact, Participant, Workshop, now, utc


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching text that starts with ``prefix`` (escape character ``/``)."""
    return prefix.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


class Settings:
    def set_setting(self, workshop: Workshop, key: str, value: Any) -> int:
        with self.db.write() as tx:
            return self._log(tx, workshop.id, key, value)

    @staticmethod
    def _log(tx, workshop_id: int, key: str, value: Any) -> int:
        """A setting row: also how open pages learn that the room changed (see version())."""
        notify.before_write(tx, workshop_id)
        return tx.insert("settings", workshop_id=workshop_id, key=key, value=json.dumps(value), created_at=now())

    def settings(self, workshop_id: int) -> dict[str, Any]:
        """Every setting in force: the newest value of each key."""
        with self.db.read() as tx:
            rows = tx.rows('SELECT "key", value FROM settings WHERE id IN'
                           ' (SELECT max(id) FROM settings WHERE workshop_id = ? GROUP BY "key")', (workshop_id,))
        return {row.key: json.loads(row.value) for row in rows}

    def setting_log(self, workshop_id: int, prefix: str) -> list[tuple[str, Any]]:
        """Every value ever set for the keys starting with ``prefix``, oldest first."""
        with self.db.read() as tx:
            rows = tx.rows("""SELECT "key", value FROM settings WHERE workshop_id = ? AND "key" LIKE ? ESCAPE '/'"""
                           " ORDER BY id", (workshop_id, like_prefix(prefix)))
        return [(row.key, json.loads(row.value)) for row in rows]

    def version(self, workshop_id: int) -> tuple[int, int]:
        """Changes whenever anything a page shows may have changed: cheap to poll."""
        with self.db.read() as tx:
            # Where each person is (their place in the app) changes nobody else's page.
            row = tx.first(
                "SELECT (SELECT coalesce(max(id), 0) FROM answers WHERE workshop_id = ?"
                "        AND NOT (activity = 'app' AND task = 'position')) AS answer,"
                "       (SELECT coalesce(max(id), 0) FROM settings WHERE workshop_id = ?) AS setting",
                (workshop_id, workshop_id))
        return row.answer, row.setting

    def set_contact(self, participant: Participant, email: str | None) -> None:
        """Record consent to a follow-up email (None withdraws it). Never part of any answer."""
        moment = now()
        with self.db.write() as tx:
            tx.insert("contacts", workshop_id=participant.workshop_id, participant_id=participant.id, email=email,
                      consented_at=moment if email else None, created_at=moment)

    def contacts(self, workshop: Workshop) -> list[Contact]:
        """Every row of the workshop's contacts log, oldest first: the newest per person is in force."""
        with self.db.read() as tx:
            rows = tx.rows("SELECT participant_id, email, consented_at FROM contacts WHERE workshop_id = ? ORDER BY id",
                           (workshop.id,))
        return [Contact(row.participant_id, row.email, utc(row.consented_at)) for row in rows]

    def contact(self, participant: Participant) -> str | None:
        with self.db.read() as tx:
            return tx.scalar("SELECT email FROM contacts WHERE participant_id = ? ORDER BY id DESC",
                             (participant.id,))
