"""What the projector shows while the room works on a `scenarios` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import ScenariosTask
from coprod.tasks.bullets import bullets


def brief(task: ScenariosTask) -> tuple[str, str]:
    return "Choose an example", bullets(s.title for s in task.scenarios)
