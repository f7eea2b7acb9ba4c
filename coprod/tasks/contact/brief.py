"""What the projector shows while the room works on a `contact` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import ContactTask


def brief(_task: ContactTask) -> tuple[str, str]:
    """An email box: nothing for the room to see."""
    return "", ""
