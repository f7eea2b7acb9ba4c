"""A line that tells what just happened, read out by screen readers.

A live region must exist before its text changes to be announced; an HTML widget whose
whole content is replaced makes a new region each time, which many screen readers miss.
This widget keeps one region and changes only its text (and an optional link).
"""

from __future__ import annotations

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class Status(KernelOwnedWidget):
    _esm = static_esm("status.js")
    _css = static_css("status.css")

    text = t.Unicode("", help="what happened, in plain words").tag(sync=True)
    kind = t.Unicode("", help="'' (news) or 'error'").tag(sync=True)
    link = t.Dict(help="an optional link after the text: href and text").tag(sync=True)

    def say(self, text: str, *, error: bool = False, link: dict | None = None) -> None:
        self.link = link or {}
        self.kind = "error" if error else ""
        self.text = text
