"""Activity 12's follow-up list: who asked to be emailed, at which address, and what they
committed to.

Only a person's newest choice counts: someone who gave an address and then withdrew it is
not on the list, and neither is anyone the facilitator removed from the workshop (their
link no longer works, so they could not withdraw). This list names people by design, so
it has no anonymised form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import ContactTask, CourseContent, TextTask
from coprod.exports.people import iso_utc, latest_contacts
from coprod.store import Participant, Store, Workshop

if TYPE_CHECKING:
    import pandas as pd

FOLLOWUP_COLUMNS = ["name", "email", "consented_at", "commitment"]
MAIL_MERGE_COLUMNS = ["name", "email", "link", "commitment"]


def commitment_task(content: CourseContent) -> tuple[str, str] | None:
    """(activity id, task id) of the personal commitment: the individual text task of the
    activity that asks for the follow-up address."""
    for activity in content.activities:
        tasks = [task for part in activity.parts for task in part.tasks]
        if any(isinstance(task, ContactTask) for task in tasks):
            text = next((t for t in tasks if isinstance(t, TextTask) and t.who == "individual"), None)
            return (activity.id, text.id) if text else None
    return None


def followup_frame(store: Store, content: CourseContent, workshop: Workshop) -> pd.DataFrame:
    """One row per person who consented and has not withdrawn, in the order they joined."""
    import pandas as pd

    where = commitment_task(content)
    rows = []
    for person, contact in consenting(store, workshop):
        rows.append({"name": person.display_name, "email": contact.email,
                     "consented_at": iso_utc(contact.consented_at),
                     "commitment": _commitment(store, workshop, where, person.id)})
    return pd.DataFrame(rows, columns=FOLLOWUP_COLUMNS, dtype=object)


def consenting(store: Store, workshop: Workshop):
    """(person, their contact row) for each person still in the workshop whose newest choice is
    an address, in the order they joined."""
    contacts = latest_contacts(store, workshop)
    for person in store.participants(workshop):
        contact = contacts.get(person.id)
        if contact is not None and contact.email:
            yield person, contact


def _commitment(store: Store, workshop: Workshop, where: tuple[str, str] | None, person_id: int) -> str | None:
    if where is None:
        return None
    answers = store.current(workshop.id, *where, scope="participant", owner_id=person_id)
    value = answers[-1].value if answers else None
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return value["text"]
    return value if isinstance(value, str) else None


def participant_contacts_frame(store: Store, participant: Participant) -> pd.DataFrame:
    """Every follow-up address one person gave or withdrew, oldest first (for a data-access request)."""
    import pandas as pd

    workshop = store.workshop(participant.workshop_id)
    rows = [{"email": c.email, "consented_at": iso_utc(c.consented_at)}
            for c in (store.contacts(workshop) if workshop else []) if c.participant_id == participant.id]
    return pd.DataFrame(rows, columns=["email", "consented_at"])


def followup_link(base_url: str, token: str) -> str:
    """The address a follow-up token opens: the participant's page in its follow-up mode.
    ``base_url`` is where the pages are served (``.../voila/render``)."""
    return f"{base_url.rstrip('/')}/index.ipynb?followup={token}"


def mail_merge_frame(store: Store, content: CourseContent, workshop: Workshop, base_url: str) -> pd.DataFrame:
    """The follow-up list for a mail merge: one row per person who agreed to be contacted, with a
    new personal follow-up link each (made now; links made before keep working). Empty when the
    course has no follow-up questionnaire. It names people and holds their links: a secret."""
    import pandas as pd

    where = commitment_task(content)
    rows = []
    for person, contact in (consenting(store, workshop) if content.followup is not None else ()):
        token = store.make_followup_link(person)
        rows.append({"name": person.display_name, "email": contact.email, "link": followup_link(base_url, token),
                     "commitment": _commitment(store, workshop, where, person.id)})
    return pd.DataFrame(rows, columns=MAIL_MERGE_COLUMNS, dtype=object)
