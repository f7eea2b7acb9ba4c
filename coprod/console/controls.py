"""Small pieces every part of the console uses: its buttons and its status lines."""

from __future__ import annotations

from html import escape

import ipywidgets as w


def button(description: str, *, secondary: bool = False) -> w.Button:
    made = w.Button(description=description)
    made.add_class("coprod-button-widget")
    if secondary:
        made.add_class("coprod-button-secondary")
    return made


def say(status: w.HTML, text: str, *, error: bool = False) -> None:
    """Put a message in a console status line; screen readers hear it (role status)."""
    kind = " coprod-error" if error else ""
    status.value = f"<p role='status' class='coprod-said{kind}'>{escape(text)}</p>"
