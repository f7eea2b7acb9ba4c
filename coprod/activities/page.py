"""The text around an activity's tasks: title, aim, instructions. Content is escaped:
it is the course's own text, but a researcher's edit should never become markup."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.content import Activity, Part


def html(markup: str, css_class: str) -> w.HTML:
    widget = w.HTML(markup)
    widget.add_class(css_class)
    return widget


def activity_header(activity: Activity) -> w.HTML:
    subtitle = f'<p class="coprod-subtitle">{escape(activity.subtitle)}</p>' if activity.subtitle else ""
    return html(
        f'<h2 class="coprod-activity-title">Activity {activity.number}: {escape(activity.title)}</h2>{subtitle}',
        "coprod-activity-header",
    )


def _instruction(instruction) -> str:
    points = "".join(f"<li>{escape(p)}</li>" for p in instruction.points)
    return f"<li>{escape(instruction.text)}" + (f"<ul>{points}</ul>" if points else "") + "</li>"


def part_header(activity: Activity, part: Part) -> w.HTML:
    title = f"<h3>{escape(part.title)}</h3>" if part.title else ""
    steps = "".join(_instruction(i) for i in part.instructions)
    return html(
        f"{title}<section class='coprod-aim'><h3>Aim</h3><p>{escape(part.aim)}</p></section>"
        f"<details class='coprod-instructions'><summary>Instructions for the facilitator</summary>"
        f"<ol>{steps}</ol></details>",
        "coprod-part-header",
    )


def task_header(task) -> w.HTML | None:
    parts = []
    if task.title:
        parts.append(f"<h3>{escape(task.title)}</h3>")
    if task.intro:
        parts.append(f"<p>{escape(task.intro)}</p>")
    return html("".join(parts), "coprod-task-header") if parts else None


def notice(text: str) -> w.HTML:
    return html(f"<p class='coprod-notice-text'>{escape(text)}</p>", "coprod-notice-box")


def coming_soon(task) -> w.HTML:
    what = escape(task.title) if task.title else "This part"
    return html(f"<p class='coprod-soon'>{what} of the activity is coming soon in this app.</p>", "coprod-soon-box")


NO_GROUP = ("This part is done with your group. When the facilitator has put you in a group, it will "
            "appear here.")
