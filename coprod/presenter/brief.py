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


# Each task type's brief: (the heading when the task has no title, the body). The body is
# the course's words only; "" leaves the task out.
def _questions(task: QuestionsTask) -> tuple[str, str]:
    return "Questions", _list(q.text for q in task.questions)


def _card_sort(task: CardSortTask) -> tuple[str, str]:
    lead = f"<p>Sort each statement: {escape(', '.join(task.piles))}.</p>"
    return "The statement cards", lead + _list((c.text for c in task.cards), "coprod-brief-list coprod-brief-cards")


def _list_task(task: ListTask) -> tuple[str, str]:
    lead = f"<p>Choose {task.pick} of these, or add your own.</p>" if task.pick else ""
    return task.entry_label, lead + _list((e.text for e in task.examples), "coprod-brief-list coprod-brief-cards")


def _grid(task: GridTask) -> tuple[str, str]:
    body = _list(c.heading for c in task.columns)
    if task.rows:
        body += "<p>For each of these stakeholders:</p>" + _list((r.text for r in task.rows),
                                                                 "coprod-brief-list coprod-brief-cards")
    return "The boxes to fill in", body


def _values_tree(task: ValuesTreeTask) -> tuple[str, str]:
    return "The values tree", _list([task.roots, task.trunk, task.leaves])


def _scenarios(task: ScenariosTask) -> tuple[str, str]:
    return "Choose an example", _list(s.title for s in task.scenarios)


def _scale(task: ScaleTask) -> tuple[str, str]:
    statements = [s.text for s in task.statements]
    return "Rate each statement", (_list(statements) + "<p>From “" + escape(task.scale[0]) + "” to “"
                                   + escape(task.scale[-1]) + "”.</p>")


def _text(task: TextTask) -> tuple[str, str]:
    return "To write", f"<p dir='auto'>{escape(task.prompt)}</p>"


def _nothing(_task) -> tuple[str, str]:
    return "", ""


BRIEFS = {
    "questions": _questions,
    "card_sort": _card_sort,
    "list": _list_task,
    "grid": _grid,
    "values_tree": _values_tree,
    "scenarios": _scenarios,
    "scale": _scale,
    "text": _text,
    "contact": _nothing,  # an email box: nothing for the room to see
}


def task_brief(task, level: int = 2) -> str:
    """What one task puts in front of the room, under a heading of ``level``; "" for a task with
    nothing to show (an email)."""
    brief = BRIEFS.get(task.type, _nothing)
    label, body = brief(task)
    label = (task.title or "").rstrip(":") or label
    return (f"<section class='coprod-brief-task'><h{level}>{escape(label)}</h{level}>{body}</section>"
            if body else "")


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
