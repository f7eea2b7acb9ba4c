"""One text answer, a person's own or a group's, written together and saved as it is typed.

The page saves what its person typed a moment after they pause (and every two seconds while
they keep typing), with the text they started from; the store merges it with what others saved
meanwhile (coprod.merge), so that nobody's words are lost, and every version is kept. The
merged text comes back with the changes the merge made to what was sent, so that the page can
fold them into the box without moving the person's cursor.
"""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.merge import splices
from coprod.store import Answer
from coprod.text import InvalidText, clean
from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm

SAVE_FAILED = "Sorry, that could not be saved just now. Your text is still here: please try again."


class TextEntry(KernelOwnedWidget):
    """``save(text, base)`` merges the text written from ``base`` (a text, "" for none) into the
    stored one and returns ``(version, merged text)``; ``load()`` returns the newest stored answer
    (or None) and ``writers(after)`` the names of others who saved it after row ``after``."""

    _esm = static_esm("text.js", "together.js")
    _css = static_css("text.css")

    label = t.Unicode(help="what to write: the visible label of the box").tag(sync=True)
    help = t.Unicode("", help="a line of guidance under the label").tag(sync=True)
    value = t.Unicode("", help="the text as last saved").tag(sync=True)
    version = t.Int(0, help="the stored answer the value comes from (0: none yet)").tag(sync=True)
    author = t.Unicode("", help="who saved the value").tag(sync=True)
    rows = t.Int(4, help="the height of the box in lines").tag(sync=True)
    draft_key = t.Unicode("", help="names this box's draft in the browser's storage").tag(sync=True)
    edits = t.List(help="how the value changed from the one before: [start, end, inserted] on it").tag(sync=True)
    typing = t.Dict(help="others who saved this text since the page last heard: names, seq").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, nonce, seq, edits").tag(sync=True)

    def __init__(self, *, save: Callable[[str, str], tuple[int, str]], load: Callable[[], Answer | None] | None = None,
                 writers: Callable[[int], list[str]] | None = None, me: str = "", **kwargs):
        super().__init__(**kwargs)
        self._save = save
        self._load = load
        self._writers = writers
        self._me = me
        self.refresh()

    def refresh(self) -> None:
        """Show the newest stored answer (called when the store changes)."""
        if self._load is not None:
            self.show(self._load())

    def show(self, answer: Answer | None) -> None:
        if answer is None or answer.id == self.version:
            return
        text = answer.value.get("text") if isinstance(answer.value, dict) else None
        if not isinstance(text, str):
            return
        names = self._writers(self.version) if self._writers is not None and self.version else []
        with self.hold_sync():
            self.author = answer.author_name or ""
            self.version = answer.id
            self.edits = splices(self.value, text)  # before the value: the page reads them with it
            self.value = text
            if names:
                self.typing = {"names": names[:5], "seq": self.typing.get("seq", 0) + 1}

    def _on_save(self, msg: dict) -> None:
        nonce = msg.get("nonce")
        try:
            text = clean(msg.get("text"), what="Your text", strip=False)
            base = msg.get("base")
            base = clean(base, what="Your text", strip=False) if isinstance(base, str) else ""
        except InvalidText as exc:
            self._say("error", str(exc), nonce=nonce)
            return
        try:
            version, merged = self._save(text, base)
        except InvalidText as exc:  # the merged text would be too long: said as for a text typed so
            self._say("error", f"{exc} Your text is still here.", nonce=nonce)
            return
        except Exception as exc:
            self._say("error", not_saved(exc, SAVE_FAILED, "saving a text failed", text_kept=True), nonce=nonce)
            return
        with self.hold_sync():
            if version != self.version:
                self.author = self._me  # the new row is this person's, whoever else's words it holds
                self.edits = splices(self.value, merged)
                self.version, self.value = version, merged
            # What the merge changed in the text as sent (before cleaning): the page folds it into
            # what was typed since.
            self._say("saved", "Saved.", nonce=nonce, edits=splices(msg["text"], merged))

    def _report_failure(self, content) -> None:
        self._say("error", SAVE_FAILED, nonce=content.get("nonce"))
