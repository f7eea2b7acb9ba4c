"""Which sheets there are, and making them: HTML for printing from a browser, PDF for paper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coprod.content import Activity, CourseContent
from coprod.printing import document, pdf
from coprod.sheets.cards import CARDS_CSS, definition_cards_sheet, scenario_cards_sheet
from coprod.sheets.finding import SheetUnavailable, find_activity
from coprod.sheets.grids import GRID_CSS, personal_power_sheet, stakeholder_grid_sheet
from coprod.sheets.layout import SHEET_CSS
from coprod.sheets.questionnaire import QUESTIONNAIRE_CSS, evaluation_sheet
from coprod.sheets.writing import (
    NOTES_CSS,
    definition_sheet,
    know_sheet,
    notes_sheet,
    reflection_sheet,
    values_sheet,
)

CSS = SHEET_CSS + NOTES_CSS + CARDS_CSS + GRID_CSS + QUESTIONNAIRE_CSS


@dataclass(frozen=True)
class Sheet:
    """A printable sheet: ``slug`` names its file and download; ``title`` is for a button or list."""

    slug: str
    title: str
    activity_number: int | None = None


@dataclass(frozen=True)
class _Kind:
    slug: str
    label: str  # what the sheet is, for its title and for messages
    activity_id: str | None  # None: needs no activity (notes pages)
    build: Callable[[CourseContent, Activity | None, str], str]


# In course order, the order the facilitator hands them out in.
_KINDS = (
    _Kind("what-do-you-know", "questions sheet", "what-do-you-know", know_sheet),
    _Kind("definition-cards", "definition cards to cut out", "defining-co-production", definition_cards_sheet),
    _Kind("our-definition", "\u201cOur definition\u201d sheet", "defining-co-production", definition_sheet),
    _Kind("values-questions", "values questions", "values", values_sheet),
    _Kind("stakeholder-needs", "stakeholder needs grid", "stakeholder-needs", stakeholder_grid_sheet),
    _Kind("power-scenarios", "power scenario cards", "power", scenario_cards_sheet),
    _Kind("personal-power", "personal power card", "power", personal_power_sheet),
    _Kind("reflection", "reflection sheet", "reflecting", reflection_sheet),
    _Kind("evaluation", "evaluation questionnaire", "evaluating", evaluation_sheet),
    _Kind("notes", "notes pages", None, notes_sheet),
)

SLUGS = tuple(kind.slug for kind in _KINDS)


def _kind(slug: str) -> _Kind:
    for kind in _KINDS:
        if kind.slug == slug:
            return kind
    raise SheetUnavailable(f"There is no sheet {slug!r}; the sheets are: {', '.join(SLUGS)}.")


def _name(kind: _Kind) -> str:
    return f"{kind.slug!r} sheet ({kind.label})"


def _activity_of(content: CourseContent, kind: _Kind) -> Activity | None:
    if kind.activity_id is None:
        return None
    return find_activity(content, kind.activity_id, _name(kind))


def _sheet(kind: _Kind, activity: Activity | None) -> Sheet:
    if activity is None:
        return Sheet(kind.slug, kind.label[0].upper() + kind.label[1:])
    return Sheet(kind.slug, f"Activity {activity.number}: {kind.label}", activity.number)


def available(content: CourseContent) -> list[Sheet]:
    """The sheets this content can have: those whose activity is in the course.

    A course adapted without an activity has no sheet for it. A sheet whose activity is there
    but whose task is missing is listed, and making it raises ``SheetUnavailable`` saying what
    is missing: that content is broken, and hiding the sheet would hide the mistake.
    """
    sheets = []
    for kind in _KINDS:
        try:
            sheets.append(_sheet(kind, _activity_of(content, kind)))
        except SheetUnavailable:
            continue
    return sheets


def _section(content: CourseContent, slug: str) -> tuple[Sheet, str]:
    kind = _kind(slug)
    activity = _activity_of(content, kind)
    body = kind.build(content, activity, _name(kind))
    return _sheet(kind, activity), f"<section class='sheet sheet-{kind.slug}'>{body}</section>"


def sheet_html(content: CourseContent, slug: str) -> str:
    """One sheet as a whole printable HTML document (A4 when printed from a browser too)."""
    sheet, section = _section(content, slug)
    return document(f"{sheet.title} \u2013 {content.course.title}", section, css=CSS)


def sheet_pdf(content: CourseContent, slug: str) -> bytes:
    return pdf(sheet_html(content, slug))


def all_sheets_html(content: CourseContent) -> str:
    """Every available sheet in one document, each starting on a new page."""
    sections = "".join(_section(content, sheet.slug)[1] for sheet in available(content))
    return document(f"Activity sheets \u2013 {content.course.title}", sections, css=CSS)


def all_sheets_pdf(content: CourseContent) -> bytes:
    return pdf(all_sheets_html(content))
