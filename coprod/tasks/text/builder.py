"""A whole text: a person's own (optionally shown on their group's wall, as post-its), or one
their group writes together."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, TextTask
from coprod.session import Session
from coprod.tasks.answers import TextValue


def build(activity: Activity, task: TextTask, session: Session) -> w.Widget:
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
            text = TextValue.text_of(answers[-1].value) if answers else ""
            if text:
                cards.append(f"<li class='coprod-wall-card'><p dir='auto'>{escape(text)}</p>"
                             f"<p class='coprod-wall-author' dir='auto'>{escape(person.display_name)}</p></li>")
        body = "".join(cards) or "<li class='coprod-empty'>Nothing shared yet.</li>"
        wall.value = f"<h3>{escape(task.wall)}</h3><ul class='coprod-wall-list'>{body}</ul>"

    session.watch(draw)
    return wall
