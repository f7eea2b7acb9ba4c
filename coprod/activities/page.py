"""The text around an activity's tasks: title, aim, instructions. Content is escaped:
it is the course's own text, but a researcher's edit should never become markup."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.content import Activity, Part
from coprod.stacking import stackable  # noqa: F401  (the builders' tables)


def html(markup: str, css_class: str) -> w.HTML:
    widget = w.HTML(markup)
    widget.add_class(css_class)
    return widget


def activity_header(activity: Activity) -> w.HTML:
    subtitle = f'<p class="coprod-subtitle">{escape(activity.subtitle)}</p>' if activity.subtitle else ""
    # data-coprod-heading: where the page goes when the activity is opened (coprod.widgets.Place)
    heading = (f'<h2 class="coprod-activity-title" data-coprod-heading="{escape(activity.id)}">'
               f'Activity {activity.number}: {escape(activity.title)}</h2>')
    return html(heading + subtitle, "coprod-activity-header")


def _instruction(instruction) -> str:
    points = "".join(f"<li>{escape(p)}</li>" for p in instruction.points)
    return f"<li>{escape(instruction.text)}" + (f"<ul>{points}</ul>" if points else "") + "</li>"


def part_header(activity: Activity, part: Part) -> w.HTML:
    """What a participant reads above a part: its aim and what to do. The toolkit's instructions
    speak to the facilitator ("The facilitator will hand out..."): they are not shown here, but
    in the facilitator's notes (``facilitator_notes``)."""
    title = f"<h3>{escape(part.title)}</h3>" if part.title else ""
    to_do = "".join(f"<li>{escape(step)}</li>" for step in part.to_do)
    to_do = f"<section class='coprod-to-do'><h3>What to do</h3><ul>{to_do}</ul></section>" if to_do else ""
    return html(f"{title}<section class='coprod-aim'><h3>Aim</h3><p>{escape(part.aim)}</p></section>{to_do}",
                "coprod-part-header")


def facilitator_notes(activity: Activity) -> str:
    """The toolkit's instructions of every part of an activity, word for word, as HTML for the
    facilitator's screen (speaker notes): participants never see them."""
    sections = []
    for part in activity.parts:
        title = f"<h4>{escape(part.title)}</h4>" if part.title else ""
        steps = "".join(_instruction(i) for i in part.instructions)
        sections.append(f"{title}<ol>{steps}</ol>")
    return (f"<section class='coprod-facilitator-notes'><h3>Instructions for the facilitator: Activity "
            f"{activity.number}</h3>{''.join(sections)}</section>")


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

