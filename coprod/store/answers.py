"""Answers: append-only rows; the newest row of a key is the current answer.

A key is (scope, owner, activity, task, item): scope "participant" means the owner is a
participant, "group" a group, "workshop" the whole room. The author is who wrote the row.

Every save goes through ``_store``: a save identical to the key's current row by the same
author adds no row (a page re-sending the same value, or a person pressing Save twice), and
every other save is charged to its author's budget (budget.py) before its row is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coprod.merge import merge_values
from coprod.store import notify, records
from coprod.store.budget import SaveLimit, size_of
from coprod.store.records import Answer, NotAllowed, Participant, now
from coprod.text import InvalidText

# An answer's row with its author's name (None once the author has been forgotten).
WITH_AUTHOR = ("SELECT answers.*, participants.display_name FROM answers"
               " LEFT OUTER JOIN participants ON participants.id = answers.author_id")
LATEST = (f"{WITH_AUTHOR} WHERE answers.workshop_id = ? AND answers.scope = ? AND answers.owner_id = ?"
          " AND answers.activity = ? AND answers.task = ? AND answers.item = ? ORDER BY answers.id DESC LIMIT 1")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)


class Answers:
    def save(self, participant: Participant, activity: str, task: str, item: str, value: Any,
             *, scope: str = "participant") -> int:
        """Append an answer; return its id. Nothing is overwritten: the newest row is current."""
        owner_id = self._owner(participant, scope)
        with self._writing(participant) as tx:
            self._may_write(tx, participant, scope, owner_id)
            return self._store(tx, participant, scope, owner_id, activity, task, item, value)[0]

    def save_for(self, author: Participant, owner: Participant, activity: str, task: str, item: str,
                 value: Any) -> int:
        """Append an answer to another participant's own answers (a partner adding to them)."""
        if author.workshop_id != owner.workshop_id:
            raise ValueError("those two people are in different workshops")
        with self._writing(author) as tx:
            self._may_write(tx, author, "participant", author.id)
            self._may_write(tx, owner, "participant", owner.id)
            return self._store(tx, author, "participant", owner.id, activity, task, item, value)[0]

    @contextmanager
    def _writing(self, author: Participant) -> Iterator:
        """A write transaction for ``author``'s save. A SaveLimit raised in it still commits what
        the refusal wrote (the token spent, the note for the facilitator), then is raised."""
        limit = self._resting_limit(author)
        if limit is not None:  # refused a moment ago and no time for a token since: spare the database
            raise limit
        refused = None
        with self.db.write() as tx:
            try:
                yield tx
            except SaveLimit as exc:
                refused = exc
        if refused is not None:
            raise refused

    @staticmethod
    def _owner(participant: Participant, scope: str) -> int:
        if scope == "participant":
            return participant.id
        if scope == "group":
            if participant.group_id is None:
                raise ValueError("this participant has no group yet")
            return participant.group_id
        if scope == "workshop":  # the whole room's (the problems on the whiteboard)
            return participant.workshop_id
        raise ValueError(f"unknown scope {scope!r}")

    @staticmethod
    def _may_write(tx, author: Participant, scope: str, owner_id: int) -> None:
        """Checked in the write's own transaction: the page's copy of the person may be stale.
        The workshop's write lock is taken first, so a removal cannot commit in between."""
        notify.before_write(tx, author.workshop_id, announce=False)
        row = tx.first("SELECT group_id, removed_at FROM participants WHERE id = ?", (author.id,))
        if row is None or row.removed_at is not None:
            raise NotAllowed("this person is no longer in the workshop")
        if scope == "group" and row.group_id != owner_id:
            raise NotAllowed("this person is no longer in that group")

    def _store(self, tx, author: Participant, scope: str, owner_id: int, activity: str, task: str, item: str,
               value: Any) -> tuple[int, Any]:
        """Append the answer unless it repeats the key's current row; return the id of the row
        that holds it and the key's row before this save (None for a new key)."""
        encoded = json.dumps(value, ensure_ascii=False)
        latest = tx.first(LATEST, (author.workshop_id, scope, owner_id, activity, task, item))
        if latest is not None and latest.author_id == author.id and latest.value == encoded:
            return latest.id, latest
        self._charge(tx, author, size_of(encoded))
        # Where someone is in the app changes nobody else's page (see version()): no need to wake them.
        notify.before_write(tx, author.workshop_id, announce=(activity, task) != ("app", "position"))
        return tx.insert("answers", workshop_id=author.workshop_id, author_id=author.id, scope=scope,
                         owner_id=owner_id, activity=activity, task=task, item=item, value=encoded,
                         created_at=now()), latest

    def save_unless_changed(self, participant: Participant, activity: str, task: str, item: str, value: Any,
                            *, base_id: int | None, scope: str = "group") -> tuple[int, Answer | None]:
        """Append an answer that was written starting from version ``base_id``.

        It is stored (every version is kept) unless it repeats the current one; if someone else
        saved the same key since ``base_id``, their newest answer is returned too, so the writer
        can be told.
        """
        owner_id = self._owner(participant, scope)
        with self._writing(participant) as tx:  # one write transaction: nobody saves in between
            notify.before_write(tx, participant.workshop_id)  # on PostgreSQL, the lock that says so
            self._may_write(tx, participant, scope, owner_id)
            new_id, latest = self._store(tx, participant, scope, owner_id, activity, task, item, value)
        if latest is not None and latest.id != base_id and latest.author_id != participant.id:
            return new_id, records.answer(latest)
        return new_id, None

    def save_merged(self, participant: Participant, activity: str, task: str, item: str, value: Any, *,
                    base: Any = None, base_id: int | None = None, scope: str = "group",
                    limit: int | None = None) -> tuple[int, Any]:
        """Merge an answer written together into the key's newest one, and append the result.

        ``value`` was written starting from ``base`` (or from the stored version ``base_id`` of
        the same key; neither: from nothing). What others saved since is kept (coprod.merge):
        every text of the value is a three-way merge of base, ``value`` and the newest answer,
        run inside the write transaction, so two pages or two servers cannot interleave. Return
        the id of the row now current and the value it holds; a merge that changes nothing
        stores nothing (and spends nothing of the person's budget). A merged text longer than
        ``limit`` characters is refused (InvalidText), as a text typed that long would be.
        """
        owner_id = self._owner(participant, scope)
        key = (participant.workshop_id, scope, owner_id, activity, task, item)
        with self._writing(participant) as tx:
            notify.before_write(tx, participant.workshop_id)
            self._may_write(tx, participant, scope, owner_id)
            latest = tx.first(LATEST, key)
            if base is None and base_id is not None:
                row = tx.first("SELECT value FROM answers WHERE id = ? AND workshop_id = ? AND scope = ?"
                               " AND owner_id = ? AND activity = ? AND task = ? AND item = ?", (base_id, *key))
                base = json.loads(row.value) if row is not None else None  # another key's id: from nothing
            current = json.loads(latest.value) if latest is not None else None
            merged = value if current is None else merge_values(base, value, current)
            if limit is not None:
                longest = max((len(t) for t in _texts(merged)), default=0)
                if longest > limit:
                    raise InvalidText(f"Together with what others wrote meanwhile, the text would be {longest:,} "
                                      f"characters long; the limit is {limit:,}. Please shorten it.")
            if latest is not None and merged == current:
                return latest.id, current
            return self._store(tx, participant, scope, owner_id, activity, task, item, merged)[0], merged

    def writers_since(self, workshop_id: int, scope: str, owner_id: int, activity: str, task: str, item: str,
                      after_id: int) -> list[tuple[int, str]]:
        """Who saved the key after row ``after_id`` (id and name), newest first, each once."""
        with self.db.read() as tx:
            rows = tx.rows(f"{WITH_AUTHOR} WHERE answers.workshop_id = ? AND answers.scope = ? AND answers.owner_id = ?"
                           " AND answers.activity = ? AND answers.task = ? AND answers.item = ? AND answers.id > ?"
                           " ORDER BY answers.id DESC LIMIT 50",
                           (workshop_id, scope, owner_id, activity, task, item, after_id))
        return list(dict.fromkeys((row.author_id, row.display_name) for row in rows if row.display_name))

    def current(self, workshop_id: int, activity: str, task: str, *, scope: str | None = None,
                owner_id: int | None = None) -> list[Answer]:
        """The newest answer for each key, oldest key first (the order items were created)."""
        conditions, params = ["workshop_id = ?", "activity = ?", "task = ?"], [workshop_id, activity, task]
        if scope is not None:
            conditions.append("scope = ?")
            params.append(scope)
        if owner_id is not None:
            conditions.append("owner_id = ?")
            params.append(owner_id)
        with self.db.read() as tx:
            rows = tx.rows(
                f"{WITH_AUTHOR} JOIN (SELECT max(id) AS latest_id, min(id) AS first_id FROM answers"
                f" WHERE {' AND '.join(conditions)} GROUP BY scope, owner_id, item) AS newest"
                " ON newest.latest_id = answers.id ORDER BY newest.first_id", params)
        return [records.answer(row) for row in rows]

    def history(self, workshop_id: int, activity: str | None = None) -> list[Answer]:
        """Every saved row, oldest first."""
        where, params = "answers.workshop_id = ?", [workshop_id]
        if activity is not None:
            where += " AND answers.activity = ?"
            params.append(activity)
        with self.db.read() as tx:
            rows = tx.rows(f"{WITH_AUTHOR} WHERE {where} ORDER BY answers.id", params)
        return [records.answer(row) for row in rows]

    def activities_answered(self, participant: Participant) -> set[str]:
        """The activities in which this person has saved anything (for "done" marks)."""
        with self.db.read() as tx:
            rows = tx.rows("SELECT DISTINCT activity FROM answers WHERE author_id = ?", (participant.id,))
        return {row.activity for row in rows} - {"app"}

    def last_answer_id(self, workshop_id: int) -> int:
        """The newest answer id: a cheap way for a board to tell that something changed."""
        with self.db.read() as tx:
            return tx.scalar("SELECT coalesce(max(id), 0) FROM answers WHERE workshop_id = ?", (workshop_id,))
