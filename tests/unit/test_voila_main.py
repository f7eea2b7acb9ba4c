"""How coprod runs Voilà (coprod.voila_app): its handlers in place of Voilà's, a kernel's
messages to a page that has gone, a page that leaves while its socket opens, and content-hashed
static files kept by browsers."""

from __future__ import annotations

import json

from coprod import kernel_socket, voila_app


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


def test_coprod_s_handlers_take_the_place_of_voila_s(monkeypatch):
    from voila.app import Voila

    rules = [(f"/rule/{n}", cls, {"n": n}) for n, cls in enumerate(voila_app.REPLACED)] + [("/other", object)]
    monkeypatch.setattr(Voila, "init_handlers", lambda self: rules)
    replaced = voila_app.CoprodVoila.__new__(voila_app.CoprodVoila).init_handlers()
    assert [rule[1] for rule in replaced] == [*voila_app.REPLACED.values(), object]
    assert [rule[2] for rule in replaced[:-1]] == [{"n": n} for n in range(len(rules) - 1)]  # their settings kept


def test_voila_main_runs_coprod_s_application(monkeypatch):
    from coprod import voila_main

    started = []
    monkeypatch.setattr(voila_app.CoprodVoila, "launch_instance", classmethod(lambda cls: started.append(cls)))
    voila_main.main()
    assert started == [voila_app.CoprodVoila]


class Headers:
    """What a static handler sets, as tornado's set_header does it (the last value wins)."""

    def __init__(self, path: str):
        self.request = type("Request", (), {"path": path})()
        self.headers: dict[str, str] = {}

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


def test_only_files_named_after_their_content_are_kept_by_browsers():
    class VoilaS(Headers):
        def set_headers(self):  # what Voilà's extension handler says of every file
            self.set_header("Cache-Control", "no-cache")

    class Handler(voila_app._KeptWhenHashed, VoilaS):
        pass

    kept = Handler("/voila/labextensions/@voila-dashboards/widgets-manager8/static/496.ad7666673ba278088e95.js")
    kept.set_headers()
    assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/style.js",
                 "/voila/labextensions/anywidget/package.json", "/voila/static/voila.js"):
        asked = Handler(path)
        asked.set_headers()
        assert asked.headers["Cache-Control"] == "no-cache", path


def Socket(page_stays: bool = True, settings: dict | None = None):
    """A kernel websocket handler, made without a connection: just enough for its own methods."""
    from types import SimpleNamespace

    socket = object.__new__(kernel_socket.GuardedKernelWebsocket)
    socket.application = SimpleNamespace(settings=settings or {})
    socket.kernel_id = "k"
    socket.page_stays = page_stays
    return socket


def reports_of_a_page_gone(monkeypatch, tornado_class, write) -> list:
    """What the event loop reports when ``write`` (a coprod handler's write_message, over
    ``tornado_class``'s, faked as tornado's) writes to a page that has gone: first to a socket
    already closed (tornado raises), then one that closes while the message is on its way (the
    future tornado returned fails, and is dropped unread)."""
    import asyncio
    import gc

    from tornado.websocket import WebSocketClosedError

    reported, pending = [], []

    def tornado_s(handler, message, binary=False):
        if message == "already closed":
            raise WebSocketClosedError()
        pending.append(asyncio.get_running_loop().create_future())
        return pending[-1]

    monkeypatch.setattr(tornado_class, "write_message", tornado_s)

    async def scenario():
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: reported.append(context))
        assert write("already closed") is None
        sent = write("a message")
        pending[0].set_exception(WebSocketClosedError())
        await asyncio.sleep(0)
        del sent, pending[:]
        gc.collect()
        await asyncio.sleep(0)

    run_apart(scenario())
    return reported


def test_a_message_for_a_page_that_has_gone_is_dropped_without_a_traceback(monkeypatch):
    def write(message):
        return kernel_socket.GuardedKernelWebsocket.write_message(Socket(), message, message != "already closed")

    assert reports_of_a_page_gone(monkeypatch, kernel_socket.WebsocketHandler, write) == []


def test_a_kernel_s_errors_never_reach_a_page(monkeypatch):
    written = []
    monkeypatch.setattr(kernel_socket.WebsocketHandler, "write_message", lambda h, m, binary=False: written.append(m))
    traceback = {"header": {"msg_type": "error"}, "content": {"traceback": ["Traceback", 'File "/srv/x.py"']}}
    stderr = {"header": {"msg_type": "stream"}, "content": {"name": "stderr", "text": "Traceback ..."}}
    code = {"header": {"msg_type": "execute_input"}, "content": {"code": "secret()"}}
    widget = {"header": {"msg_type": "comm_msg"}, "content": {"data": {"method": "update"}}}
    for message in (traceback, stderr, code, widget, json.dumps(traceback), json.dumps(stderr), json.dumps(widget)):
        kernel_socket.GuardedKernelWebsocket.write_message(Socket(), message)
    assert written == [widget, json.dumps(widget)]
    debug = Socket(settings={"coprod_show_errors": True})  # coprod serve --debug
    kernel_socket.GuardedKernelWebsocket.write_message(debug, traceback)
    assert written[-1] is traceback


def test_a_page_that_left_while_its_socket_opened_ends_the_request_quietly(monkeypatch):
    import pytest
    import tornado.web

    async def jupyter_s(handler):
        handler.connection = object() if handler.page_stays else None  # on_close dropped it meanwhile

    monkeypatch.setattr(kernel_socket.VoilaKernelWebsocketHandler, "pre_get", jupyter_s)
    run_apart(kernel_socket.GuardedKernelWebsocket.pre_get(Socket(page_stays=True)))  # the socket goes on to open
    with pytest.raises(tornado.web.Finish):
        run_apart(kernel_socket.GuardedKernelWebsocket.pre_get(Socket(page_stays=False)))


def test_the_visitor_s_request_written_to_a_kernel_that_stopped_waiting_leaves_no_traceback(monkeypatch):
    from tornado.websocket import WebSocketHandler

    socket = voila_app.VisitorInfoSocket.__new__(voila_app.VisitorInfoSocket)
    assert reports_of_a_page_gone(monkeypatch, WebSocketHandler, socket.write_message) == []


def test_a_preheated_kernel_keeps_trying_to_hear_of_its_visitor_on_a_busy_machine(monkeypatch):
    """Its handshake with Voilà timed out after 5 s when 40 pages started at once, and the page
    then opened a personal link as the join form."""
    import websockets.sync.client

    from coprod import session

    tries = []

    class Socket:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def recv(self):
            return json.dumps({"QUERY_STRING": "p=the-visitor-s-link"})

    def connect(url, **kwargs):
        tries.append(url)
        if len(tries) < 3:
            raise TimeoutError("timed out while waiting for handshake response")
        return Socket()

    monkeypatch.setattr(websockets.sync.client, "connect", connect)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    session.wait_for_visitor()
    assert len(tries) == 3 and tries[0].endswith("/voila/query/k1")
    import os

    assert os.environ.pop("QUERY_STRING") == "p=the-visitor-s-link"

    tries.clear()
    monkeypatch.setattr(session, "VISITOR_CONNECT_SECONDS", 0)  # past its patience: the join form, said once
    session.wait_for_visitor()
    assert len(tries) == 1 and "QUERY_STRING" not in os.environ
