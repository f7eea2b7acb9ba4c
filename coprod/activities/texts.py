"""Tasks answered with whole texts: a person's own, or one their group writes together."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, html, notice
from coprod.content import Activity, ContactTask, EntryField, GridTask, TextTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.text import MAX_ANSWER, InvalidText, clean
from coprod.widgets import Status, TextEntry


def text_entry(session: Session, activity_id: str, task_id: str, item: str, label: str, *,
               scope: str, help: str = "", rows: int = 4) -> TextEntry:
    """A box whose text is stored under (activity, task, item), for a person or their group."""

    def save(text: str, base: str) -> tuple[int, str]:
        version, value = session.save_merged(activity_id, task_id, item, {"text": text}, base={"text": base},
                                             scope=scope, limit=MAX_ANSWER)
        return version, value.get("text", "") if isinstance(value, dict) else ""

    def load():
        current = [a for a in session.answers(activity_id, task_id, scope=scope) if a.item == item]
        return current[-1] if current else None

    entry = TextEntry(label=label, help=help, rows=rows, save=save, load=load, me=session.participant.display_name,
                      writers=lambda after: session.writers_since(activity_id, task_id, item, after, scope=scope),
                      draft_key=f"{session.workshop.code}/{session.participant.id}/{activity_id}/{task_id}/{item}")
    if scope == "group":
        session.watch(entry.refresh, live=True)
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
        for person, answers in session.members_answers(activity.id, task.id):
            text = answers[-1].value.get("text") if answers and isinstance(answers[-1].value, dict) else ""
            if text:
                cards.append(f"<li class='coprod-wall-card'><p dir='auto'>{escape(text)}</p>"
                             f"<p class='coprod-wall-author' dir='auto'>{escape(person.display_name)}</p></li>")
        body = "".join(cards) or "<li class='coprod-empty'>Nothing shared yet.</li>"
        wall.value = f"<h3>{escape(task.wall)}</h3><ul class='coprod-wall-list'>{body}</ul>"

    session.watch(draw)
    return wall


def build_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget | None:
    """A grid with no rows: alone, one box per column (the personal power card); as a
    group, one shared list per column (the collective assets). Grids with rows are
    built by activities.needs_grid."""
    if task.who == "group":
        return build_group_grid(activity, task, session)
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


def build_group_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget:
    """A grid of headed boxes that a group fills together (the collective assets): each box
    is the group's list, and members' own answers (``offers_from``) can be placed with a tap."""
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    boxes = []
    for column in task.columns:
        intro = " ".join(filter(None, [column.description, column.example]))
        box = shared_list(session, activity, task.id, column.id, title=column.heading, intro=intro,
                          fields=[EntryField(id="text", label=f"Add to {column.heading.split(' – ')[0]}")],
                          examples_intro="Place something a member wrote in Part One")
        boxes.append(box)
    if task.offers_from:
        source = _activity_of(session, task.offers_from)

        def offer() -> None:
            offers = []
            for _person, answers in session.members_answers(source.id, task.offers_from):
                for answer in answers:
                    value = answer.value
                    if isinstance(value, dict) and not value.get("removed") and value.get("text"):
                        offers.append({"id": answer.item, "text": value["text"]})
            for box in boxes:
                if box.examples != offers:
                    box.examples = offers

        session.watch(offer)
    grid = w.GridBox(boxes)
    grid.add_class("coprod-grid")
    return grid


def _activity_of(session: Session, task_id: str) -> Activity:
    return next(a for a in session.content.activities for p in a.parts for t in p.tasks if t.id == task_id)
