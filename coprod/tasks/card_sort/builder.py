"""Activity 2's statement cards: sorted alone, compared with a partner, then as a group.

Sorting is a choice of pile for each card (a radio group per card, so a tap or the arrow
keys place it; no dragging). The piles themselves are shown below, as on the table.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice, stackable
from coprod.activities.stepped import Pages
from coprod.content import Activity, CardSortTask, TextTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.store import Participant, SaveLimit
from coprod.tasks.answers import TextValue
from coprod.tasks.card_sort.answer import PileChoice
from coprod.tasks.card_sort.shared import contested
from coprod.text import MAX_ANSWER, InvalidText
from coprod.widgets import Scale, Status


def sorted_by(session: Session, activity: Activity, task: CardSortTask, person: Participant) -> dict[str, int]:
    """A person's pile for each card they have sorted."""
    choices = {}
    for answer in session.store.current(session.workshop.id, activity.id, task.id, scope="participant",
                                        owner_id=person.id):
        value = PileChoice.from_stored(answer.value)
        if value is not None and value.index(len(task.piles)) is not None:
            choices[answer.item] = value.choice
    return choices


def build(activity: Activity, task: CardSortTask, session: Session) -> w.Widget:
    piles = html("", "coprod-piles")
    sorter = Scale(  # the task's title and intro stand above it
        statements=[{"id": c.id, "text": c.text} for c in task.cards],
        labels=list(task.piles),
        value=sorted_by(session, activity, task, session.participant),
        save=lambda card, choice: session.save(activity.id, task.id, card, {"choice": choice,
                                                                            "pile": task.piles[choice]}),
    )
    sorter.add_class("coprod-card-sort")

    def draw_piles(_change=None) -> None:
        columns = []
        for index, pile in enumerate(task.piles):
            cards = [c.text for c in task.cards if sorter.value.get(c.id) == index]
            items = "".join(f"<li>{escape(text)}</li>" for text in cards) or "<li class='coprod-empty'>None yet</li>"
            columns.append(f"<section class='coprod-pile'><h4>{escape(pile)} ({len(cards)})</h4><ul>{items}</ul>"
                           "</section>")
        done = len(sorter.value)
        piles.value = (f"<h3>My piles</h3><p>{done} of {len(task.cards)} cards sorted.</p>"
                       f"<div class='coprod-pile-row'>{''.join(columns)}</div>")

    sorter.observe(draw_piles, "value")
    draw_piles()
    # Sorting fourteen cards is a phone's screen or more: comparing comes as a step of its own.
    return Pages([("sort", "", sorter),
                  ("compare", "Compare your piles", w.VBox([piles, partner_view(activity, task, session),
                                                            group_view(activity, task, session)]))])


def partner_view(activity: Activity, task: CardSortTask, session: Session) -> w.VBox:
    """Step 3: where I and my partner sorted the cards differently."""
    heading = html("<h3>Talk with a partner</h3><p>Choose your partner to see where the two of you sorted the "
                   "cards differently.</p>", "coprod-partner-intro")
    others = [p for p in session.members() if p.id != session.participant.id]
    if not others:
        return w.VBox([heading, notice("When you are in a group, you can choose a partner from it here.")])
    choice = w.Dropdown(options=[("(choose)", 0), *((p.display_name, p.id) for p in others)], value=0,
                        description="Your partner")
    table = html("", "coprod-differences")

    def draw() -> None:
        partner = next((p for p in session.members() if p.id == choice.value), None)
        if partner is None or partner.id == session.participant.id:
            table.value = ""
            return
        mine = sorted_by(session, activity, task, session.participant)
        theirs = sorted_by(session, activity, task, partner)
        rows = [(c, mine.get(c.id), theirs.get(c.id)) for c in task.cards]
        differ = [(c, a, b) for c, a, b in rows if a is not None and b is not None and a != b]
        name = escape(partner.display_name)
        if not differ:
            sorted_both = sum(1 for _, a, b in rows if a is not None and b is not None)
            table.value = (f"<p>You and {name} sorted {sorted_both} of the same cards, all into the same piles."
                           "</p>")
            return
        body = "".join(f"<tr><th scope='row'>{escape(c.text)}</th><td>{escape(task.piles[a])}</td>"
                       f"<td>{escape(task.piles[b])}</td></tr>" for c, a, b in differ)
        table.value = stackable(
            f"<table class='coprod-table'><caption>Cards you and {name} sorted differently "
            f"({len(differ)})</caption><thead><tr><th scope='col'>Card</th><th scope='col'>You</th>"
            f"<th scope='col'>{name}</th></tr></thead><tbody>{body}</tbody></table>")

    choice.observe(one_at_a_time(lambda _change: draw()), "value")
    session.watch(draw)
    return w.VBox([heading, choice, table])




def group_view(activity: Activity, task: CardSortTask, session: Session) -> w.VBox:
    """Step 4: how the group sorted each card, the most contested first; statements can be
    pulled into the group's definition."""
    heading = html("<h3>As a group</h3>", "coprod-group-sort-heading")
    if session.participant.group_id is None:
        return w.VBox([heading, notice(NO_GROUP)])
    table = html("", "coprod-group-sort")
    definition = _definition_task(activity)
    pull = w.Dropdown(options=[("(choose a statement)", "")], value="",
                      description="Statement to add to our definition")
    add = w.Button(description="Add it to our definition")
    add.add_class("coprod-button-widget")
    said = Status()

    def draw() -> None:
        members = session.members()
        sorts = [sorted_by(session, activity, task, person) for person in members]
        rows = []
        for card in task.cards:
            counts = [sum(1 for s in sorts if s.get(card.id) == i) for i in range(len(task.piles))]
            rows.append((contested(counts), card, counts))
        rows.sort(key=lambda row: row[0])
        head = "".join(f"<th scope='col'>{escape(p)}</th>" for p in task.piles)
        body = "".join(f"<tr><th scope='row'>{escape(card.text)}</th>"
                       + "".join(f"<td>{n}</td>" for n in counts) + "</tr>" for _, card, counts in rows)
        table.value = stackable(
            f"<table class='coprod-table'><caption>How the {len(members)} of you sorted each card, "
            f"the most contested first</caption><thead><tr><th scope='col'>Card</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")
        pull.options = [("(choose a statement)", ""), *((card.text, card.id) for _, card, _ in rows)]

    @one_at_a_time
    def add_statement(_button) -> None:
        card = next((c for c in task.cards if c.id == pull.value), None)
        if card is None or definition is None:
            return
        current = session.answers(activity.id, definition.id, scope="group")
        latest = current[-1] if current else None
        text = TextValue.text_of(latest.value) if latest else ""
        joined = f"{text}\n{card.text}".strip()
        try:
            session.save_merged(activity.id, definition.id, "text", {"text": joined}, base={"text": text},
                                scope="group", limit=MAX_ANSWER)
        except (SaveLimit, InvalidText) as refused:  # the save budget (coprod/store/budget.py), or too long
            said.say(str(refused))
            return
        said.say("Added to the group's definition below.")
        session.changed()

    add.on_click(add_statement)
    session.watch(draw)
    controls = [pull, add, said] if definition is not None else []
    return w.VBox([heading, table, *controls])


def _definition_task(activity: Activity) -> TextTask | None:
    return next((t for p in activity.parts for t in p.tasks if isinstance(t, TextTask) and t.who == "group"), None)
