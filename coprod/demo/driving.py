"""Driving widgets from Python as a browser drives them: through the comm's messages.

The demo workshop and the tests fill activities this way, so that what is stored is
exactly what a participant's page stores: the same builders, the same validation, the
same values. A request the widget refuses raises ``Refused`` (never a silent gap).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import comm  # ipywidgets' own dependency: the kernel's comms, and a silent stand-in
import ipywidgets as w
from ipywidgets import comm as widget_comms

from coprod import upstream


class Refused(RuntimeError):
    """A widget did not accept what was sent to it."""


def send(widget, **content) -> None:
    """A custom message, delivered as the comm delivers it."""
    upstream.as_the_comm_delivers(widget, {"content": {"data": {"method": "custom", "content": content}},
                                           "buffers": []})


def update(widget, **state) -> None:
    """A state update from the browser, delivered as the comm delivers it."""
    upstream.as_the_comm_delivers(widget, {"content": {"data": {"method": "update", "state": state,
                                                                "buffer_paths": []}}, "buffers": []})


def find(widget, kind) -> list:
    """Every widget of a kind in a tree, depth first."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += find(child, kind)
    return found


def labelled(widget, kind, label: str):
    """The widget of a kind in a tree whose ``label`` (or ``description``, or ``title``) is ``label``."""
    for candidate in find(widget, kind):
        if label in (getattr(candidate, "label", None), getattr(candidate, "description", None),
                     getattr(candidate, "title", None)):
            return candidate
    raise LookupError(f"no {kind.__name__} labelled {label!r}")


def with_class(widget, css_class: str) -> list[w.Widget]:
    """Every widget in a tree that carries a CSS class."""
    return [c for c in find(widget, w.Widget) if css_class in getattr(c, "_dom_classes", ())]


def saved(widget) -> None:
    """Raise unless the widget's last request was stored."""
    status = getattr(widget, "status", {}) or {}
    if status.get("kind") != "saved":
        raise Refused(f"{type(widget).__name__} refused: {status.get('text', 'no answer')}")


def write(entry, text: str) -> None:
    """Type into a TextEntry in place of what it shows, and save it (from that text, as the page does)."""
    send(entry, action="save", text=text, base=entry.value, nonce=1)
    saved(entry)


def add(shared_list, **values) -> None:
    """Add an entry to a SharedList."""
    send(shared_list, action="add", values=values, nonce=1)
    saved(shared_list)


def add_example(shared_list, example_id: str) -> None:
    """Add one of a SharedList's ready-made entries with a tap."""
    send(shared_list, action="add_example", id=example_id)
    saved(shared_list)


def note(notes, question: str, text: str, *, posted: bool = False) -> dict:
    """Add a response to a Notes widget, posting it to the board if asked; return it."""
    send(notes, action="add", question=question, text=text, nonce=1)
    saved(notes)
    response = notes.value[-1]
    if posted:
        send(notes, action="post", id=response["id"], posted=True)
        saved(notes)
    return response


def choose(scale, statement: str, choice: int) -> None:
    """Choose an option for one statement of a Scale (or a card's pile)."""
    send(scale, action="choose", statement=statement, choice=choice)
    saved(scale)


def rate(matrix, row: str, column: str, choice: int) -> None:
    """Rate one cell of a Matrix."""
    send(matrix, action="rate", row=row, column=column, choice=choice)
    saved(matrix)


def pick(picker, option_id: str) -> None:
    """Tick one option of a Picker."""
    send(picker, action="pick", id=option_id, picked=True)
    saved(picker)


def close_tree(widget: w.Widget) -> None:
    """Close a widget and everything inside it, once it is no longer needed."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


@contextmanager
def headless() -> Iterator[None]:
    """Widgets made inside are driven from Python only: none is announced to a front end, and
    every one is closed on the way out.

    In a notebook each new widget otherwise sends its whole state to the browser; the demo
    makes thousands, and the flood of messages would swamp the page (and nbval). Not for a
    kernel where other threads make widgets meanwhile (a served page): theirs would be silent too.
    """
    instances = upstream.widget_instances()
    before = set(instances)
    original = widget_comms.create_comm  # what every new widget calls for its comm
    widget_comms.create_comm = comm.DummyComm
    try:
        yield
    finally:
        widget_comms.create_comm = original
        for model_id in [m for m in instances if m not in before]:
            widget = instances.get(model_id)
            if widget is not None:
                widget.close()
