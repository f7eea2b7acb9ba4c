"""What the projector shows while the room works on a `text` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from html import escape

from coprod.content import TextTask


def brief(task: TextTask) -> tuple[str, str]:
    return "To write", f"<p dir='auto'>{escape(task.prompt)}</p>"
