"""Months later, in the demo: most of those who agreed to be contacted answer the follow-up from
their own follow-up link and its page (coprod.followup_page), as a person would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.demo import driving as drive
from coprod.followup_page import followup_view
from coprod.tasks.scale import demo as scale_demo  # a module, not its names: it imports coprod.demo
from coprod.tasks.scale.shared import choices
from coprod.widgets import Scale, TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def answer_followups(room: Room) -> None:
    """Months later: most of those who agreed to be contacted answer the follow-up, from their
    own follow-up link and its page, their Activity 11 answers moved a little up or down."""
    if room.content.followup is None:
        return
    room.rng = room.random("followup")
    for team in room.teams:
        for person in team.members:
            if room.store.contact(person) is None or room.skips(0.3):
                continue
            page = followup_view(room.store, room.content, room.store.make_followup_link(person))
            for task in room.content.followup.tasks:
                if task.type == "scale":
                    _scale(room, page, task, person)
                elif task.type == "questions":
                    for q in room.some(task.questions, 1, len(task.questions)):
                        drive.write(drive.labelled(page, TextEntry, q.text),
                                    room.phrase(f"{task.id}/{q.id}", q.id))
                else:
                    drive.write(drive.labelled(page, TextEntry, task.prompt), room.phrase(task.id))
            drive.close_tree(page)

def _scale(room: Room, page, task, person) -> None:
    scale = next(s for s in drive.find(page, Scale) if s.statements[0]["id"] == task.statements[0].id)
    if task.compare_with:
        activity = next(a for a in room.content.activities for part in a.parts for t in part.tasks
                        if t.id == task.compare_with)
        earlier = choices(task, room.store.current(room.workshop.id, activity.id, task.compare_with,
                                                   scope="participant", owner_id=person.id))
    else:
        earlier = {}
    for statement in task.statements:
        was = earlier.get(statement.id)
        positive = scale_demo.POSITIVE
        choice = room.weighted(positive if len(task.scale) == len(positive) else (1, 2, 2)) if was is None \
            else min(len(task.scale) - 1, max(0, was + room.rng.choice((-1, 0, 0, 1))))
        drive.choose(scale, statement.id, choice)
