"""A workshop's data, taken home: tidy answer tables (pandas), CSV and XLSX files, and the
Activity 12 follow-up list.

    answers_frame(store, content, workshop, anonymised=False)   current answers
    history_frame(store, content, workshop, anonymised=False)   every saved version
    authorship_frame(store, content, workshop, anonymised=False) who wrote which part of each group text
    participant_frame(store, content, participant)              one person's own data
    followup_frame(store, content, workshop)                    who asked to be emailed
    xlsx_bytes / csv_files / csv_zip / followup_csv             the same, as files

pandas and openpyxl are imported only inside the functions that use them: participants'
kernels import coprod and must stay light.
"""

from coprod.exports.files import csv_files, csv_zip, followup_csv, frame_csv, frames_xlsx, xlsx_bytes
from coprod.exports.followup import FOLLOWUP_COLUMNS, followup_frame, participant_contacts_frame
from coprod.exports.frames import (
    ANSWER_COLUMNS,
    AUTHORSHIP_COLUMNS,
    HISTORY_COLUMNS,
    answers_frame,
    authorship_frame,
    history_frame,
    participant_frame,
)

__all__ = [
    "ANSWER_COLUMNS",
    "AUTHORSHIP_COLUMNS",
    "FOLLOWUP_COLUMNS",
    "HISTORY_COLUMNS",
    "answers_frame",
    "authorship_frame",
    "csv_files",
    "csv_zip",
    "followup_csv",
    "followup_frame",
    "frame_csv",
    "frames_xlsx",
    "history_frame",
    "participant_contacts_frame",
    "participant_frame",
    "xlsx_bytes",
]
