"""A budget on each person's saves, so that one page cannot fill the database.

Answers are append-only, so every save is a row: a crafted client sending saves as fast as its
websocket goes had 4 000 stored in 4.6 s, about 4.6 GB an hour (docs/security.md). Each person
has, in their workshop:

- a rate: a token bucket of ``burst`` saves, refilled at ``per_second``. A whole course is 40
  to 130 saves a person in the demo workshop (coprod.demo: every task done, in groups of 4 to
  12), 162 for someone in a group of their own, who does every group task too; a real room
  spreads them over hours, and the quickest hands save a few times a second for a minute (a
  questionnaire tapped through, an arrow key held on a scale). So ``burst`` holds a whole course
  done at machine speed, and the refill, a save every second for ever, is more than anyone keeps
  up (bench/class_of_30 scripts a save every 1 to 3 s). A page that never stops gets one row a
  second instead of 250.
- a total size: ``total_bytes`` of saved values (each row counted ``ROW_BYTES`` more for its
  other columns and index entries, so that tiny saves count too). A whole course is 3 to 7 KB
  a person (the same demo); but a group text is saved whole as its writers type (coprod.merge:
  about one save every 1 to 2 s while typing), so a 5,000-character scenario typed at for half an
  hour is 5 MB from one person. 20 MB a person leaves two hours of that, and bounds a room of 40
  at 800 MB, which a laptop holds.

The counts are kept in the database (``save_budgets``), read and written in the save's own write
transaction: a person's pages are separate kernels, and one person can open several. Writes to a
workshop already take turns (SQLite's BEGIN IMMEDIATE, PostgreSQL's per-workshop lock in
``notify.before_write``), so two pages cannot both spend the last token.

A refusal raises ``SaveLimit``, whose text is written for the person. The first refusal of an
episode is also logged as a setting (``save_limit:<participant id>``), which the facilitator's
console shows; again only after ``NOTE_EVERY``, so that a page hammering away does not wake every
page of the room at each try.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from coprod.store.known_settings import SAVE_LIMIT
from coprod.store.records import NotAllowed, Participant

log = logging.getLogger("coprod.store")

ROW_BYTES = 200  # a row's other columns and index entries: about 130 bytes in a SQLite file, measured
NOTE_EVERY = 600.0  # seconds: how often one person's refusals are logged for the facilitator

TOO_FAST = "You have saved a lot very quickly: please wait a moment and try again."
TOO_MUCH = ("You have saved as much as one person can in this workshop, so this was not saved. "
            "Please tell the facilitator.")


@dataclass(frozen=True)
class SaveBudget:
    burst: int = 200
    per_second: float = 1.0
    total_bytes: int = 20_000_000


class SaveLimit(NotAllowed):
    """A save refused because its person reached their budget; ``str()`` is for that person."""

    def __init__(self, kind: str, text: str, *, wait: float = 0.0):
        super().__init__(text)
        self.kind = kind  # "rate" or "size"
        self.wait = wait  # seconds until a save can succeed again ("rate" only)


def size_of(value_json: str) -> int:
    return len(value_json.encode("utf-8")) + ROW_BYTES


# What a person saved before their budget was kept (a database older than 0006), counted once at
# their next save; the workshop narrows it to the answers' index (a new person has nothing there).
_SAVED_BEFORE = ("SELECT coalesce(sum({length}), 0) + ? * count(*) FROM answers"
                 " WHERE workshop_id = ? AND author_id = ?")
_LENGTH = {"sqlite": "length(CAST(value AS BLOB))", "postgresql": "octet_length(value)"}


class Budgets:
    """Mixed into Store: ``save_budget`` (None: no limit) and ``clock`` are set by Store."""

    def _charge(self, tx, author: Participant, size: int) -> None:
        """Spend one save of ``size`` bytes from ``author``'s budget, or raise SaveLimit.

        Called in the save's write transaction; a refusal's own writes (the token a refused
        size spends, the note for the facilitator) must be committed: see Answers._writing."""
        budget = self.save_budget
        if budget is None:
            return
        moment = self.clock()
        row = tx.first("SELECT tokens, counted_at, bytes, noted_at, noted_kind FROM save_budgets"
                       " WHERE participant_id = ?", (author.id,))
        if row is None:
            used = int(tx.scalar(_SAVED_BEFORE.format(length=_LENGTH[tx.dialect]),
                                 (ROW_BYTES, author.workshop_id, author.id)))
            tx.execute("INSERT INTO save_budgets (participant_id, tokens, counted_at, bytes) VALUES (?, ?, ?, ?)",
                       (author.id, float(budget.burst), moment, used))
            tokens, noted_at, noted_kind = float(budget.burst), None, None
        else:
            # max(): a clock set back must not take tokens away, nor hand out more than the burst.
            tokens = min(float(budget.burst), row.tokens + max(0.0, moment - row.counted_at) * budget.per_second)
            used, noted_at, noted_kind = row.bytes, row.noted_at, row.noted_kind
        if tokens < 1.0:
            wait = (1.0 - tokens) / budget.per_second
            self._refuse(tx, author, SaveLimit("rate", TOO_FAST, wait=wait), moment, noted_at, noted_kind)
        if used + size > budget.total_bytes:
            # The try still spends a token: a page that keeps trying is slowed to the rate.
            tx.execute("UPDATE save_budgets SET tokens = ?, counted_at = ? WHERE participant_id = ?",
                       (tokens - 1.0, moment, author.id))
            self._refuse(tx, author, SaveLimit("size", TOO_MUCH), moment, noted_at, noted_kind)
        tx.execute("UPDATE save_budgets SET tokens = ?, counted_at = ?, bytes = ? WHERE participant_id = ?",
                   (tokens - 1.0, moment, used + size, author.id))

    def _refuse(self, tx, author: Participant, limit: SaveLimit, moment: float, noted_at: float | None,
                noted_kind: str | None) -> None:
        if noted_kind != limit.kind or noted_at is None or moment - noted_at >= NOTE_EVERY:
            tx.execute("UPDATE save_budgets SET noted_at = ?, noted_kind = ? WHERE participant_id = ?",
                       (moment, limit.kind, author.id))
            at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
            noted = SAVE_LIMIT.stored({"kind": limit.kind, "at": at})
            self._log(tx, author.workshop_id, SAVE_LIMIT.key(author.id), noted)
            log.warning("participant %s reached the save limit (%s)", author.id, limit.kind)
        if limit.kind == "rate":
            # Until then this process refuses without asking the database: only time gives tokens back.
            self._resting[author.id] = (moment + limit.wait, limit)
        raise limit

    def _resting_limit(self, author: Participant) -> SaveLimit | None:
        """A rate refusal of this process that still holds (checked before any transaction)."""
        resting = self._resting.get(author.id)
        if resting is None or self.save_budget is None:
            return None
        until, limit = resting
        if self.clock() >= until:
            self._resting.pop(author.id, None)  # pop: another thread of the page may have done it
            return None
        return limit


def limits_reached(settings: dict) -> dict[int, dict]:
    """Who reached a save limit, from the workshop's settings: participant id -> {kind, at}."""
    return {int(name): value for name, value in SAVE_LIMIT.every(settings).items() if name.isdigit()}
