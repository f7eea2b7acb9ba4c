"""Small pieces every part of the console uses: its buttons and its status lines."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.text import InvalidText, clean_name


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


def checked_name(text: str, status: w.HTML, what: str) -> str | None:
    """A name as typed, cleaned; None (and the reason said in ``status``) if it cannot be used."""
    try:
        return clean_name(text)
    except InvalidText as problem:
        say(status, str(problem).replace("Your name", what), error=True)
        return None
