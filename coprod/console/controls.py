"""Small pieces every part of the console uses: its buttons and its status lines."""

from __future__ import annotations

import ipywidgets as w

from coprod.text import InvalidText, clean_name
from coprod.widgets import Status


def button(description: str, *, secondary: bool = False) -> w.Button:
    made = w.Button(description=description)
    made.add_class("coprod-button-widget")
    if secondary:
        made.add_class("coprod-button-secondary")
    return made


def say(status: Status, text: str, *, error: bool = False) -> None:
    """Put a message in a console status line (one live region: screen readers hear it)."""
    status.say(text, error=error)


def checked_name(text: str, status: Status, what: str) -> str | None:
    """A name as typed, cleaned; None (and the reason said in ``status``) if it cannot be used."""
    try:
        return clean_name(text)
    except InvalidText as problem:
        say(status, str(problem).replace("Your name", what), error=True)
        return None
