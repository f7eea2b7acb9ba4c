"""Statements rated on the toolkit's 5-point scale, with one's own goals beside the goals one."""

from __future__ import annotations

from coprod.activities.questions import personal_goals
from coprod.content import Activity, QuestionsTask, ScaleTask
from coprod.session import Session
from coprod.widgets import Scale

GOALS_STATEMENT = "met-personal-goals"


def build_scale(activity: Activity, task: ScaleTask, session: Session) -> Scale:
    chosen = {}
    for answer in session.mine(activity.id, task.id):
        if isinstance(answer.value, dict) and isinstance(answer.value.get("choice"), int):
            chosen[answer.item] = answer.value["choice"]
    return Scale(
        intro=task.intro or "",
        statements=[{"id": s.id, "text": s.text} for s in task.statements],
        labels=list(task.scale),
        value=chosen,
        notes={GOALS_STATEMENT: _goals(session)},
        notes_intro="Your personal goals, from Activity 1:",
        save=lambda statement, choice: session.save(activity.id, task.id, statement,
                                                    {"choice": choice, "label": task.scale[choice]}),
    )


def _goals(session: Session) -> list[str]:
    for activity in session.content.activities:
        for part in activity.parts:
            for task in part.tasks:
                if isinstance(task, QuestionsTask) and task.goals_from:
                    return personal_goals(session, activity, task)
    return []
