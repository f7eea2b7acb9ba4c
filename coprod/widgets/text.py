"""One text answer, a person's own or a group's, saved with every version kept."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.store import Answer
from coprod.text import InvalidText, clean
from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm

SAVE_FAILED = "Sorry, that could not be saved just now. Your text is still here: please try again."


class TextEntry(KernelOwnedWidget):
    """``save(text, base)`` stores the text written from version ``base`` and returns
    ``(new_version, clash)``: ``clash`` is someone else's newer answer, or None."""

    _esm = static_esm("text.js")
    _css = static_css("text.css")

    label = t.Unicode(help="what to write: the visible label of the box").tag(sync=True)
    help = t.Unicode("", help="a line of guidance under the label").tag(sync=True)
    value = t.Unicode("", help="the text as last saved").tag(sync=True)
    version = t.Int(0, help="the stored answer the value comes from (0: none yet)").tag(sync=True)
    author = t.Unicode("", help="who saved the value").tag(sync=True)
    rows = t.Int(4, help="the height of the box in lines").tag(sync=True)
    draft_key = t.Unicode("", help="names this box's draft in the browser's storage").tag(sync=True)
    conflict = t.Dict(help="someone else's version saved meanwhile: text, author").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, nonce, seq").tag(sync=True)

    def __init__(self, *, save: Callable[[str, int | None], tuple[int, Answer | None]], me: str = "",
                 **kwargs):
        super().__init__(**kwargs)
        self._save = save
        self._me = me

    def show(self, answer: Answer | None) -> None:
        """Show the newest stored answer (called when the store changes)."""
        if answer is None or answer.id == self.version:
            return
        text = answer.value.get("text") if isinstance(answer.value, dict) else None
        if isinstance(text, str):
            self.author = answer.author_name or ""
            self.version = answer.id
            self.value = text


    def _on_save(self, msg: dict) -> None:
        nonce, base = msg.get("nonce"), msg.get("base")
        try:
            text = clean(msg.get("text"), what="Your text")
        except InvalidText as exc:
            self._say("error", str(exc), nonce=nonce)
            return
        try:
            version, clash = self._save(text, base if isinstance(base, int) and base > 0 else None)
        except Exception as exc:
            self._say("error", not_saved(exc, SAVE_FAILED, "saving a text failed", text_kept=True), nonce=nonce)
            return
        self.conflict = {"text": clash.value.get("text", ""), "author": clash.author_name or "Someone"} \
            if clash is not None and isinstance(clash.value, dict) else {}
        self.author, self.version, self.value = self._me, version, text
        self._say("saved", "Saved.", nonce=nonce)

    def _report_failure(self, content) -> None:
        self._say("error", SAVE_FAILED, nonce=content.get("nonce"))
