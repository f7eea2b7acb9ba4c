"""Grids to fill in by hand: Activity 7's stakeholder needs grid and Activity 8's personal
power card. Columns and rows are the grid task's own, so an adapted grid prints as adapted."""

from __future__ import annotations

from coprod.content import Activity, Column, CourseContent, GridTask
from coprod.sheets.finding import find_task, part_of
from coprod.sheets.layout import activity_label, esc, ruled_lines, sheet_head

# Groups may be given a stakeholder of their own (one listed in Activity 6, or a hypothetical
# one): blank rows leave room to write its name.
BLANK_STAKEHOLDER_ROWS = 2
# A row tall enough for a few handwritten lines in a column a quarter of the page wide.
STAKEHOLDER_ROW_LINES = 4
# The personal power card has no rows: one row fills the page, as on the toolkit's card.
POWER_CARD_LINES = 20

GRID_CSS = """
table.grid { table-layout: fixed; width: 100%; border-collapse: collapse; margin: 0; }
table.grid th, table.grid td { border: 1.5px solid #333; padding: 2mm 2.5mm; vertical-align: top; }
table.grid thead th { background: #e8e8e8; font-size: 12pt; line-height: 1.25; }
table.grid tbody th { background: #f4f4f4; font-size: 12.5pt; width: 24%; }
table.grid tr { break-inside: avoid; }
table.grid .column-note { display: block; font-weight: normal; font-size: 10.5pt; margin-top: 1mm; }
table.grid td .lines { margin-top: 0; }
table.grid td .line { height: 8.5mm; }
table.grid .name-line { height: 8.5mm; border-bottom: 1px solid #777; }
"""


def _column_heading(column: Column) -> str:
    notes = "".join(f"<span class='column-note'>{esc(text)}</span>"
                    for text in (column.description, column.example) if text)
    return f"<th scope='col'>{esc(column.heading)}{notes}</th>"


def _grid(task: GridTask, lines: int, blank_rows: int) -> str:
    # thead repeats at the top of each page, so a grid running onto a second page keeps its headings.
    corner = "<th scope='col'></th>" if task.rows or blank_rows else ""
    head = "<thead><tr>" + corner + "".join(_column_heading(c) for c in task.columns) + "</tr></thead>"
    cells = f"<td>{ruled_lines(lines)}</td>" * len(task.columns)
    rows = [f"<tr><th scope='row'>{esc(row.text)}</th>{cells}</tr>" for row in task.rows]
    rows += [f"<tr><th scope='row'><div class='name-line'></div></th>{cells}</tr>"] * blank_rows
    if not rows:
        rows = [f"<tr>{cells}</tr>"]
    return f"<table class='grid'>{head}<tbody>{''.join(rows)}</tbody></table>"


def stakeholder_grid_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "stakeholder-needs", GridTask, name)
    blank = BLANK_STAKEHOLDER_ROWS if task.rows_from else 0
    return (sheet_head(content, activity_label(activity), activity.title)
            + _grid(task, STAKEHOLDER_ROW_LINES, blank))


def personal_power_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "personal-power", GridTask, name)
    # Titled by its part ("Part two: Reflecting on your power and influence"), under the activity.
    title = task.title or part_of(activity, task).title
    return (sheet_head(content, activity_label(activity), title or activity.title, activity.title if title else None)
            + _grid(task, POWER_CARD_LINES, 0))
