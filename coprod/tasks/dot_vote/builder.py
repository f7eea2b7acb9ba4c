"""A dot vote on a participant's page: the task's title and intro (drawn by the page), then the
dots (coprod.tasks.dot_vote.widget). A group's vote (``who: group``) is one vote that every member
of the group changes; without a group there is nothing to vote with yet."""

from __future__ import annotations

import ipywidgets as w

from coprod.activities.page import NO_GROUP, notice
from coprod.content import Activity, DotVoteTask
from coprod.session import Session
from coprod.store.known_settings import LOCKED
from coprod.tasks.dot_vote.answer import ANSWERS, ITEM, counts
from coprod.tasks.dot_vote.widget import DotVote


def build(activity: Activity, task: DotVoteTask, session: Session) -> w.Widget:
    if task.scope == "group" and session.participant.group_id is None:
        return notice(NO_GROUP)

    def load() -> dict[str, int]:
        current = [a for a in session.answers(activity.id, task.id, scope=task.scope) if a.item == ITEM]
        return (counts(task, ANSWERS.read(current[-1])) or {}) if current else {}

    def is_locked() -> bool:
        return activity.id in LOCKED.read(session.store.settings(session.workshop.id))

    vote = DotVote(
        label="Our group's dots" if task.scope == "group" else "Your dots",
        options=[{"id": o.id, "text": o.text} for o in task.options],
        dots=task.dots, one_per_option=task.one_per_option, value=load(),
        load=load, save=lambda chosen: session.save(activity.id, task.id, ITEM, {"dots": chosen}, scope=task.scope),
        is_locked=is_locked,
    )

    def draw() -> None:
        # Another member of the group (or this person on another device) may have moved a dot;
        # the facilitator may have closed the activity.
        vote.value = load()
        vote.locked = is_locked()

    session.watch(draw)
    return vote
