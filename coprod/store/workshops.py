"""Workshops: join codes, facilitator links, opening, archiving, and forgetting one whole."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from coprod.store import records
from coprod.store.known_settings import WORKSHOP_CHANGE
from coprod.store.records import KINDS, WORKBOOK, WORKSHOP, Workshop, hash_token, new_token, now

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
KINDS_MIGRATION = "0005_workshop_kinds"  # since when a workshop's kind is stored


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def presenter_token(facilitator_token: str) -> str:
    """The presenter view's key that goes with a facilitator key: one-way (the projector's link,
    seen by the room, does not give the facilitator's), and the same every time, so that the link
    `coprod serve` prints and the one the console shows are one link, and no key is stored twice."""
    digest = hashlib.sha256(b"coprod presenter view\0" + facilitator_token.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode("ascii")


class Workshops:
    def create_workshop(self, name: str, *, kind: str = WORKSHOP) -> tuple[Workshop, str]:
        """Create a workshop with a fresh join code; return it and a facilitator token. Only
        `coprod workbook`'s own start (coprod.session) makes ``kind="workbook"``."""
        if kind not in KINDS:
            raise ValueError(f"a workshop's kind is one of {KINDS}, not {kind!r}")
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self.db.write() as tx:
                    workshop_id = tx.insert("workshops", name=name, code=code, open=True, created_at=now(),
                                            kind=kind)
            except self.db.IntegrityError:
                continue  # the code was taken: draw another
            workshop = self.workshop(workshop_id)
            return workshop, self.add_facilitator_key(workshop)
        raise RuntimeError("could not find a free join code")

    def add_facilitator_key(self, workshop: Workshop) -> str:
        token = new_token()
        with self.db.write() as tx:
            tx.insert("facilitator_keys", workshop_id=workshop.id, token_hash=hash_token(token), created_at=now())
        return token

    def end_other_facilitator_keys(self, workshop: Workshop, keep_token: str) -> int:
        """Make every facilitator link of the workshop stop working but this one; return how many.
        The presenter views' links go with them, but the one that goes with this key."""
        with self.db.write() as tx:
            tx.execute("DELETE FROM presenter_keys WHERE workshop_id = ? AND token_hash != ?",
                       (workshop.id, hash_token(presenter_token(keep_token))))
            return tx.execute("DELETE FROM facilitator_keys WHERE workshop_id = ? AND token_hash != ?",
                              (workshop.id, hash_token(keep_token))).rowcount

    def presenter_key(self, workshop: Workshop, facilitator_token: str) -> str | None:
        """The key of the presenter view (the projector's link) that goes with this facilitator key,
        kept in the store from now on; None if the facilitator key is not this workshop's. The key
        opens the presenter view only: every other page refuses it."""
        found = self.workshop_for_facilitator(facilitator_token)
        if found is None or found.id != workshop.id:
            return None
        token = presenter_token(facilitator_token)
        if self.workshop_for_presenter(token) is None:
            try:
                with self.db.write() as tx:
                    tx.insert("presenter_keys", workshop_id=workshop.id, token_hash=hash_token(token),
                              created_at=now())
            except self.db.IntegrityError:
                pass  # another page stored the same key meanwhile
        return token

    def workshop_for_presenter(self, token: str) -> Workshop | None:
        with self.db.read() as tx:
            return records.workshop(tx.first(
                "SELECT workshops.* FROM workshops JOIN presenter_keys ON presenter_keys.workshop_id = workshops.id"
                " WHERE presenter_keys.token_hash = ?", (hash_token(token),)))

    def find_workshop(self, name_or_code: str) -> Workshop | None:
        """The workshop with this join code, else the newest one with this name."""
        found = self.workshop_by_code(name_or_code)
        if found is None:
            with self.db.read() as tx:
                found = records.workshop(tx.first("SELECT * FROM workshops WHERE name = ? ORDER BY id DESC",
                                                  (name_or_code,)))
        return found

    def workbook(self) -> Workshop | None:
        """This database's workbook (one person's, made by `coprod workbook` or a notebook opened in
        JupyterLab), by its stored kind; the first made if there were ever two."""
        with self.db.read() as tx:
            return records.workshop(tx.first("SELECT * FROM workshops WHERE kind = ? ORDER BY id", (WORKBOOK,)))

    def make_workbook(self, workshop: Workshop) -> Workshop:
        """Store that a workshop made before kinds were stored is a workbook (coprod.session
        decides, from the workbook's own side only)."""
        with self.db.write() as tx:
            tx.execute("UPDATE workshops SET kind = ? WHERE id = ?", (WORKBOOK, workshop.id))
        return self.workshop(workshop.id)

    def made_before_kinds(self, workshop: Workshop) -> bool:
        """Whether the workshop is older than this database's record of workshop kinds: only such
        a one can be a workbook that was never marked as one."""
        with self.db.read() as tx:
            since = records.utc(tx.scalar("SELECT applied_at FROM coprod_migrations WHERE name = ?",
                                          (KINDS_MIGRATION,)))
        return since is not None and workshop.created_at is not None and workshop.created_at < since

    def workshop_by_code(self, code: str) -> Workshop | None:
        with self.db.read() as tx:
            return records.workshop(tx.first("SELECT * FROM workshops WHERE code = ?", (normalise_code(code),)))

    def workshop(self, workshop_id: int) -> Workshop | None:
        with self.db.read() as tx:
            return records.workshop(tx.first("SELECT * FROM workshops WHERE id = ?", (workshop_id,)))

    def workshop_for_facilitator(self, token: str) -> Workshop | None:
        with self.db.read() as tx:
            return records.workshop(tx.first(
                "SELECT workshops.* FROM workshops JOIN facilitator_keys ON facilitator_keys.workshop_id = workshops.id"
                " WHERE facilitator_keys.token_hash = ?", (hash_token(token),)))

    def set_open(self, workshop: Workshop, is_open: bool) -> None:
        with self.db.write() as tx:
            tx.execute("UPDATE workshops SET open = ? WHERE id = ?", (is_open, workshop.id))
            self._log(tx, workshop.id, WORKSHOP_CHANGE.key, WORKSHOP_CHANGE.stored({"open": is_open}))

    def close_idle(self, *, idle_for: timedelta, keep: Workshop | None = None) -> list[Workshop]:
        """Close joining for open workshops nothing has happened in for ``idle_for`` (no answer,
        no setting, not created since), so that old join codes stop letting people in."""
        since = now() - idle_for
        closed = []
        for workshop in self.all_workshops():
            if not workshop.open or (keep is not None and workshop.id == keep.id):
                continue
            with self.db.read() as tx:
                latest = [tx.scalar(f"SELECT max(created_at) FROM {table} WHERE workshop_id = ?", (workshop.id,))
                          for table in ("answers", "settings")]
            moments = [records.utc(m) for m in (workshop.created_at, *latest) if m is not None]
            if max(moments) < since:
                self.set_open(workshop, False)
                closed.append(workshop)
        return closed

    def all_workshops(self, *, archived: bool = False) -> list[Workshop]:
        """Every workshop in this database, newest first; archived ones only if asked."""
        where = "" if archived else " WHERE archived_at IS NULL"
        with self.db.read() as tx:
            return [records.workshop(row) for row in tx.rows(f"SELECT * FROM workshops{where} ORDER BY id DESC")]

    def rename_workshop(self, workshop: Workshop, name: str) -> Workshop:
        with self.db.write() as tx:
            tx.execute("UPDATE workshops SET name = ? WHERE id = ?", (name, workshop.id))
            self._log(tx, workshop.id, WORKSHOP_CHANGE.key, WORKSHOP_CHANGE.stored({"name": name}))
        return self.workshop(workshop.id)

    def set_archived(self, workshop: Workshop, archived: bool) -> Workshop:
        """Archive a workshop (closed to joining, listed only on request) or bring it back, open."""
        with self.db.write() as tx:
            tx.execute("UPDATE workshops SET archived_at = ?, open = ? WHERE id = ?",
                       (now() if archived else None, not archived, workshop.id))
            self._log(tx, workshop.id, WORKSHOP_CHANGE.key, WORKSHOP_CHANGE.stored({"archived": archived}))
        return self.workshop(workshop.id)

    def forget_workshop(self, workshop: Workshop) -> None:
        """Delete a workshop and everything in it: answers, people, groups, settings, contacts, keys
        (the facilitator's and the presenter view's)."""
        with self.db.write() as tx:
            for table in ("answers", "contacts", "followup_links", "settings", "participants", "groups",
                          "facilitator_keys", "presenter_keys"):
                tx.execute(f"DELETE FROM {table} WHERE workshop_id = ?", (workshop.id,))
            tx.execute("DELETE FROM workshops WHERE id = ?", (workshop.id,))
