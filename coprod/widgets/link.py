"""The participant's personal link, shown to them and put in the address bar."""

from __future__ import annotations

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class PersonalLink(KernelOwnedWidget):
    _esm = static_esm("link.js")
    _css = static_css("link.css")

    query = t.Unicode("", help="the query string of the personal link, e.g. 'p=<token>'").tag(sync=True)
