"""A list of places to go (the participant's activities, the console's sections), and which is open."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class Nav(KernelOwnedWidget):
    """``open(id)`` is asked to open an item; it returns a message if it may not be opened."""

    _esm = static_esm("nav.js")
    _css = static_css("nav.css")

    title = t.Unicode("Activities", help="the name of the list, for its landmark and heading").tag(sync=True)
    items = t.List(t.Dict(), help="id, label, state (open, done or locked)").tag(sync=True)
    value = t.Unicode("", help="the id of the open item").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, open: Callable[[str], str | None], **kwargs):
        super().__init__(**kwargs)
        self._open = open


    def _on_open(self, msg: dict) -> None:
        item = next((i for i in self.items if i["id"] == msg.get("id")), None)
        if item is None:
            return
        refused = self._open(item["id"])
        self._say("error", refused) if refused else self._say("", "")
