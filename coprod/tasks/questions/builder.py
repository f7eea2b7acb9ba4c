"""Questions answered with free-text responses (Activity 1, and the individual question
sheets): each response is its own note, some posted to the board."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, html, notice
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, QuestionsTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.tasks.questions.answer import Note
from coprod.tasks.questions.reflections import build_reflections
from coprod.tasks.questions.shared import DEFAULT_FIELDS
from coprod.widgets import Notes


def _question(q) -> dict:
    return {"id": q.id, "text": q.text, "hint_intro": q.hint_intro, "hints": list(q.hints), "examples": q.examples}


def saved_responses(session: Session, activity: str, task: str, *, owner=None, author_id: int | None = None
                    ) -> list[dict]:
    """A participant's current responses (their own, or ``owner``'s), oldest first, without
    removed ones; with ``author_id``, only those that person wrote. A response someone else
    added says who ("by")."""
    owner = owner or session.participant
    responses = []
    for answer in session.store.current(session.workshop.id, activity, task, scope="participant", owner_id=owner.id):
        if author_id is not None and answer.author_id != author_id:
            continue
        note = Note.from_stored(answer.value)
        if note is not None and not note.removed:
            responses.append({"id": answer.item, "question": note.question, "text": note.text, "posted": note.posted,
                              "by": answer.author_name if answer.author_id != owner.id else ""})
    return responses


def build(activity: Activity, task: QuestionsTask, session: Session) -> w.Widget:
    if task.who == "group":
        return build_group_lists(activity, task, session)
    if task.repeatable:
        return build_reflections(activity, task, session)
    if task.answer == "text":
        return build_text_answers(activity, task, session)
    return build_notes(activity, task, session)


def build_notes(activity: Activity, task: QuestionsTask, session: Session) -> w.Widget:
    """Any number of short responses per question, some posted to the board."""
    notes = _own_notes(activity, task, session)
    if not task.partner:
        return notes
    session.watch(lambda: setattr(notes, "value", saved_responses(session, activity.id, task.id)))
    return w.VBox([notes, partner_step(activity, task, session)])


def _own_notes(activity: Activity, task: QuestionsTask, session: Session) -> Notes:

    def load() -> list[dict]:
        return saved_responses(session, activity.id, task.id)

    return Notes(
        questions=[_question(q) for q in task.questions],
        post_limit=task.post_to_board or 0,
        goals_question=task.goals_from or "",
        # Names the person too, so that people sharing a device never see each other's drafts.
        draft_key=f"{session.workshop.code}/{session.participant.id}/{activity.id}/{task.id}",
        value=load(),
        load=load,
        save=lambda response: session.save(activity.id, task.id, response["id"], response),
    )


def personal_goals(session: Session, activity: Activity, task: QuestionsTask) -> list[str]:
    """The responses a participant posted to the goals question: their goals for the training."""
    return [
        r["text"] for r in saved_responses(session, activity.id, task.id)
        if r["question"] == task.goals_from and r["posted"]
    ]




# --- questions answered with one text each, or as a group's lists ----------------------------


def build_text_answers(activity: Activity, task: QuestionsTask, session: Session) -> w.Widget:
    """One text per question (a questionnaire's open questions)."""
    return w.VBox([
        text_entry(session, activity.id, task.id, q.id, q.text, scope="participant", help=_hint_text(q))
        for q in task.questions
    ])


def _hint_text(q) -> str:
    hints = "; ".join(q.hints)
    if q.hint_intro:
        return f"{q.hint_intro} {hints}"
    return hints


def build_group_lists(activity: Activity, task: QuestionsTask, session: Session) -> w.Widget:
    """A group's shared list for each question (a glossary, language that helps, ...)."""
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    return w.VBox([
        shared_list(session, activity, task.id, q.id, title=q.text, fields=q.fields or DEFAULT_FIELDS,
                    context="" if q.fields else q.text)  # "Your answer", once per question
        for q in task.questions
    ])




# --- the pair interview: adding to a partner's responses --------------------------------------


def _save_for_partner(session: Session, partner, activity: Activity, task: QuestionsTask, response: dict) -> None:
    """Add to a partner's answers, only while they are still in one's group."""
    if partner.id not in {p.id for p in session.members()} or partner.id == session.participant.id:
        raise PermissionError("that person is no longer in your group")
    session.store.save_for(session.participant, partner, activity.id, task.id, response["id"], response)


def partner_step(activity: Activity, task: QuestionsTask, session: Session) -> w.VBox:
    """Choose a partner from the group, then add to their responses; they see your name."""
    box = w.VBox()
    box.add_class("coprod-partner")
    heading = html("<h3>Interview your partner</h3><p>Choose your partner, then add what you learn about them "
                   "to their answers. They will see your name beside what you add.</p>", "coprod-partner-intro")
    others = [p for p in session.members() if p.id != session.participant.id]
    if session.participant.group_id is None or not others:
        box.children = [heading, notice("When you are in a group, you can choose a partner from it here.")]
        return box
    choice = w.Dropdown(options=[("(choose)", 0), *((p.display_name, p.id) for p in others)], value=0,
                        description="Your partner")
    area = w.VBox()

    @one_at_a_time
    def show_partner(change) -> None:
        partner = next((p for p in session.members() if p.id == change["new"]), None)
        if partner is None or partner.id == session.participant.id:
            area.children = []
            return

        def load() -> list[dict]:
            return saved_responses(session, activity.id, task.id, owner=partner, author_id=session.participant.id)

        adding = Notes(
            questions=[{**_question(q), "text": f"{q.text} ({partner.display_name})"} for q in task.questions],
            post_limit=0, value=load(), load=load,
            draft_key=f"{session.workshop.code}/{session.participant.id}/{activity.id}/{task.id}/for-{partner.id}",
            save=lambda response: _save_for_partner(session, partner, activity, task, response),
        )
        area.children = [html(f"<h4>Adding to {escape(partner.display_name)}'s answers</h4>",
                              "coprod-partner-heading"), adding]

    choice.observe(show_partner, "value")
    box.children = [heading, choice, area]
    return box
