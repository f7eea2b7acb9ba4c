"""What the projector shows while the room works on a `list` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import ListTask
from coprod.tasks.bullets import bullets


def brief(task: ListTask) -> tuple[str, str]:
    lead = f"<p>Choose {task.pick} of these, or add your own.</p>" if task.pick else ""
    return task.entry_label, lead + bullets((e.text for e in task.examples), "coprod-brief-list coprod-brief-cards")
