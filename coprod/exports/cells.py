"""Making a cell safe to open in a spreadsheet.

CSV (formula injection, OWASP "CSV Injection"): a spreadsheet opening a CSV file runs a
cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)`` can
send data away; DDE formulas have run programs), and tab or carriage return in front can
hide such a start. Every text cell of a CSV export that starts with one of
``= + - @``, tab, carriage return or line feed, or with their full-width forms
(``＝ ＋ － ＠``, which some spreadsheets also take as formulas), gets one apostrophe ``'``
in front. Spreadsheets show the apostrophe, or treat it as "this is text"; a program
reading the CSV sees it, and can remove it with ``unprotect``. Numbers, true/false and
empty cells are never changed (a rating of 0 stays a number). Every cell is also quoted,
so a comma, a quote or a line break inside a text never shifts the columns.

XLSX: no apostrophe is needed. Each text cell is written as a string (openpyxl would
otherwise store a text starting with "=" as a formula) and marked "quote prefix", so that
Excel keeps it as text even when someone edits the cell. Two things a workbook cannot hold
are changed: control characters other than tab and line breaks (which the app never
stores, but a crafted client could) become U+FFFD, and a text longer than Excel's 32,767
characters a cell is cut, with a note saying so; the CSV export keeps every character.
"""

from __future__ import annotations

import math
import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PROTECT = "'"
XLSX_CELL_LIMIT = 32_767
# What openpyxl refuses to write: C0 controls other than tab, line feed and carriage return.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def plain(value: Any) -> Any:
    """A pandas or numpy scalar as a plain Python value; a missing value as None."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    item = getattr(value, "item", None)  # numpy scalars
    return item() if callable(item) else value


def csv_cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return PROTECT + value
    return value


def unprotect(text: str) -> str:
    """The text as stored, from a CSV cell written by csv_cell."""
    if text.startswith(PROTECT) and text[len(PROTECT):].startswith(TRIGGERS):
        return text[len(PROTECT):]
    return text


def xlsx_text(text: str) -> str:
    text = XLSX_ILLEGAL.sub("\ufffd", text)
    if len(text) <= XLSX_CELL_LIMIT:
        return text
    note = f" […cut: {len(text):,} characters in all; the CSV export has the whole text]"
    return text[:XLSX_CELL_LIMIT - len(note)] + note


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(TRIGGERS)
