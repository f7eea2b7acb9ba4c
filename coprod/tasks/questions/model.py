"""The content model of a `questions` task: the fields its YAML may have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from coprod.content_base import Id, Question, TaskBase, unique_ids


class QuestionsTask(TaskBase):
    """Free-text answers to questions, as many responses per question as people like."""

    type: Literal["questions"]
    questions: list[Question]
    answer: Literal["notes", "text"] = Field(
        "notes", description="notes: as many short responses as people like; text: one answer per question")
    post_to_board: int | None = Field(None, ge=1, description="how many responses each person posts per question")
    goals_from: Id | None = Field(None, description="the question whose posted responses are personal goals")
    repeatable: bool = Field(False, description="done again at later points, each time dated")
    partner: bool = Field(False, description="a partner from the group can add to each person's responses")

    _check = field_validator("questions")(lambda v: unique_ids(v, "question"))

    @model_validator(mode="after")
    def _goals_question_exists(self):
        if self.goals_from and self.goals_from not in {q.id for q in self.questions}:
            raise ValueError(f"goals_from names {self.goals_from!r}, which is not a question of this task")
        return self
