"""How people join: the code, the link and a QR code big enough for the back of a room.

The QR code is drawn here (segno, as SVG): no web service sees the link.
"""

from __future__ import annotations

import io
from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.console.controls import button, checked_name, say
from coprod.locking import page_lock
from coprod.session import public_url
from coprod.store import Store, Workshop
from coprod.widgets import Status


def join_link(workshop: Workshop) -> str:
    return f"{public_url() or '.'}/index.ipynb?code={workshop.code}"


def qr_svg(text: str) -> str:
    import segno  # only the console draws QR codes

    code = segno.make(text, error="m")
    out = io.BytesIO()
    # No fixed size: the SVG scales to its box, so CSS can make it fill a projector.
    code.save(out, kind="svg", scale=1, border=4, light="#fff", dark="#000", xmldecl=False, omitsize=True,
              svgclass="coprod-qr-svg", lineclass=None)
    return out.getvalue().decode("ascii")


def join_panel_html(workshop: Workshop) -> str:
    link = join_link(workshop)
    status = "" if workshop.open else "<p class='coprod-error-text'>Joining is closed for this workshop.</p>"
    return (
        "<div class='coprod-join-panel'>"
        "<div class='coprod-join-text'>"
        f"<p class='coprod-join-lead'>Join <strong>{escape(workshop.name)}</strong></p>"
        f"<p>Code: <strong class='coprod-code coprod-big-code'>{escape(workshop.code)}</strong></p>"
        f"<p>or go to <a class='coprod-join-link' href='{escape(link)}'>{escape(link)}</a></p>{status}"
        "</div>"
        f"<div class='coprod-qr' role='img' aria-label='QR code of the join link'>{qr_svg(link)}</div>"
        "</div>"
    )


class RoomPanel:
    def __init__(self, store: Store, workshop: Workshop, people_widget: w.Widget):
        self.store, self.workshop = store, workshop
        self.join = w.HTML()
        self.join.add_class("coprod-join-box")
        self.large = w.Checkbox(description="Show the join code large (for the projector)", indent=False)
        self.large.observe(self._large_changed, "value")
        self.open_joining = w.Checkbox(description="New participants may join", indent=False)
        self.open_joining.observe(self._open_changed, "value")
        self.name = w.Text(description="Workshop name")
        self.rename = button("Rename the workshop", secondary=True)
        self.rename.on_click(lambda _b: self._rename())
        self.said = Status()
        self._drawing = False
        self._drawn = None
        self.widget = w.VBox([
            html("<h2>Joining</h2>", "coprod-console-heading"),
            self.join, self.large, self.open_joining, self.name, self.rename, self.said,
            people_widget,
        ])
        self.widget.add_class("coprod-console-room")

    def draw(self, _settings: dict) -> None:
        fresh = self.store.workshop(self.workshop.id)
        if fresh is None or fresh == self._drawn:
            return
        self._drawing = True
        try:
            self.workshop = self._drawn = fresh
            self.join.value = join_panel_html(fresh)
            self.open_joining.value = fresh.open
            self.name.value = fresh.name
        finally:
            self._drawing = False

    def _large_changed(self, change) -> None:
        (self.join.add_class if change["new"] else self.join.remove_class)("coprod-join-large")

    def _open_changed(self, change) -> None:
        with page_lock:
            if self._drawing:
                return
            self.store.set_open(self.workshop, bool(change["new"]))
            say(self.said, "New participants can join." if change["new"] else
                "Joining is closed: people who joined can still come back with their link.")
            self.draw({})

    def _rename(self) -> None:
        name = checked_name(self.name.value, self.said, "The workshop's name")
        if name is None:
            return
        with page_lock:
            self.store.rename_workshop(self.workshop, name)
            say(self.said, f"The workshop is now called {name}.")
            self.draw({})
