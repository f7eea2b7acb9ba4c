"""Driving widgets from Python as a browser drives them: through the comm's messages.

The helpers live in the package (coprod.demo.driving), where the demo workshop uses them too."""

from __future__ import annotations

from coprod.demo.driving import find, send, update

__all__ = ["find", "send", "update"]
