"""A page's websocket to its kernel under `coprod serve`: what it is sent and what it sends.

A frame from a page is checked (coprod.guards) before Jupyter builds anything from it, and the
socket of a page that sends a malformed one is closed. A kernel's errors and its stderr (its
log, tracebacks with the server's paths) are never written to a page, unless `--debug`.
"""

from __future__ import annotations

import json
import logging

import tornado.web
import tornado.websocket
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler, WebsocketHandler

from coprod import guards, server_log
from coprod.connections import client_address

log = logging.getLogger("coprod.server")


class GuardedKernelWebsocket(VoilaKernelWebsocketHandler):
    """A page's websocket to its kernel, checking what it is sent and what it sends."""

    async def pre_get(self):
        await super().pre_get()
        # Jupyter asks the kernel for its protocol before accepting the socket; a page that left
        # meanwhile has its connection dropped, and the handler then failed on it (a traceback).
        if getattr(self, "connection", None) is None:
            self.log.info("A page left while its websocket to kernel %s was opening.", self.kernel_id)
            raise tornado.web.Finish()

    def open(self, kernel_id):
        opened = super().open(kernel_id)
        note = getattr(self.kernel_manager, "page_connected", None)
        if note is not None:
            note(kernel_id, client_address(self))
        return opened

    def on_message(self, ws_message):
        try:
            guards.check_frame(ws_message, self.selected_subprotocol)
        except guards.Refused as refused:
            server_log.refused("websocket", f"{refused} from {client_address(self)}; its socket is closed")
            self.close(1008, "malformed message")
            return None
        return super().on_message(ws_message)

    def write_message(self, message, binary=False):
        header = _header(message)
        if header.get("msg_type") == "execute_input":
            return None  # what Voilà's handler does: a page never sees its notebook's code
        if not self.settings.get("coprod_show_errors") and _carries_an_error(message, header):
            return None  # a kernel's traceback or log names the server's files: never sent to a page
        try:
            # Jupyter's own write (Voilà's reads every binary message as the newer protocol,
            # which a page that asked for the older one turned into a frozen server).
            sent = WebsocketHandler.write_message(self, message, binary)
        except tornado.websocket.WebSocketClosedError:
            return None  # the page has gone: the message was for nobody
        if sent is not None:
            sent.add_done_callback(looked_at)
        return sent


def _header(message) -> dict:
    """The header of a message from a kernel, or {} (a message in the older protocol's binary
    form, with buffers, is a widget's data: never an error)."""
    if isinstance(message, bytes):
        return guards.v1_header(message) or {}
    if isinstance(message, dict):
        return message.get("header") or {}
    # The older protocol sends JSON text: parsed only when it may be one of the kinds looked for.
    if isinstance(message, str) and any(kind in message for kind in ('"execute_input"', '"error"', '"stderr"')):
        try:
            parsed = json.loads(message)
        except ValueError:
            return {}
        return parsed.get("header") or {} if isinstance(parsed, dict) else {}
    return {}


def _carries_an_error(message, header: dict) -> bool:
    kind = header.get("msg_type")
    if kind == "error":
        return True
    if kind != "stream":
        return False
    if isinstance(message, bytes):
        return guards.kernel_error_message(guards.v1_parts(message))
    if isinstance(message, str):
        message = json.loads(message)
    return guards.kernel_error_message(message)


def looked_at(sent) -> None:
    """Jupyter sends a kernel's messages without waiting for them; a write to a page just gone
    failed, and asyncio logged the failure nobody looked at as a traceback. (Voilà's visitor
    socket, coprod.voila_app.VisitorInfoSocket, writes the same way.)"""
    if sent.cancelled():
        return
    failure = sent.exception()
    if failure is not None and not isinstance(failure, tornado.websocket.WebSocketClosedError):
        log.error("A message to a page failed: %s", failure)
