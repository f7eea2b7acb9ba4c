"""Where the page is: brings an activity's first heading to the top of the screen and puts the
keyboard and screen reader focus on it, when the activity changes under the person (the
facilitator brought everyone there) or they chose it themselves."""

from __future__ import annotations

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class Place(KernelOwnedWidget):
    _esm = static_esm("place.js")
    _css = static_css("place.css")

    target = t.Unicode("", help="the id of the activity (or page) whose heading to go to").tag(sync=True)
    seq = t.Int(0, help="counts the moves, so that going to the same place again is a change").tag(sync=True)

    def go(self, target: str) -> None:
        self.target = target
        self.seq += 1
