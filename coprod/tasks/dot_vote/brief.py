"""What the projector shows while the room works on a `dot_vote` task: (the heading when the task
has no title, the body), in the course's words only, never an answer."""

from __future__ import annotations

from coprod.content import DotVoteTask
from coprod.tasks.bullets import bullets


def brief(task: DotVoteTask) -> tuple[str, str]:
    who = "Each group has" if task.scope == "group" else "Each of you has"
    how = "at most one on each option" if task.one_per_option else "as many as you like on one option"
    dots = f"{task.dots} {'dot' if task.dots == 1 else 'dots'}"
    return "Spread your dots", f"<p>{who} {dots}: {how}.</p>" + bullets(o.text for o in task.options)
