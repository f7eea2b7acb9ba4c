"""Activity 11's evaluation questionnaire: statements with a tick box under each answer,
then the open questions with room to write."""

from __future__ import annotations

from coprod.content import Activity, CourseContent, QuestionsTask, ScaleTask
from coprod.sheets.finding import find_task
from coprod.sheets.layout import activity_label, esc, questions_with_lines, sheet_head, tick_box

OPEN_QUESTION_LINES = 5

QUESTIONNAIRE_CSS = """
table.scale { table-layout: fixed; width: 100%; border-collapse: collapse; margin: 0 0 7mm; }
table.scale th, table.scale td { border: 1.5px solid #333; padding: 2mm; }
/* Whole words only: "Strongly disagree" split letter by letter cannot be read. */
table.scale thead th { background: #e8e8e8; font-size: 10pt; line-height: 1.2; text-align: center;
                       vertical-align: bottom; overflow-wrap: normal; padding: 2mm 1mm; }
table.scale thead th.statements { text-align: left; font-size: 11.5pt; width: 43%; padding: 2mm; }
table.scale tbody th { font-weight: normal; font-size: 12.5pt; vertical-align: middle; background: none; }
table.scale td { text-align: center; vertical-align: middle; }
table.scale tr { break-inside: avoid; }
.open-questions .question h2 { font-size: 13.5pt; }
"""


def _scale_table(task: ScaleTask) -> str:
    # The toolkit puts its instruction in the table's corner, over the statements it is about.
    corner = f"<th scope='col' class='statements'>{esc(task.intro)}</th>"
    head = "<thead><tr>" + corner + "".join(f"<th scope='col'>{esc(o)}</th>" for o in task.scale) + "</tr></thead>"
    boxes = f"<td>{tick_box()}</td>" * len(task.scale)
    rows = "".join(f"<tr><th scope='row'>{esc(s.text)}</th>{boxes}</tr>" for s in task.statements)
    return f"<table class='scale'>{head}<tbody>{rows}</tbody></table>"


def evaluation_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    statements = find_task(activity, "evaluation-statements", ScaleTask, name)
    questions = find_task(activity, "evaluation-questions", QuestionsTask, name)
    open_part = questions_with_lines(questions.intro, questions.questions, OPEN_QUESTION_LINES)
    return (sheet_head(content, activity_label(activity), activity.title) + _scale_table(statements)
            + f"<div class='open-questions'>{open_part}</div>")
