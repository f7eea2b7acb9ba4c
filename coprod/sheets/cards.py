"""Cards: Activity 2's statement cards to cut out, and Activity 8's power scenario cards."""

from __future__ import annotations

from coprod.content import Activity, CardSortTask, CourseContent, Scenario, ScenariosTask
from coprod.sheets.finding import find_task, part_of
from coprod.sheets.layout import activity_label, esc, paragraph, sheet_head

# Two across, three down: at 90 x 74 mm a card can be read across a table in 17pt type, and
# the longest statement (about 170 characters) still fits. Each page is its own table, so no
# card is ever split by a page break.
CARDS_ACROSS = 2
CARDS_DOWN = 3

CARDS_CSS = """
.card-page + .card-page { break-before: page; }
table.cut-cards { table-layout: fixed; width: 100%; border-collapse: collapse; margin: 0; }
table.cut-cards td { border: 1.5px dashed #555; text-align: center; background: none; }
table.cut-cards tbody { break-inside: avoid; }
table.cut-cards td.empty { border: none; }
/* A card is two cells, one above the other with no line between: the label keeps to the card's
   top edge and the statement sits in the middle of the rest, however long it is. */
table.cut-cards td.card-label { border-bottom: none; height: 4mm; padding: 3mm 4mm 0; font-size: 8pt;
                                color: #555; text-transform: uppercase; letter-spacing: 0.04em;
                                vertical-align: top; }
table.cut-cards td.card-text { border-top: none; height: 58mm; padding: 1mm 6mm 5mm; vertical-align: middle;
                               font-size: 17pt; line-height: 1.3; font-weight: bold; }
.scenario + .scenario { break-before: page; }
.scenario { font-size: 12.5pt; }
.background { font-size: 12pt; font-style: italic; border-left: 3px solid #777; padding: 1mm 0 1mm 4mm;
              margin: 0 0 4mm; }
.scenario-body p { margin: 0 0 2mm; }
.scenario-body ul { margin: 0 0 3mm; padding-left: 7mm; }
.discussion { border: 1.5px solid #333; border-radius: 2mm; padding: 3mm 5mm; margin-top: 4mm;
              break-inside: avoid; font-size: 11.5pt; line-height: 1.3; }
.discussion p { margin: 0 0 1.5mm; font-weight: bold; }
.discussion ul { margin: 0; padding-left: 7mm; list-style: none; }
.discussion li { margin: 0 0 1mm; }
.discussion li::before { content: "\\2713"; margin-left: -6mm; width: 6mm; display: inline-block; }
"""


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def definition_cards_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "statement-cards", CardSortTask, name)
    title = task.title or activity.title
    # A loose card on a table still says which activity it belongs to.
    label = f"<td class='card-label'>{esc(activity_label(activity))} \u00b7 {esc(title)}</td>"
    pages = []
    for number, cards in enumerate(_chunks(list(task.cards), CARDS_ACROSS * CARDS_DOWN)):
        head = sheet_head(content, activity_label(activity), title) if number == 0 else ""
        rows = ""
        for row in _chunks(cards, CARDS_ACROSS):
            gap = "<td class='empty'></td>" * (CARDS_ACROSS - len(row))
            texts = "".join(f"<td class='card-text'>{esc(card.text)}</td>" for card in row)
            rows += f"<tbody><tr>{label * len(row)}{gap}</tr><tr>{texts}{gap}</tr></tbody>"
        cut = "<p class='cut-note'>\u2702 Cut along the dashed lines.</p>"
        pages.append(f"<div class='card-page'>{head}{cut}<table class='cut-cards'>{rows}</table></div>")
    return "".join(pages)


def _items(intro: str | None, items: list[str]) -> str:
    listed = "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>" if items else ""
    return paragraph(intro, "list-intro") + listed


def _scenario_card(content: CourseContent, activity: Activity, part_title: str | None, task: ScenariosTask,
                   scenario: Scenario) -> str:
    body = (
        f"<p class='background'>{esc(task.background)}</p>"
        f"<div class='scenario-body'><p>{esc(scenario.description)}</p>"
        + _items(scenario.requirements_intro, scenario.requirements)
        + _items(scenario.decisions_intro, scenario.decisions)
        + "</div>"
        f"<div class='discussion'>{_items(task.discussion_intro, task.discussion)}</div>"
    )
    return f"<section class='scenario'>{sheet_head(content, activity_label(activity), scenario.title, part_title)}" \
           f"{body}</section>"


def scenario_cards_sheet(content: CourseContent, activity: Activity, name: str) -> str:
    task = find_task(activity, "power-scenarios", ScenariosTask, name)
    # One card a page: each group is handed one example with the questions to discuss on it.
    part_title = part_of(activity, task).title
    return "".join(_scenario_card(content, activity, part_title, task, s) for s in task.scenarios)
