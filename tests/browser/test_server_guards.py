"""What one device on the room's network, or another website in a person's browser, can do to a
running `coprod serve`: each case of the outside attack run, as a test (loopback only, every loop
bounded). Addresses 127.0.0.2 and up stand for other devices on the room's network: the server
treats only its own 127.0.0.1 as this machine.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import struct
import time
import uuid

import psutil
import pytest
import websocket
from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, Visitor, assert_page_is_clean, start_server
from tests.widget_client import page_config

V1 = "v1.kernel.websocket.jupyter.org"
DEVICE = "127.0.0.2"  # another device in the room


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("guards"), "Guards test", args=("--pages-per-address", "3"))


def port_of(server) -> int:
    return int(server.base.rsplit(":", 1)[1])


def get(server, path: str, *, source: str = "127.0.0.1", headers: dict | None = None,
        timeout: float = 120) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(server), timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def open_page(server, *, source: str = "127.0.0.1", subprotocol: str | None = V1):
    """A participant's join page, opened as a browser would, and its kernel websocket."""
    status, html = get(server, "/voila/render/index.ipynb?code=" + server.code, source=source)
    assert status == 200, html[-300:]
    config = page_config(html)
    sock = socket.create_connection(("127.0.0.1", port_of(server)), timeout=60, source_address=(source, 0))
    url = f"ws://127.0.0.1:{port_of(server)}{config['baseUrl']}api/kernels/{config['kernelId']}/channels"
    ws = websocket.create_connection(url, timeout=60, socket=sock, subprotocols=[subprotocol] if subprotocol else None)
    return config, ws


def voila_process(server) -> psutil.Process:
    children = psutil.Process(server.process.pid).children()
    return next(p for p in children if "coprod.voila_main" in " ".join(p.cmdline()))


def answer_time(server) -> float:
    started = time.perf_counter()
    status, _ = get(server, "/voila/templates/coprod/static/coprod.css", timeout=60)
    assert status == 200
    return time.perf_counter() - started


def log_since(server, mark: int) -> str:
    return "".join(server.output[mark:])


def v1_message(msg_type: str, content: dict, channel: str = "shell") -> bytes:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "x", "session": uuid.uuid4().hex,
              "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
    return serialize_msg_to_ws_v1(parts, channel)


HOSTILE_FRAMES = {
    "v1, 16 bytes declaring 10^8 offsets": (V1, (100_000_000).to_bytes(8, "little") + b"\x00" * 8),
    "v1, 16 bytes declaring 2.5 x 10^7 offsets": (V1, (25_000_000).to_bytes(8, "little") + b"\x00" * 8),
    "older protocol, declaring 10^7 buffers": (None, struct.pack("!i", 10_000_000) + b"\x00" * 12),
    "older protocol, JSON nested 100 000 deep": (None, "[" * 100_000 + "]" * 100_000),
}


@pytest.mark.parametrize("case", list(HOSTILE_FRAMES))
def test_a_hostile_frame_neither_stalls_nor_swells_the_server(room, case):
    subprotocol, frame = HOSTILE_FRAMES[case]
    voila = voila_process(room)
    _, ws = open_page(room, subprotocol=subprotocol)
    before = voila.memory_info().rss
    mark = len(room.output)
    if isinstance(frame, bytes):
        ws.send_binary(frame)
    else:
        ws.send(frame)
    took = answer_time(room)
    grew = voila.memory_info().rss - before
    with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError, TimeoutError)):
        ws.settimeout(10)
        for _ in range(1000):  # the kernel's messages may come first; then the server closes the socket
            ws.recv()
    print(f"{case}: next GET answered in {1000 * took:.0f} ms; RSS grew {grew / 2**20:.1f} MB")
    assert took < 0.1 + 0.4 * (psutil.getloadavg()[0] > 4)  # 100 ms, with room for a busy CI machine
    assert grew < 20 * 2**20
    time.sleep(0.5)
    said = log_since(room, mark)
    assert "Refused a websocket" in said and "Traceback" not in said


def test_a_crafted_widget_client_is_never_sent_a_traceback(room):
    """comm_open for ipywidgets' target with a model it cannot make, and state it refuses: the
    kernel logs each with a traceback, which went to the page as stderr and error messages."""
    _, ws = open_page(room)
    comm = uuid.uuid4().hex
    ws.send_binary(v1_message("comm_open", {"comm_id": comm, "target_name": "jupyter.widget",
                                            "data": {"state": {"_model_name": "NoSuchModel", "_model_module": "x"}}}))
    ws.send_binary(v1_message("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                                            "data": {"state": {"_model_name": "IntSliderModel",
                                                               "_model_module": "@jupyter-widgets/controls",
                                                               "value": "not a number"}}}))
    ws.send_binary(v1_message("comm_msg", {"comm_id": comm, "data": {"method": "update", "state": {"value": []}}}))
    ws.send_binary(v1_message("kernel_info_request", {}))
    received, deadline = [], time.monotonic() + 60
    ws.settimeout(5)
    while time.monotonic() < deadline:
        try:
            frame = ws.recv()
        except websocket.WebSocketTimeoutException:
            break
        received.append(frame if isinstance(frame, bytes) else frame.encode())
    text = b"\n".join(received).decode("utf-8", "replace")
    assert "kernel_info_reply" in text  # the socket still works
    for marker in ("Traceback", "site-packages", "/usr/lib/python", '"error"'):
        assert marker not in text, f"{marker!r} reached the page"


def kernels_started(server, mark: int = 0) -> int:
    return log_since(server, mark).count("Kernel started")


def test_only_the_room_s_pages_are_served(room):
    mark = len(room.output)
    for path in ("/voila/api/contents", "/voila/api/contents/notebooks", "/voila/render/analysis.ipynb",
                 "/voila/render/01-what-do-you-know.ipynb", "/voila/render/12-planning.ipynb"):
        status, body = get(room, path)
        assert status == 404, path
        assert "ipynb" not in body and "analysis" not in body
    probes = ("/voila/templates/coprod/static/..%2fconf.json", "/voila/templates/coprod/static/..%2f..%2fsession.py",
              "/voila/templates/coprod/static/%2e%2e%2f503.html",
              "/voila/templates/coprod/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
              "/voila/templates/..%2f..%2fetc%2fpasswd/static/x")
    for path in probes:
        status, body = get(room, path)
        assert status in (403, 404), (path, status)
        assert "root:" not in body and "base_template" not in body
    time.sleep(0.5)
    said = log_since(room, mark)
    assert kernels_started(room, mark) == 0
    assert "Traceback" not in said and " 500 " not in said
    for path in probes:  # one line each, no more
        assert said.count(path) <= 1, path


def test_a_request_naming_another_host_is_refused(room):
    """DNS rebinding: a site whose name is made to point at the server."""
    mark = len(room.output)
    for path in ("/voila/render/index.ipynb?code=" + room.code, "/voila/static/voila.js", "/"):
        status, _ = get(room, path, headers={"Host": f"rebind.example:{port_of(room)}"})
        assert status == 403, path
    config, ws = open_page(room)
    ws.close()
    url = f"ws://127.0.0.1:{port_of(room)}{config['baseUrl']}api/kernels/{config['kernelId']}/channels"
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(url, timeout=30, host=f"rebind.example:{port_of(room)}",
                                    origin=f"http://rebind.example:{port_of(room)}", subprotocols=[V1])
    for name in ("localhost", "127.0.0.1"):
        assert get(room, "/voila/templates/coprod/static/coprod.css", headers={"Host": f"{name}:{port_of(room)}"})[0] \
            == 200
    time.sleep(0.3)
    said = log_since(room, mark)
    assert said.count("a request for another host") == 4 and "Traceback" not in said


@pytest.fixture(scope="module")
def browser_without_network_checks(browser):
    """Chromium with its Local Network Access checks off, as other browsers (and older Chromes)
    have none: the server's own refusal is what is tested, not Chromium's."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    other = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,"
                        "PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults"])
    yield other
    other.close()


def test_another_site_cannot_make_a_browser_start_pages(room, browser_without_network_checks):
    """Three <img> of a page on another site: before, six kernels started on the server."""
    visitor = Visitor(browser_without_network_checks, room, LAPTOP)
    page = visitor.page
    target = f"{room.base}/voila/render/index.ipynb?code={room.code}"
    html = "".join(f'<img alt="" src="{target}&n={n}">' for n in range(3)) + \
        f'<iframe title="x" src="{target}&n=9"></iframe><p>elsewhere</p>'
    page.route("http://127.0.0.2:9/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    mark = len(room.output)
    page.goto("http://127.0.0.2:9/")  # another site, on the room's network too
    expect(page.get_by_text("elsewhere")).to_be_visible()
    page.wait_for_timeout(3000)
    said = log_since(room, mark)
    # Each load was refused before Voilà rendered anything (the preheated pool may refill
    # meanwhile from earlier tests' pages, so kernels are not counted here).
    assert said.count("only a person's navigation opens a page") == 4
    # A link followed from that site is a person's navigation: it opens.
    page.set_content(f'<a href="{target}">Join</a>')
    page.get_by_role("link", name="Join").click()
    page.wait_for_selector("#loading", state="detached")
    expect(page.get_by_label("Your name (as others will see it)")).to_be_visible()
    visitor.close()


def test_pages_carry_the_security_headers_and_the_csp_holds(room, browser):
    connection = http.client.HTTPConnection("127.0.0.1", port_of(room), timeout=120)
    connection.request("GET", "/voila/render/index.ipynb?code=" + room.code)
    response = connection.getresponse()
    headers = {k.lower(): v for k, v in response.getheaders()}
    response.read()
    connection.close()
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "report-uri" not in csp and "frame-ancestors 'self'" in csp
    assert headers["referrer-policy"] == "no-referrer"
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    assert cookies and all("SameSite=Lax" in cookie for cookie in cookies)
    # A whole join, in Chromium: no request refused by the policy (assert_page_is_clean counts them).
    visitor = Visitor(browser, room, PHONE)
    page = visitor.open(room.join_url)
    page.get_by_label("Your name (as others will see it)").fill("Csp")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("You are taking part as Csp")).to_be_visible()
    assert_page_is_clean(visitor)
    visitor.close()


def test_the_log_holds_no_personal_link_and_a_flood_of_one_line_is_counted(room):
    mark = len(room.output)
    secret = "Zq" + uuid.uuid4().hex
    for n in range(200):  # 200 probes of one kind, as a scanner would send them
        get(room, f"/voila/render/no-such-{n}.ipynb?p={secret}&f={secret}")
    time.sleep(0.5)
    said = log_since(room, mark)
    assert secret not in said
    assert said.count("no-such-") <= 10, said[-2000:]  # a few shown, the rest counted
    time.sleep(10.5)  # past the window: the next such line says how many were held back
    get(room, f"/voila/render/no-such-999.ipynb?p={secret}&f={secret}")
    time.sleep(0.5)
    assert re.search(r"no-such-999\.ipynb\?p=….*\(\d+ more like this were not shown\)", log_since(room, mark))
    assert secret not in log_since(room, mark)


def test_idle_connections_are_capped_per_device_and_closed(room):
    """1 100 idle connections from one device took the server to its file limit: every request
    then failed, and the server never closed them."""
    held = []
    try:
        for _ in range(300):
            held.append(socket.create_connection(("127.0.0.1", port_of(room)), timeout=5,
                                                 source_address=(DEVICE, 0)))
        time.sleep(1)
        voila = voila_process(room)
        from_device = [c for c in voila.net_connections("tcp") if c.raddr and c.raddr.ip == DEVICE]
        assert len(from_device) <= 64
        assert answer_time(room) < 1  # everyone else is still answered
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            if not [c for c in voila.net_connections("tcp") if c.raddr and c.raddr.ip == DEVICE]:
                break
            time.sleep(1)
        assert [c for c in voila.net_connections("tcp") if c.raddr and c.raddr.ip == DEVICE] == []
    finally:
        for connection in held:
            connection.close()


def test_one_device_holds_at_most_its_pages(room):
    pages = []
    try:
        for _ in range(3):
            pages.append(open_page(room, source="127.0.0.3")[1])
        time.sleep(0.5)
        status, body = get(room, "/voila/render/index.ipynb?code=" + room.code, source="127.0.0.3")
        assert status == 503 and "ipynb" not in body
        assert "Too many pages open on this device" in body and "close the ones" in body
        assert get(room, "/voila/render/index.ipynb?code=" + room.code, source="127.0.0.4")[0] == 200
    finally:
        for ws in pages:
            ws.close()


@pytest.fixture(scope="module")
def small_room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("small"), "Small room",
                            args=("--max-pages", "3", "--preheat", "0", "--pages-per-address", "0"))


def test_a_device_holding_the_room_full_makes_way_for_a_newcomer(small_room):
    """20 pages held by one client kept "The room is full" for every newcomer, for the 6 minutes
    tried. Now the device holding more than its share gives up its oldest page."""
    pages = []
    try:
        for _ in range(3):
            pages.append(open_page(small_room, source=DEVICE)[1])
        status, _ = get(small_room, "/voila/render/index.ipynb?code=" + small_room.code, source="127.0.0.5")
        assert status == 200
        # The device that held the room cannot take it back from the newcomer in turn.
        status, _ = get(small_room, "/voila/render/index.ipynb?code=" + small_room.code, source=DEVICE)
        assert status == 503
    finally:
        for ws in pages:
            ws.close()
    assert "holds 3 of 3 pages" in "".join(small_room.output)
