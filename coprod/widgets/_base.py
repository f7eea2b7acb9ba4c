"""What every coprod widget shares: static files, and state that only the kernel writes.

A browser can send any state for any trait of a widget (the comm protocol does not honour
``disabled`` or read-only). coprod widgets therefore take nothing from the browser's state
updates: the browser asks through custom messages, the kernel validates and stores, and
then sets the traits. Incoming state updates are dropped and the true state sent back.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anywidget

from coprod.locking import one_at_a_time
from coprod.store import SaveLimit

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("coprod.widgets")


def static_esm(name: str, *shared: str) -> str:
    """A widget's JavaScript module with the shared helpers (common.js, then ``shared``) before
    it (no build step)."""
    return "".join((STATIC / part).read_text(encoding="utf-8") for part in ("common.js", *shared, name))


def static_css(name: str) -> str:
    """A widget's stylesheet with the shared one before it (both inlined in the model)."""
    return (STATIC / "common.css").read_text(encoding="utf-8") + (STATIC / name).read_text(encoding="utf-8")


def not_saved(exc: Exception, fallback: str, what: str, *, text_kept: bool = False) -> str:
    """What to tell a person whose save raised ``exc``. The save budget's refusal
    (coprod.store.budget) says why in words written for them and is no failure of the server
    (the store notes it for the facilitator): not logged, or a page hammering away would flood the
    log. Anything else is logged for the operator as ``what`` and told as ``fallback``."""
    if isinstance(exc, SaveLimit):
        return f"{exc} Your text is still here." if text_kept else str(exc)
    log.error(what, exc_info=exc)
    return fallback


class KernelOwnedWidget(anywidget.AnyWidget):
    """An anywidget whose synced state is written by the kernel alone."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._dispatch)

    def set_state(self, sync_data):
        # Called for state updates from the browser; our views never send any.
        names = [name for name in sync_data if name in self.keys] if isinstance(sync_data, dict) else []
        log.warning("ignored a state update from the browser for %s", names)
        if names:
            self.send_state(names)

    @one_at_a_time
    def _dispatch(self, _widget, content, _buffers):
        if not isinstance(content, dict) or not isinstance(content.get("action"), str):
            log.warning("ignored a malformed message")
            return
        handler = getattr(self, f"_on_{content['action']}", None)
        if handler is None:
            log.warning("ignored an unknown action %r", content["action"][:40])
            return
        try:
            handler(content)
        except Exception:  # a bad message must never take the participant's page down
            log.exception("failed to handle %r", content["action"][:40])
            self._report_failure(content)

    def _say(self, kind: str, text: str, **details) -> None:
        """Set the ``status`` trait: what became of the person's last request.

        ``seq`` makes every status a change, so the browser hears a repeated refusal too; a
        ``nonce`` (the browser's number for a request) is echoed only if it is a number.
        """
        self._seq = getattr(self, "_seq", 0) + 1
        if "nonce" in details and not isinstance(details["nonce"], int):
            details["nonce"] = None
        self.status = {"kind": kind, "text": text, **details, "seq": self._seq}

    def _report_failure(self, content) -> None:
        """Tell the person something went wrong; subclasses say it where it fits."""
