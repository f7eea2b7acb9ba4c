"""How `coprod demo` fills in a `questions` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.demo.phrases import bank
from coprod.tasks.questions.shared import DEFAULT_FIELDS
from coprod.widgets import Notes, SharedList, TextEntry

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    if task.who == "group":
        def lists(team, widget, session):
            for q in task.questions:
                shared = drive.labelled(widget, SharedList, q.text)
                for _ in range(room.rng.randint(1, 3)):
                    drive.add(shared, **room.entry((f"{task.id}/{q.id}", q.id),
                                                [f.id for f in q.fields or DEFAULT_FIELDS]))
        room.each_group(activity, task, lists)
    elif task.repeatable or task.answer == "text":
        def texts(person, team, widget):
            for q in room.some(task.questions, 1, len(task.questions)):
                drive.write(drive.labelled(widget, TextEntry, q.text), room.phrase(f"{task.id}/{q.id}", q.id))
        room.each_person(activity, task, texts)
    else:
        room.each_person(activity, task, lambda person, team, widget: notes(room, task, widget))
        if task.partner:
            partners(room, activity, task)


def notes(room: Room, task, widget) -> None:
    notes = drive.find(widget, Notes)[0]
    # A sheet of a few questions is answered whole; of many, people answer those that speak to them.
    few = len(task.questions) <= 3
    answered = [q for q in task.questions if not room.skips(0.15)] if few else \
        room.some(task.questions, 2, min(4, len(task.questions)))
    for q in answered:
        texts = room.rng.sample(bank(f"{task.id}/{q.id}", q.id), room.rng.randint(1, 3 if few else 2))
        posting = room.rng.randint(1, task.post_to_board) if task.post_to_board else 0
        for n, text in enumerate(texts):
            drive.note(notes, q.id, text, posted=n < posting)


def partners(room: Room, activity: Activity, task) -> None:
    """The pair interview: most people add something to the next person's answers."""
    for team in room.teams:
        if len(team.members) < 2:
            continue
        for index, person in enumerate(team.members):
            if room.skips(0.3):
                continue
            partner = team.members[(index + 1) % len(team.members)]
            widget = room.build(person, activity, task)
            drive.labelled(widget, w.Dropdown, "Your partner").value = partner.id
            adding = drive.find(widget, Notes)[1]
            drive.note(adding, room.rng.choice(task.questions).id, room.phrase("partner"))
            drive.close_tree(widget)
