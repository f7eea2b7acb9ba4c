"""People and groups: joining, personal links, moving between groups, removing, forgetting."""

from __future__ import annotations

from coprod.store import records
from coprod.store.known_settings import FORGOTTEN, MEMBER, PERSON, SAVE_LIMIT
from coprod.store.records import Group, Participant, Workshop, hash_token, new_token, now


class People:
    def create_group(self, workshop: Workshop, name: str) -> Group:
        with self.db.write() as tx:
            group_id = tx.insert("groups", workshop_id=workshop.id, name=name, created_at=now())
        return Group(group_id, workshop.id, name)

    def groups(self, workshop: Workshop) -> list[Group]:
        with self.db.read() as tx:
            rows = tx.rows("SELECT id, workshop_id, name FROM groups WHERE workshop_id = ? ORDER BY id", (workshop.id,))
        return [Group(row.id, row.workshop_id, row.name) for row in rows]

    def join(self, workshop: Workshop, display_name: str) -> tuple[Participant, str]:
        """Add a participant; return them and their personal token (shown once, stored hashed)."""
        token = new_token()
        with self.db.write() as tx:
            participant_id = tx.insert("participants", workshop_id=workshop.id, display_name=display_name,
                                       token_hash=hash_token(token), created_at=now())
        return Participant(participant_id, workshop.id, None, display_name), token

    def new_personal_token(self, participant: Participant) -> str:
        """A new personal link for someone who lost theirs (shown once, stored hashed, as at
        joining). Only a token's hash is kept, so the old link cannot be shown again: it stops
        working instead, which also shuts out whoever may have found it."""
        token = new_token()
        with self.db.write() as tx:
            changed = tx.execute("UPDATE participants SET token_hash = ? WHERE id = ? AND removed_at IS NULL",
                                 (hash_token(token), participant.id)).rowcount
        if not changed:
            raise records.NotAllowed("this person is no longer in the workshop")
        return token

    def participant_by_token(self, token: str) -> Participant | None:
        """The participant of a personal link; None once the facilitator has removed them."""
        with self.db.read() as tx:
            return records.participant(tx.first(
                "SELECT * FROM participants WHERE token_hash = ? AND removed_at IS NULL", (hash_token(token),)))

    def participants(self, workshop: Workshop) -> list[Participant]:
        """The people in the workshop now (not those removed), in the order they joined."""
        with self.db.read() as tx:
            rows = tx.rows("SELECT * FROM participants WHERE workshop_id = ? AND removed_at IS NULL ORDER BY id",
                           (workshop.id,))
        return [records.participant(row) for row in rows]

    def participant(self, participant_id: int) -> Participant | None:
        """A participant still in their workshop, else None."""
        with self.db.read() as tx:
            return records.participant(tx.first(
                "SELECT * FROM participants WHERE id = ? AND removed_at IS NULL", (participant_id,)))

    def everyone(self, workshop: Workshop) -> list[Participant]:
        """Everyone who ever joined the workshop, removed people included (for exports: their
        answers stay), in the order they joined."""
        with self.db.read() as tx:
            rows = tx.rows("SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", (workshop.id,))
        return [records.participant(row) for row in rows]

    def rename_participant(self, participant: Participant, display_name: str) -> Participant:
        with self.db.write() as tx:
            tx.execute("UPDATE participants SET display_name = ? WHERE id = ?", (display_name, participant.id))
            self._log(tx, participant.workshop_id, PERSON.key(participant.id), PERSON.stored({"name": display_name}))
        return Participant(participant.id, participant.workshop_id, participant.group_id, display_name)

    def remove_participant(self, participant: Participant) -> None:
        """Take someone out of the workshop: their link stops working; what they wrote stays,
        since group work is shared (deleting a person's data is a separate, explicit request)."""
        with self.db.write() as tx:
            tx.execute("UPDATE participants SET removed_at = ?, group_id = NULL WHERE id = ?", (now(), participant.id))
            self._log(tx, participant.workshop_id, PERSON.key(participant.id), PERSON.stored({"removed": True}))

    def assign_group(self, participant: Participant, group_id: int | None) -> Participant:
        """Move a participant; the move is also logged, so that open pages notice it."""
        with self.db.write() as tx:
            if group_id is not None:
                owner = tx.scalar("SELECT workshop_id FROM groups WHERE id = ?", (group_id,))
                if owner != participant.workshop_id:
                    raise ValueError("that group belongs to another workshop")
            tx.execute("UPDATE participants SET group_id = ? WHERE id = ?", (group_id, participant.id))
            self._log(tx, participant.workshop_id, MEMBER.key(participant.id), MEMBER.stored(group_id))
        return Participant(participant.id, participant.workshop_id, group_id, participant.display_name)

    def forget_participant(self, participant: Participant) -> int:
        """Delete a person and everything they wrote or that was written to them (a data-erasure
        request): their answers, every version, in every scope; their follow-up address; the
        log of their names; the note that they reached a save limit (their budget's row goes with
        them). Group texts fall back to the newest version someone else wrote.
        Returns how many answers were deleted."""
        person, workshop_id = participant.id, participant.workshop_id
        with self.db.write() as tx:
            deleted = tx.execute(
                "DELETE FROM answers WHERE workshop_id = ?"
                " AND (author_id = ? OR (scope = 'participant' AND owner_id = ?))",
                (workshop_id, person, person)).rowcount
            tx.execute("DELETE FROM contacts WHERE participant_id = ?", (person,))
            tx.execute('DELETE FROM settings WHERE workshop_id = ? AND "key" IN (?, ?, ?)',
                       (workshop_id, PERSON.key(person), MEMBER.key(person), SAVE_LIMIT.key(person)))
            tx.execute("DELETE FROM participants WHERE id = ?", (person,))
            # Open pages learn that the room changed (the row names nobody).
            self._log(tx, workshop_id, FORGOTTEN.key, FORGOTTEN.stored({"at": now().isoformat()}))
        return deleted
