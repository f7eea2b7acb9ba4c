"""How `coprod demo` fills in a `dot_vote` task: the invented people tap the real "+" buttons, as
on a page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity, DotVoteTask
from coprod.demo import driving as drive
from coprod.tasks.dot_vote.widget import DotVote

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def tap(vote: DotVote, option: str, delta: int = 1) -> None:
    """One tap on an option's "+" (or, with delta -1, its "−")."""
    drive.send(vote, action="change", option=option, delta=delta)
    drive.saved(vote)


def fill(room: Room, activity: Activity, task: DotVoteTask) -> None:
    # The room leans towards some options, so that the board shows a clear first choice and a tail.
    leaning = [room.rng.random() ** 2 + 0.05 for _ in task.options]

    def spread(vote: DotVote) -> None:
        for _ in range(task.dots):
            free = [i for i, o in enumerate(task.options) if not (task.one_per_option and vote.value.get(o.id))]
            tap(vote, task.options[free[room.weighted([leaning[i] for i in free])]].id)

    if task.scope == "group":
        room.each_group(activity, task, lambda team, widget, session: spread(drive.find(widget, DotVote)[0]))
    else:
        room.each_person(activity, task, lambda person, team, widget: spread(drive.find(widget, DotVote)[0]))
