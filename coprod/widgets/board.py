"""A board of posted notes in columns: the whiteboard of the paper version."""

from __future__ import annotations

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class Board(KernelOwnedWidget):
    _esm = static_esm("board.js")
    _css = static_css("board.css")

    value = t.List(t.Dict(), help="columns: heading, notes (text, author)").tag(sync=True)
