"""An email address for the follow-up months later, asked with explicit consent and kept apart
from the answers (the store's contacts, never on a board or in a report)."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.content import Activity, ContactTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.text import InvalidText, clean
from coprod.widgets import Status


def build(activity: Activity, task: ContactTask, session: Session) -> w.Widget:
    """An email address for the follow-up: asked with explicit consent, kept apart from answers."""
    store, person = session.store, session.participant
    intro = html(f"<p>{escape(task.prompt)}</p>", "coprod-contact-intro")
    consent = w.Checkbox(value=store.contact(person) is not None, description=task.consent, indent=False)
    consent.add_class("coprod-consent")
    email = w.Text(value=store.contact(person) or "", description="Email address", placeholder="name@example.org")
    email.add_class("coprod-email")
    save = w.Button(description="Save my choice")
    save.add_class("coprod-button-widget")
    said = Status()

    @one_at_a_time
    def on_save(_button):
        if not consent.value:
            store.set_contact(person, None)
            said.say("Saved: you will not be emailed, and no address is kept.")
            return
        try:
            address = clean(email.value, limit=320, what="The email address", required=True)
        except InvalidText as exc:
            said.say(str(exc), error=True)
            return
        if "@" not in address or " " in address or address.startswith("@") or address.endswith("@"):
            said.say("That does not look like an email address.", error=True)
            return
        store.set_contact(person, address)
        said.say("Saved. Only the facilitator's follow-up list will have your address.")

    save.on_click(on_save)
    return w.VBox([intro, consent, email, save, said])
