"""What the room works on in an activity, for the projector: each part's aim and the questions,
cards, boxes or examples its tasks give, in the course's own words.

Only the content (coprod/course) is drawn here, never an answer: the brief is the same for
every workshop. The toolkit's instructions to the facilitator stay on the console.
"""

from __future__ import annotations

from html import escape

from coprod.content import (
    Activity,
    CardSortTask,
    GridTask,
    ListTask,
    Part,
    QuestionsTask,
    ScaleTask,
    ScenariosTask,
    TextTask,
    ValuesTreeTask,
)


def _list(texts, css: str = "coprod-brief-list") -> str:
    body = "".join(f"<li dir='auto'>{escape(t)}</li>" for t in texts if t)
    return f"<ul class='{css}'>{body}</ul>" if body else ""


def task_brief(task, level: int = 2) -> str:
    """What one task puts in front of the room, under a heading of ``level``; "" for a task with
    nothing to show (an email)."""
    title = (task.title or "").rstrip(":")

    def _said(label: str, body: str) -> str:
        return (f"<section class='coprod-brief-task'><h{level}>{escape(label)}</h{level}>{body}</section>"
                if body else "")

    if isinstance(task, QuestionsTask):
        return _said(title or "Questions", _list(q.text for q in task.questions))
    if isinstance(task, CardSortTask):
        lead = f"<p>Sort each statement: {escape(', '.join(task.piles))}.</p>"
        return _said(title or "The statement cards", lead + _list((c.text for c in task.cards),
                                                                  "coprod-brief-list coprod-brief-cards"))
    if isinstance(task, ListTask):
        lead = f"<p>Choose {task.pick} of these, or add your own.</p>" if task.pick else ""
        return _said(title or task.entry_label, lead + _list((e.text for e in task.examples),
                                                             "coprod-brief-list coprod-brief-cards"))
    if isinstance(task, GridTask):
        body = _list(c.heading for c in task.columns)
        if task.rows:
            body += "<p>For each of these stakeholders:</p>" + _list((r.text for r in task.rows),
                                                                     "coprod-brief-list coprod-brief-cards")
        return _said(title or "The boxes to fill in", body)
    if isinstance(task, ValuesTreeTask):
        return _said(title or "The values tree", _list([task.roots, task.trunk, task.leaves]))
    if isinstance(task, ScenariosTask):
        return _said(title or "Choose an example", _list(s.title for s in task.scenarios))
    if isinstance(task, ScaleTask):
        statements = [s.text for s in task.statements]
        return _said(title or "Rate each statement", _list(statements) + "<p>From “"
                     + escape(task.scale[0]) + "” to “" + escape(task.scale[-1]) + "”.</p>")
    if isinstance(task, TextTask):
        return _said(title or "To write", f"<p dir='auto'>{escape(task.prompt)}</p>")
    return ""


def part_brief(part: Part, *, titled: bool) -> str:
    """A part's aim and tasks: under the part's title (h2) when the activity has several, the
    tasks' headings one level below it; else the tasks' headings are the page's h2s (under its h1)."""
    titled = titled and bool(part.title)
    title = f"<h2 class='coprod-brief-part'>{escape(part.title)}</h2>" if titled else ""
    tasks = "".join(task_brief(task, 3 if titled else 2) for task in part.tasks)
    return (f"<section class='coprod-brief-section'>{title}<p class='coprod-brief-aim'><strong>Aim:</strong> "
            f"{escape(part.aim)}</p><div class='coprod-brief-tasks'>{tasks}</div></section>")


def brief_html(activity: Activity) -> str:
    subtitle = f"<p class='coprod-brief-subtitle'>{escape(activity.subtitle)}</p>" if activity.subtitle else ""
    titled = len(activity.parts) > 1
    return (f"<div class='coprod-brief' data-activity='{escape(activity.id)}'>{subtitle}"
            + "".join(part_brief(p, titled=titled) for p in activity.parts) + "</div>")
