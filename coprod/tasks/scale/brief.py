"""What the projector shows while the room works on a `scale` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from html import escape

from coprod.content import ScaleTask
from coprod.tasks.bullets import bullets


def brief(task: ScaleTask) -> tuple[str, str]:
    statements = [s.text for s in task.statements]
    return "Rate each statement", (bullets(statements) + "<p>From “" + escape(task.scale[0]) + "” to “"
                                   + escape(task.scale[-1]) + "”.</p>")
