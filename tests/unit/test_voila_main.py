"""How coprod runs Voilà: a message in the older websocket protocol is not misread, a page gets
the cookie its goodbye needs, and content-hashed static files are kept by browsers."""

from __future__ import annotations

import json
import time

from coprod import voila_main


def v1_message(header: dict) -> bytes:
    parts = [b"shell", json.dumps(header).encode(), b"{}", b"{}", b"{}"]
    offsets, at = [], 8 * (len(parts) + 1)
    for part in parts:
        offsets.append(at)
        at += len(part)
    head = len(parts).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def test_a_v1_message_has_its_header_read():
    assert voila_main.read_v1_header(v1_message({"msg_type": "execute_input"})) == {"msg_type": "execute_input"}


def test_an_older_protocol_message_is_not_misread_and_answers_at_once():
    # The older protocol starts with a count of buffers and their offsets as 4-byte integers:
    # read as 8 bytes, that is a huge number, which used to hang the server building a list.
    older = (2).to_bytes(4, "big") + (12).to_bytes(4, "big") + (40).to_bytes(4, "big") + b'{"header": {}}' * 3
    started = time.perf_counter()
    assert voila_main.read_v1_header(older) is None
    assert voila_main.read_v1_header(b"\xff" * 64) is None and voila_main.read_v1_header(b"") is None
    assert time.perf_counter() - started < 0.1


def test_voila_reads_headers_through_the_fix_when_coprod_starts_it(monkeypatch):
    import voila.app
    import voila.tornado.kernel_websocket_handler as handler

    monkeypatch.setattr(voila.app, "main", lambda: None)
    monkeypatch.setattr(handler, "read_header_from_binary_message", handler.read_header_from_binary_message)
    from jupyter_server.base.handlers import FileFindHandler
    from voila.handler import VoilaHandler
    from voila.static_file_handler import MultiStaticFileHandler

    for cls, name in ((VoilaHandler, "prepare"), (FileFindHandler, "set_headers"),
                      (MultiStaticFileHandler, "set_headers")):
        monkeypatch.setattr(cls, name, getattr(cls, name))  # put back after the test
    voila_main.main()
    assert handler.read_header_from_binary_message is voila_main.read_v1_header
    assert VoilaHandler.prepare.__qualname__.startswith("with_xsrf_cookie")
    assert FileFindHandler.set_headers.__qualname__.startswith("cached_when_hashed")
    assert MultiStaticFileHandler.set_headers.__qualname__.startswith("cached_when_hashed")


def run_apart(coroutine):
    """Run a coroutine on an event loop of its own, in a thread: in the whole suite, the browser
    tests' Playwright keeps a loop running in this one."""
    import asyncio
    import threading

    outcome = {}

    def run():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class Headers:
    """What a static handler sets, as tornado's set_header does it (the last value wins)."""

    def __init__(self, path: str):
        self.request = type("Request", (), {"path": path})()
        self.headers: dict[str, str] = {}

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


def test_only_files_named_after_their_content_are_kept_by_browsers():
    def voila_s_own(handler):  # what Voilà's extension handler says of every file
        handler.set_header("Cache-Control", "no-cache")

    set_headers = voila_main.cached_when_hashed(voila_s_own)
    kept = Headers("/voila/labextensions/@voila-dashboards/widgets-manager8/static/496.ad7666673ba278088e95.js")
    set_headers(kept)
    assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/style.js",
                 "/voila/labextensions/anywidget/package.json", "/voila/static/voila.js"):
        asked = Headers(path)
        set_headers(asked)
        assert asked.headers["Cache-Control"] == "no-cache", path


def test_a_message_for_a_page_that_has_gone_is_dropped_without_a_traceback():
    import asyncio
    import gc

    from tornado.websocket import WebSocketClosedError

    reported = []

    async def scenario():
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: reported.append(context))
        pending = []

        def tornado_s(handler, message, binary=False):  # as tornado's: a future that fails once the page is gone
            if message == "already closed":
                raise WebSocketClosedError()
            pending.append(asyncio.get_running_loop().create_future())
            return pending[-1]

        write = voila_main.quiet_when_closed(tornado_s)
        assert write(None, "already closed") is None
        sent = write(None, b"a message", True)
        pending[0].set_exception(WebSocketClosedError())
        await asyncio.sleep(0)
        del sent, pending[:]
        gc.collect()
        await asyncio.sleep(0)

    run_apart(scenario())
    assert reported == []


def test_a_page_that_left_while_its_socket_opened_ends_the_request_quietly():
    import logging

    import pytest
    import tornado.web

    class Socket:  # what Jupyter's kernel websocket handler holds after its pre_get
        log = logging.getLogger("test")
        kernel_id = "k"

        def __init__(self, page_stays: bool):
            self.page_stays = page_stays

    async def jupyter_s(handler):
        handler.connection = object() if handler.page_stays else None  # on_close dropped it meanwhile

    prepared = voila_main.gone_before_open(jupyter_s)
    run_apart(prepared(Socket(page_stays=True)))  # the socket goes on to open
    with pytest.raises(tornado.web.Finish):
        run_apart(prepared(Socket(page_stays=False)))
