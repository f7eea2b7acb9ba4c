"""Joining a workshop with its code and a name of one's own choosing."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.text import InvalidText, clean_name
from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class JoinRefused(Exception):
    """Joining failed for a reason the person can act on (the message says which)."""

    def __init__(self, message: str, field: str = "code"):
        super().__init__(message)
        self.field = field


class JoinForm(KernelOwnedWidget):
    """``join(code, name)`` does the joining; it raises JoinRefused with a message to show."""

    _esm = static_esm("join.js")
    _css = static_css("join.css")

    code = t.Unicode("", help="the workshop code, filled in from the join link").tag(sync=True)
    notice = t.Unicode("", help="what is stored and who sees it").tag(sync=True)
    status = t.Dict(help="the outcome of the last attempt: kind, text, field").tag(sync=True)

    def __init__(self, *, join: Callable[[str, str], None], **kwargs):
        super().__init__(**kwargs)
        self._join = join


    def _on_join(self, msg: dict) -> None:
        code = msg.get("code")
        if not isinstance(code, str) or not code.strip():
            self._say("error", "Please type the workshop code.", field="code")
            return
        try:
            name = clean_name(msg.get("name"))
        except InvalidText as exc:
            self._say("error", str(exc), field="name")
            return
        try:
            self._join(code[:32], name)
        except JoinRefused as exc:
            self._say("error", str(exc), field=exc.field)
            return
        self._say("saved", "Welcome!")

    def _report_failure(self, content) -> None:
        self._say("error", "Sorry, joining did not work just now. Please try again.", field="name")
