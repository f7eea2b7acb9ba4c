"""The exports as files (bytes), for download buttons and `coprod export`.

CSV files are UTF-8 with a byte order mark, so that Excel reads accents and every script
correctly, with Windows line endings between rows, every cell quoted and formula starts
protected (see coprod.exports.cells). XLSX workbooks have a bold, frozen header row with
filters, columns sized to their contents, and text cells that stay text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING

from coprod.content import CourseContent
from coprod.exports.cells import csv_cell, needs_quote_prefix, plain, xlsx_text
from coprod.exports.followup import followup_frame
from coprod.exports.frames import answers_frame, authorship_frame, history_frame
from coprod.store import Store, Workshop

if TYPE_CHECKING:
    import pandas as pd

MAX_WIDTH = 60  # characters: wider columns push everything else off the screen
README = """\
answers.csv: one row per current answer (a dict answer gives one row per field);
history.csv: every saved version, oldest first, with its answer_id;
authorship.csv: who wrote which part of each text a group wrote together, piece by piece.
Answers to the follow-up questionnaire, months later, have the activity "followup".

A text cell that starts with = + - @ (or a tab or line break) has an apostrophe put in
front of it, so that a spreadsheet shows it as text instead of running it as a formula.
Remove that one apostrophe if you read the files with a program.

The files are UTF-8 (with a byte order mark, for Excel). The columns are described in
coprod/exports/frames.py and the way answers become rows in coprod/exports/flatten.py.
"""


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A DataFrame as CSV bytes, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([csv_cell(value) for value in row])
    # "replace": a character no encoding can hold must not lose the whole file.
    return out.getvalue().encode("utf-8-sig", errors="replace")


def frames_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """DataFrames as the sheets of one workbook, in the order given."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=title[:31])  # Excel's limit on a sheet name
        widths = []
        for col, name in enumerate(frame.columns, start=1):
            _write(sheet.cell(row=1, column=col), str(name)).font = bold
            widths.append(len(str(name)))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for col, value in enumerate(row, start=1):
                value = plain(value)
                _write(sheet.cell(row=r, column=col), value)
                if value is not None:
                    first_line = str(value).split("\n", 1)[0]
                    widths[col - 1] = max(widths[col - 1], min(len(first_line), MAX_WIDTH))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = min(width, MAX_WIDTH) + 2
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(cell, value):
    if isinstance(value, str):
        text = xlsx_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl makes a text starting with "=" a formula; it is not one
        if needs_quote_prefix(text):
            cell.quotePrefix = True  # Excel keeps it text even after someone edits the cell
    else:
        cell.value = value
    return cell


def answer_tables(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
                  ) -> dict[str, pd.DataFrame]:
    """What `coprod export answers` and the console's download write, by sheet (or file) name:
    the current answers, their whole history, and who wrote which part of each group text."""
    return {"answers": answers_frame(store, content, workshop, anonymised=anonymised),
            "history": history_frame(store, content, workshop, anonymised=anonymised),
            "authorship": authorship_frame(store, content, workshop, anonymised=anonymised)}


def csv_files(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
              ) -> dict[str, bytes]:
    """{"answers.csv": ..., "history.csv": ..., "authorship.csv": ...}"""
    return {f"{name}.csv": frame_csv(frame)
            for name, frame in answer_tables(store, content, workshop, anonymised=anonymised).items()}


def csv_zip(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False) -> bytes:
    """The two CSV files and a short README, zipped: one file for one download button."""
    return zip_bytes({**csv_files(store, content, workshop, anonymised=anonymised),
                      "README.txt": README.encode("utf-8")})


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx_bytes(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False) -> bytes:
    """A workbook with the sheets "answers", "history" and "authorship"."""
    return frames_xlsx(answer_tables(store, content, workshop, anonymised=anonymised))


def followup_csv(store: Store, content: CourseContent, workshop: Workshop) -> bytes:
    return frame_csv(followup_frame(store, content, workshop))
