"""Statements rated on an ordered scale, with one's own goals beside the goals one.

A scale with ``compare_with`` asks again what an earlier scale asked (the ladder of
co-production at the start and at the end of the training): each person sees their two
answers side by side, with the move between them in words and an arrow, never colour alone.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import html, stackable
from coprod.content import Activity, CourseContent, Part, QuestionsTask, ScaleTask
from coprod.session import Session
from coprod.tasks.questions.builder import personal_goals
from coprod.tasks.scale.shared import NOT_YET, choices, moment, move
from coprod.widgets import Scale

GOALS_STATEMENT = "met-personal-goals"


def build(activity: Activity, task: ScaleTask, session: Session) -> w.Widget:
    compared = task.compare_with is not None
    # Answering a scale that a later one compares with redraws that later one's side-by-side view.
    earlier_of_another = any(t.compare_with == task.id for _, _, t in scale_tasks(session.content))
    side_by_side = html("", "coprod-scale-compare") if compared else None

    def draw() -> None:
        side_by_side.value = comparison_html(session, activity, task)

    def save(statement: str, choice: int) -> None:
        session.save(activity.id, task.id, statement, {"choice": choice, "label": task.scale[choice]})
        if compared:
            draw()
        if earlier_of_another:
            session.changed()

    scale = Scale(
        intro=task.intro or "",
        statements=[{"id": s.id, "text": s.text} for s in task.statements],
        labels=list(task.scale),
        value=choices(task, session.mine(activity.id, task.id)),
        notes={GOALS_STATEMENT: _goals(session)},
        notes_intro="Your personal goals, from Activity 1:",
        save=save,
    )
    if side_by_side is None:
        return scale
    session.watch(draw)
    return w.VBox([scale, side_by_side])






def scale_tasks(content: CourseContent):
    """Every scale task of the course, with its activity and part."""
    for activity in content.activities:
        for part in activity.parts:
            for task in part.tasks:
                if isinstance(task, ScaleTask):
                    yield activity, part, task


def earlier_of(content: CourseContent, task: ScaleTask) -> tuple[Activity, Part, ScaleTask]:
    """The scale a ``compare_with`` task asks again (the loader checked that there is one)."""
    return next(found for found in scale_tasks(content) if found[2].id == task.compare_with)




def comparison_html(session: Session, activity: Activity, task: ScaleTask) -> str:
    """One person's answers to an earlier scale and to this one, side by side, with the move."""
    earlier_activity, earlier_part, earlier = earlier_of(session.content, task)
    part = next(p for p in activity.parts if any(t.id == task.id for t in p.tasks))
    before = choices(earlier, session.mine(earlier_activity.id, earlier.id))
    after = choices(task, session.mine(activity.id, task.id))
    rows = []
    for statement in task.statements:
        was, now = before.get(statement.id), after.get(statement.id)
        rows.append(f"<tr><th scope='row' dir='auto'>{escape(statement.text)}</th>"
                    f"<td>{escape(task.scale[was]) if was is not None else NOT_YET}</td>"
                    f"<td>{escape(task.scale[now]) if now is not None else NOT_YET}</td>"
                    f"<td>{escape(move(was, now))}</td></tr>")
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in (
        "Statement", moment(earlier_part, earlier, "Before"), moment(part, task, "Now"), "Change"))
    return stackable(f"<table class='coprod-table coprod-scale-compare'><caption>Your answers side by side</caption>"
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _goals(session: Session) -> list[str]:
    for activity in session.content.activities:
        for part in activity.parts:
            for task in part.tasks:
                if isinstance(task, QuestionsTask) and task.goals_from:
                    return personal_goals(session, activity, task)
    return []
