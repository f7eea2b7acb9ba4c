"""Tasks answered with whole texts: a person's own, or one their group writes together."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice
from coprod.content import Activity, ContactTask, GridTask, TextTask
from coprod.session import Session
from coprod.text import InvalidText, clean
from coprod.widgets import TextEntry


def text_entry(session: Session, activity_id: str, task_id: str, item: str, label: str, *,
               scope: str, help: str = "", rows: int = 4) -> TextEntry:
    """A box whose text is stored under (activity, task, item), for a person or their group."""

    def save(text: str, base: int | None):
        return session.save_unless_changed(activity_id, task_id, item, {"text": text}, base_id=base, scope=scope)

    entry = TextEntry(label=label, help=help, rows=rows, save=save, me=session.participant.display_name,
                      draft_key=f"{session.workshop.code}/{session.participant.id}/{activity_id}/{task_id}/{item}")

    def show():
        current = [a for a in session.answers(activity_id, task_id, scope=scope) if a.item == item]
        entry.show(current[-1] if current else None)

    session.watch(show) if scope == "group" else show()
    return entry


def build_text(activity: Activity, task: TextTask, session: Session) -> w.Widget:
    scope = "group" if task.who == "group" else "participant"
    if scope == "group" and session.participant.group_id is None:
        return notice(NO_GROUP)
    entry = text_entry(session, activity.id, task.id, "text", task.prompt, scope=scope)
    if not task.wall:
        return entry
    return w.VBox([entry, _wall(activity, task, session)])


def _wall(activity: Activity, task: TextTask, session: Session) -> w.HTML:
    """Everyone in the group's texts for this task (their post-its on the wall)."""
    wall = html("", "coprod-wall")

    def draw():
        cards = []
        for person in session.members():
            answers = session.store.current(session.workshop.id, activity.id, task.id, scope="participant",
                                            owner_id=person.id)
            text = answers[-1].value.get("text") if answers and isinstance(answers[-1].value, dict) else ""
            if text:
                cards.append(f"<li class='coprod-wall-card'><p dir='auto'>{escape(text)}</p>"
                             f"<p class='coprod-wall-author' dir='auto'>{escape(person.display_name)}</p></li>")
        body = "".join(cards) or "<li class='coprod-empty'>Nothing shared yet.</li>"
        wall.value = f"<h3>{escape(task.wall)}</h3><ul class='coprod-wall-list'>{body}</ul>"

    session.watch(draw)
    return wall


def build_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget | None:
    """A grid with no rows, done alone (the personal power card): one box per column."""
    if task.rows or task.who != "individual":
        return None  # grids of rows are shared maps, built with the maps
    return w.VBox([
        text_entry(session, activity.id, task.id, column.id, column.heading, scope="participant",
                   help=column.description or "")
        for column in task.columns
    ])


def build_contact(activity: Activity, task: ContactTask, session: Session) -> w.Widget:
    """An email address for the follow-up: asked with explicit consent, kept apart from answers."""
    store, person = session.store, session.participant
    intro = html(f"<p>{escape(task.prompt)}</p>", "coprod-contact-intro")
    consent = w.Checkbox(value=store.contact(person) is not None, description=task.consent, indent=False)
    consent.add_class("coprod-consent")
    email = w.Text(value=store.contact(person) or "", description="Email address", placeholder="name@example.org")
    email.add_class("coprod-email")
    save = w.Button(description="Save my choice")
    save.add_class("coprod-button-widget")
    said = html("", "coprod-contact-status")

    def on_save(_button):
        if not consent.value:
            store.set_contact(person, None)
            said.value = "<p role='status'>Saved: you will not be emailed, and no address is kept.</p>"
            return
        try:
            address = clean(email.value, limit=320, what="The email address", required=True)
        except InvalidText as exc:
            said.value = f"<p role='alert' class='coprod-error-text'>{escape(str(exc))}</p>"
            return
        if "@" not in address or " " in address or address.startswith("@") or address.endswith("@"):
            said.value = "<p role='alert' class='coprod-error-text'>That does not look like an email address.</p>"
            return
        store.set_contact(person, address)
        said.value = "<p role='status'>Saved. Only the facilitator's follow-up list will have your address.</p>"

    save.on_click(on_save)
    return w.VBox([intro, consent, email, save, said])
