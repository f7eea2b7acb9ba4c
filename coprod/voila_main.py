"""Voilà as `coprod serve` runs it: Voilà itself, with these changes (each explained where it
is made):

- the kernel websocket reads a message's header only when it can be one (below);
- responses and the kernel websocket compressed (``compressed``);
- pages get the cookie they need to end their kernels when they close (``with_xsrf_cookie``),
  and a closed page's kernel ends after a grace period (``page_closed``);
- content-hashed static files kept by browsers (``cached_when_hashed``);
- a page gone while its socket opened, or while a message was on its way to it, is not a
  traceback in the log (``gone_before_open``, ``quiet_when_closed``).

Voilà 0.5's handler reads every binary message it sends to a page as the newer (v1) kernel
websocket protocol. On a connection that asked for the older protocol, the first 8 bytes of a
message are something else, and were read as a count of about 10^17 offsets: the server's one
thread then built that list for ever, and every page in the room froze. A crafted client can
ask for the older protocol, so the header is read here only when the bytes can be a v1 message.
"""

from __future__ import annotations

import itertools
import json
import logging
import re

import tornado.web
import tornado.websocket


def read_v1_header(ws_msg: bytes) -> dict | None:
    """The header of a v1 binary message, or None for anything that cannot be one."""
    if len(ws_msg) < 8:
        return None
    count = int.from_bytes(ws_msg[:8], "little")
    # A v1 message has at least channel, header, parent header, metadata and content offsets,
    # each 8 bytes, all inside the message.
    if not 3 <= count <= len(ws_msg) // 8 - 1:
        return None
    offsets = [int.from_bytes(ws_msg[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    if not all(0 <= a <= b <= len(ws_msg) for a, b in itertools.pairwise(offsets)):
        return None
    try:
        header = json.loads(ws_msg[offsets[1]:offsets[2]].decode("utf-8"))
    except ValueError:
        return None
    return header if isinstance(header, dict) else None


def compressed(init_settings):
    """Voilà's tornado settings with compression: a participant's phone on a room's busy
    Wi-Fi downloads a few megabytes of JavaScript and styles at every page open."""

    def init(self) -> dict:
        settings = init_settings(self)
        # gzip for text responses (HTML, JavaScript, CSS, JSON), when the browser accepts it.
        # Read when the application is made: Voilà's own tornado_settings come too late for it.
        settings["compress_response"] = True
        # permessage-deflate on the kernel websocket, when the browser offers it: a widget's
        # first message carries its JavaScript and styles (tens of kilobytes, mostly text).
        settings["websocket_compression_options"] = {}
        return settings

    return init


def with_xsrf_cookie(prepare):
    """A page's handler that sets tornado's ``_xsrf`` cookie.

    When a page closes (a tab shut, a reload, a link followed), Voilà's page sends a beacon
    asking the server to shut its kernel down, with the ``_xsrf`` cookie as its proof. Voilà
    renders pages without ever making that cookie, so every such request was refused (403) and
    the kernel (70 MB) stayed until culled, a quarter of an hour later: in a room where people
    reload, the room filled with kernels nobody used. Reading ``xsrf_token`` sets the cookie.
    """

    async def prepare_page(self, *args, **kwargs):
        await prepare(self, *args, **kwargs)
        if self.request.method == "GET" and not self._finished:
            _ = self.xsrf_token  # read for its effect: the cookie

    return prepare_page


# Webpack names the chunks of Voilà's front end and of its extensions after their content
# (``496.ad7666673ba278088e95.js``): a file of that name never changes.
CONTENT_HASHED = re.compile(r"\.[0-9a-f]{16,}\.(?:js|css|woff2?|svg)$")
A_YEAR = 365 * 24 * 3600


def cached_when_hashed(set_headers):
    """The static handlers' headers, letting a browser keep a content-hashed file.

    Voilà serves its extensions with "no-cache", so a page opened again (a phone coming back
    to the workshop, a reload) asked the server about each of some 90 files before showing
    anything: a round trip each on a room's Wi-Fi. A file named after its content is kept.
    """

    def set_cache_headers(self) -> None:
        set_headers(self)
        if CONTENT_HASHED.search(self.request.path):
            self.set_header("Cache-Control", f"public, max-age={A_YEAR}, immutable")

    return set_cache_headers


def quiet_when_closed(write_message):
    """The kernel websocket's ``write_message``, for a page that has gone.

    Jupyter's handler sends a kernel's messages without waiting for them to be written; when the
    page has just gone (a tab shut, a phone asleep) the write fails, and asyncio logs the failure
    nobody looked at as a traceback ("Task exception was never retrieved"). The message was for
    nobody: it is dropped, and said nowhere.
    """

    def write(self, message, binary=False):
        try:
            sent = write_message(self, message, binary)
        except tornado.websocket.WebSocketClosedError:
            return None
        if sent is not None:
            sent.add_done_callback(_looked_at)
        return sent

    return write


def _looked_at(sent) -> None:
    if sent.cancelled():
        return
    failure = sent.exception()  # looked at, so asyncio does not report it again
    if failure is not None and not isinstance(failure, tornado.websocket.WebSocketClosedError):
        logging.getLogger("coprod").error("A message to a page failed.", exc_info=failure)


def gone_before_open(pre_get):
    """The kernel websocket's ``pre_get``, for a page that left while its socket opened.

    Jupyter's handler asks the kernel for its protocol before accepting the socket; a page left
    meanwhile (a tab shut as it loaded) has its connection dropped by ``on_close``, and the
    handler then failed on the missing connection with a traceback. The request simply ends:
    nobody is there to answer.
    """

    async def prepared(self):
        await pre_get(self)
        if getattr(self, "connection", None) is None:
            self.log.info("A page left while its websocket to kernel %s was opening.", self.kernel_id)
            raise tornado.web.Finish()

    return prepared


def page_closed(self, kernel_id: str) -> None:
    """Voilà's goodbye handler (``/voila/api/shutdown/<kernel>``), handing the kernel to the
    kernel manager's grace period (kernels.CappedKernelManager.page_closed) instead of ending it
    while its page's websocket may still be opening (coprod.serve.voila_command always runs Voilà
    with that kernel manager). Answered at once: a beacon waits for nothing."""
    self.kernel_manager.page_closed(kernel_id)
    self.set_status(204)
    self.finish()


def main() -> None:
    import voila.tornado.kernel_websocket_handler as handler
    from jupyter_server.base.handlers import FileFindHandler
    from voila.app import Voila
    from voila.app import main as voila_main
    from voila.handler import VoilaHandler
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.static_file_handler import MultiStaticFileHandler

    handler.read_header_from_binary_message = read_v1_header
    sockets = handler.VoilaKernelWebsocketHandler
    sockets.write_message = quiet_when_closed(sockets.write_message)
    sockets.pre_get = gone_before_open(sockets.pre_get)
    Voila.init_settings = compressed(Voila.init_settings)
    VoilaHandler.prepare = with_xsrf_cookie(VoilaHandler.prepare)
    VoilaShutdownKernelHandler.post = tornado.web.authenticated(page_closed)
    for static in (FileFindHandler, MultiStaticFileHandler):
        static.set_headers = cached_when_hashed(static.set_headers)
    voila_main()


if __name__ == "__main__":
    main()
