"""What the room works on in an activity, for the projector: each part's aim and the questions,
cards, boxes or examples its tasks give, in the course's own words.

Only the content (coprod/course) is drawn here, never an answer: the brief is the same for
every workshop. The toolkit's instructions to the facilitator stay on the console.
"""

from __future__ import annotations

from html import escape

from coprod.content import Activity, Part
from coprod.tasks.parts import part


def task_brief(task, level: int = 2) -> str:
    """What one task puts in front of the room, under a heading of ``level``; "" for a task with
    nothing to show (an email)."""
    label, body = part(task.type, "brief")(task)
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
