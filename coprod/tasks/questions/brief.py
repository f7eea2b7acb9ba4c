"""What the projector shows while the room works on a `questions` task: (the heading when the task
has no title, the body), in the course's words only, never an answer ("" leaves it out)."""

from __future__ import annotations

from coprod.content import QuestionsTask
from coprod.tasks.bullets import bullets


def brief(task: QuestionsTask) -> tuple[str, str]:
    return "Questions", bullets(q.text for q in task.questions)
