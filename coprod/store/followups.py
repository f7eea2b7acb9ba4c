"""Personal follow-up links: one person's way back, months later, to the follow-up questionnaire.

A follow-up link is made only for someone whose newest choice in Activity 12 is an address (they
agreed to be contacted), and it opens only while that stays true: it stops when they withdraw,
when the facilitator removes them, and when they are forgotten (their links are deleted with
them). It is a secret of its own, not their personal link from the day: the day's link is stored
only as a hash and cannot be given again, and a follow-up link opens the questionnaire alone,
never the workshop's activities. Each `coprod followup` makes new links; older ones keep working
(an email already sent must not break).
"""

from __future__ import annotations

from coprod.store import records
from coprod.store.records import NotAllowed, Participant, hash_token, new_token, now

# The person behind a follow-up link, if they are still in their workshop and their newest
# contact row holds an address.
_CONSENTING = (
    "SELECT participants.* FROM followup_links"
    " JOIN participants ON participants.id = followup_links.participant_id"
    " WHERE followup_links.token_hash = ? AND participants.removed_at IS NULL"
    " AND (SELECT email FROM contacts WHERE contacts.participant_id = participants.id"
    "      ORDER BY contacts.id DESC LIMIT 1) IS NOT NULL")


class Followups:
    def consents(self, participant: Participant) -> bool:
        """Whether this person is still in their workshop and agreed, last time they chose, to be contacted."""
        with self.db.read() as tx:
            row = tx.first("SELECT removed_at FROM participants WHERE id = ?", (participant.id,))
            email = tx.scalar("SELECT email FROM contacts WHERE participant_id = ? ORDER BY id DESC LIMIT 1",
                              (participant.id,))
        return row is not None and row.removed_at is None and email is not None

    def make_followup_link(self, participant: Participant) -> str:
        """A new follow-up token for someone who agreed to be contacted (NotAllowed otherwise)."""
        if not self.consents(participant):
            raise NotAllowed("this person has not agreed to be contacted, or is no longer in the workshop")
        token = new_token()
        with self.db.write() as tx:
            tx.insert("followup_links", workshop_id=participant.workshop_id, participant_id=participant.id,
                      token_hash=hash_token(token), created_at=now())
        return token

    def participant_by_followup_token(self, token: str) -> Participant | None:
        """The person a follow-up link belongs to; None for an unknown link, or once they withdrew,
        were removed or were forgotten."""
        if not token:
            return None
        with self.db.read() as tx:
            return records.participant(tx.first(_CONSENTING, (hash_token(token),)))
