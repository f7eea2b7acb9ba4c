"""What the projector shows while the room works on a `values_tree` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import ValuesTreeTask
from coprod.tasks.bullets import bullets


def brief(task: ValuesTreeTask) -> tuple[str, str]:
    return "The values tree", bullets([task.roots, task.trunk, task.leaves])
