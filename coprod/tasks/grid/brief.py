"""What the projector shows while the room works on a `grid` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import GridTask
from coprod.tasks.bullets import bullets


def brief(task: GridTask) -> tuple[str, str]:
    body = bullets(c.heading for c in task.columns)
    if task.rows:
        body += "<p>For each of these stakeholders:</p>" + bullets((r.text for r in task.rows),
                                                                 "coprod-brief-list coprod-brief-cards")
    return "The boxes to fill in", body
