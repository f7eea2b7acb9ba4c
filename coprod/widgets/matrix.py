"""Ratings in a table: a small ordinal scale for each row and column (power now, and as it
should be)."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm


class Matrix(KernelOwnedWidget):
    """``save(row, column, choice)`` stores one rating (an index into ``scale``)."""

    _esm = static_esm("matrix.js")
    _css = static_css("matrix.css")

    caption = t.Unicode(help="what the table rates").tag(sync=True)
    row_heading = t.Unicode(help="the heading of the rows' column").tag(sync=True)
    rows = t.List(t.Dict(), help="id, label").tag(sync=True)
    columns = t.List(t.Dict(), help="id, label").tag(sync=True)
    scale = t.List(t.Unicode(), help="the ordinal scale, lowest first").tag(sync=True)
    value = t.Dict(help="row id -> {column id -> chosen index}").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, save: Callable[[str, str, int], None], **kwargs):
        super().__init__(**kwargs)
        self._save = save

    def _on_rate(self, msg: dict) -> None:
        row, column, choice = msg.get("row"), msg.get("column"), msg.get("choice")
        if not isinstance(row, str) or not isinstance(column, str) \
                or row not in {r["id"] for r in self.rows} or column not in {c["id"] for c in self.columns} \
                or not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < len(self.scale):
            self.send_state(["value"])
            return
        try:
            self._save(row, column, choice)
        except Exception as exc:
            self._say("error", not_saved(exc, "Sorry, that could not be saved just now. Please choose again.",
                                         "saving a rating failed"))
            return
        self.value = {**self.value, row: {**self.value.get(row, {}), column: choice}}
        self._say("saved", "Saved.")

    def _report_failure(self, content) -> None:
        self._say("error", "Sorry, that could not be saved just now. Please choose again.")
