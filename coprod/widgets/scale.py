"""Statements rated on an ordered scale (Activity 11's questionnaire)."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm


class Scale(KernelOwnedWidget):
    """``save(statement_id, choice)`` stores a choice (an index into ``labels``)."""

    _esm = static_esm("scale.js")
    _css = static_css("scale.css")

    intro = t.Unicode("", help="the instruction above the statements").tag(sync=True)
    statements = t.List(t.Dict(), help="statements: id, text").tag(sync=True)
    labels = t.List(t.Unicode(), help="the scale, lowest first").tag(sync=True)
    value = t.Dict(help="statement id -> chosen index").tag(sync=True)
    notes = t.Dict(help="statement id -> lines shown beside it (e.g. one's own goals)").tag(sync=True)
    notes_intro = t.Unicode("", help="the line above those notes").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, save: Callable[[str, int], None], **kwargs):
        super().__init__(**kwargs)
        self._save = save


    def _on_choose(self, msg: dict) -> None:
        statement, choice = msg.get("statement"), msg.get("choice")
        valid = {s["id"] for s in self.statements}
        if not isinstance(statement, str) or statement not in valid \
                or not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < len(self.labels):
            self.send_state(["value"])
            return
        try:
            self._save(statement, choice)
        except Exception as exc:
            self._say("error", not_saved(exc, "Sorry, that choice could not be saved just now. Please choose again.",
                                         "saving a choice failed"))
            return
        self.value = {**self.value, statement: choice}
        self._say("saved", "Saved.")

    def _report_failure(self, content) -> None:
        self._say("error", "Sorry, that choice could not be saved just now. Please choose again.")
