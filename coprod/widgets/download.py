"""A button that makes a file in the kernel and hands it to the browser as a download.

The file travels as a binary buffer on the widget's comm, so nothing is written on the
server and no URL to the file exists that someone else could open.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm

log = logging.getLogger("coprod.widgets")
Made = tuple[str, str, bytes]  # file name, media type, content


class NothingToDownload(Exception):
    """Raised by a maker when the file cannot be made yet; its message is shown as it is."""


class Download(KernelOwnedWidget):
    _esm = static_esm("download.js")
    _css = static_css("download.css")

    label = t.Unicode("", help="the button's text, which says what the file is").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, label: str, make: Callable[[], Made], **kwargs):
        super().__init__(label=label, **kwargs)
        self._make = make
        self.job: threading.Thread | None = None  # the file being made, if any

    def _on_download(self, msg: dict) -> None:
        # Made in a thread of its own, outside the page's lock: a report takes seconds, and the
        # console's live boards and controls must not wait for it.
        self.job = threading.Thread(target=self._make_and_send, args=(msg.get("nonce"),), name="coprod-download",
                                    daemon=True)
        self.job.start()

    def _make_and_send(self, nonce) -> None:
        try:
            name, media_type, data = self._make()
        except NothingToDownload as why:
            self._say("error", str(why), nonce=nonce)
            return
        except Exception:
            log.exception("could not make %s", self.label)
            self._say("error", "That file could not be made. Please try again; if it fails again, "
                               "use coprod export on the computer running the workshop.", nonce=nonce)
            return
        self.send({"action": "file", "name": name, "type": media_type,
                   "nonce": nonce if isinstance(nonce, int) else None}, buffers=[data])
        self._say("saved", f"{name} is ready ({_size(len(data))}).", nonce=nonce)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{max(1, round(count / 1000))} KB"
