"""The participant's personal link, shown to them and put in the address bar."""

from __future__ import annotations

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm


class PersonalLink(KernelOwnedWidget):
    _esm = static_esm("link.js")
    _css = static_css("link.css")

    query = t.Unicode("", help="the query string of the personal link, e.g. 'p=<token>'").tag(sync=True)
    code = t.Unicode("", help="the workshop's join code: the link is kept in this device's storage under it, "
                              "so that the join page can offer to continue as this person").tag(sync=True)
    name = t.Unicode("", help="the person's name, for the join page's 'Continue as <name>'").tag(sync=True)
