"""Printable activity sheets for rooms without devices and people working on paper.

Each sheet is made from the course content (YAML), as HTML and printed to an A4 PDF:

>>> from coprod.content import load
>>> from coprod.sheets import available, sheet_pdf
>>> content = load()
>>> [sheet.slug for sheet in available(content)][:2]
['what-do-you-know', 'definition-cards']
"""

from coprod.sheets.catalogue import (
    SLUGS,
    Sheet,
    all_sheets_html,
    all_sheets_pdf,
    available,
    sheet_html,
    sheet_pdf,
)
from coprod.sheets.files import write_sheets
from coprod.sheets.finding import SheetUnavailable

__all__ = [
    "SLUGS", "Sheet", "SheetUnavailable", "all_sheets_html", "all_sheets_pdf", "available", "sheet_html", "sheet_pdf",
    "write_sheets",
]
