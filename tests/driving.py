"""Driving widgets from Python as a browser drives them: through the comm's messages."""

from __future__ import annotations


def send(widget, **content):
    """A custom message, delivered as the comm delivers it."""
    widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def update(widget, **state):
    """A state update from the browser, delivered as the comm delivers it."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
                        "buffers": []})


def find(widget, kind):
    """Every widget of a kind in a tree, depth first."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += find(child, kind)
    return found
