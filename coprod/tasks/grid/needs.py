"""Activity 7's stakeholder needs grid: which stakeholder a group was given, and the collated grid.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

import hashlib
from html import escape

from coprod.content import GridTask
from coprod.stacking import stackable
from coprod.store.known_settings import GROUP_ROW


def row_name(task: GridTask, group_id: int) -> str:
    """The name of a group's row in GROUP_ROW (its setting's key is ``row:<task id>:<group id>``)."""
    return f"{task.id}:{group_id}"


def assigned(settings: dict, task: GridTask, group_id: int | None) -> str | None:
    return GROUP_ROW.read(settings, row_name(task, group_id)) if group_id is not None else None


def stakeholder_slug(text: str) -> str:
    """A stakeholder's key: distinct texts never share answers ("Carers!" and "Carers?")."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def grid_table(task: GridTask, rows: list[tuple[str, str, dict]]) -> str:
    """The collated grid from (stakeholder, group name, the group's texts by item) rows."""
    head = "".join(f"<th scope='col'>{escape(c.heading)}</th>" for c in task.columns)
    body = []
    for row, group_name, texts in rows:
        cells = "".join(
            f"<td dir='auto'>{escape(texts.get(f'{stakeholder_slug(row)}/{c.id}', ''))}</td>"
            for c in task.columns)
        body.append(f"<tr><th scope='row'>{escape(row)} <span class='coprod-by'>({escape(group_name)})</span></th>"
                    f"{cells}</tr>")
    rows = "".join(body) or f"<tr><td colspan='{len(task.columns) + 1}'>No group has a stakeholder yet.</td></tr>"
    return stackable(f"<table class='coprod-table coprod-needs-table'><caption>What stakeholders need: every "
                     f"group's row</caption><thead><tr><th scope='col'>Stakeholder</th>{head}</tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
