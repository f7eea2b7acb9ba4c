"""Sheets that are questions with room to write: Activity 1, the values questions, the
reflection sheet, the "Our definition of co-production is..." sheet, and notes pages."""

from __future__ import annotations

from coprod.content import Activity, CourseContent, QuestionsTask, TextTask
from coprod.sheets.finding import find_task, part_of
from coprod.sheets.layout import activity_label, esc, questions_with_lines, ruled_lines, sheet_head

# Lines per question, chosen so that each sheet fills whole pages at the type size used: a
# half-empty last page wastes paper, and fewer lines leaves too little room for handwriting.
KNOW_LINES = 7
VALUES_LINES = 6
REFLECTION_LINES = 8
DEFINITION_LINES = 21
NOTES_LINES = 24

# Two pages: printed double-sided they make one sheet of paper, as the toolkit's own
# notes pages do.
NOTES_PAGES = 2

NOTES_CSS = """
.notes-page + .notes-page { break-before: page; }
.definition-prompt { font-size: 24pt; font-weight: bold; margin: 4mm 0 6mm; }
.definition-prompt::before { content: "\\201C"; }
.definition-prompt::after { content: "\\201D"; }
"""


def _questions_sheet(content: CourseContent, activity: Activity, task: QuestionsTask, lines: int,
                     part_title: str | None = None) -> str:
    head = sheet_head(content, activity_label(activity), activity.title, part_title or activity.subtitle)
    return head + questions_with_lines(task.intro, task.questions, lines)


def know_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "know-questions", QuestionsTask, name)
    return _questions_sheet(content, activity, task, KNOW_LINES)


def values_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "individual-values", QuestionsTask, name)
    # Activity 3 has two parts; the questions belong to the first, whose title says so.
    return _questions_sheet(content, activity, task, VALUES_LINES, part_of(activity, task).title)


def reflection_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "reflection", QuestionsTask, name)
    return _questions_sheet(content, activity, task, REFLECTION_LINES)


def definition_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "our-definition", TextTask, name)
    # The prompt stands out in large type, in quotes, as on the toolkit's sheet; the group
    # writes its definition under it.
    head = sheet_head(content, activity_label(activity), activity.title)
    return head + f"<p class='definition-prompt'>{esc(task.prompt)}</p>" + ruled_lines(DEFINITION_LINES)


def notes_sheet(content: CourseContent, activity: Activity | None, name: str) -> str:
    # Every page has the full heading: notes pages are handed out and kept one by one.
    page = f"<div class='notes-page'>{sheet_head(content, 'Notes')}{ruled_lines(NOTES_LINES)}</div>"
    return page * NOTES_PAGES
