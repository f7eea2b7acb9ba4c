"""A countdown everyone in the room sees: the browser counts, the kernel sets the end."""

from __future__ import annotations

import time

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class Timer(KernelOwnedWidget):
    _esm = static_esm("timer.js")
    _css = static_css("timer.css")

    label = t.Unicode("", help="what the time is for, e.g. the activity's name").tag(sync=True)
    ends_at = t.Float(0.0, help="when time is up, in ms since the epoch; 0: no timer").tag(sync=True)
    server_now = t.Float(0.0, help="the kernel's clock when ends_at was set (ms), so a wrong device clock "
                                   "does not change the time left").tag(sync=True)

    def show(self, label: str, ends_at_seconds: float | None) -> None:
        ends_at = ends_at_seconds * 1000 if ends_at_seconds else 0.0
        if (label, ends_at) == (self.label, self.ends_at):
            return  # a redraw of the page, not a new time: send nothing
        self.server_now = time.time() * 1000
        self.label = label
        self.ends_at = ends_at
