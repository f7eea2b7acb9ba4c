"""A phone on a room's busy Wi-Fi: what the server sends is compressed when the browser accepts it,
and what never changes is kept by the browser."""

from __future__ import annotations

import json
import re

import requests
import websocket
from playwright.sync_api import expect

from coprod.voila_app import CONTENT_HASHED
from tests.browser.conftest import PHONE


def test_pages_and_static_files_are_gzipped(server):
    page = requests.get(server.join_url, headers={"Accept-Encoding": "gzip"}, timeout=120)
    assert page.headers.get("Content-Encoding") == "gzip"
    script = re.search(r'src="(/voila/static/[^"]+\.js)"', page.text).group(1)
    for path in (script, "/voila/templates/coprod/static/index.css"):
        sent = requests.get(server.base + path, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=60)
        assert sent.headers.get("Content-Encoding") == "gzip", path
        assert len(sent.raw.read()) < int(sent.headers.get("Content-Length") or 10**9)


def test_the_kernel_websocket_offers_permessage_deflate(server):
    page = requests.get(server.join_url, timeout=120)
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page.text, re.S).group(1))
    url = server.base.replace("http", "ws", 1) + f"{config['baseUrl']}api/kernels/{config['kernelId']}/channels"
    ws = websocket.create_connection(url, timeout=60, header=["Sec-WebSocket-Extensions: permessage-deflate"])
    try:
        headers = {k.lower(): v for k, v in ws.getheaders().items()}
        assert headers.get("sec-websocket-extensions", "").startswith("permessage-deflate")
    finally:
        ws.close()


def test_a_page_opened_again_takes_its_content_hashed_files_from_the_browser_s_cache(visitor_factory):
    visitor = visitor_factory(PHONE)
    cdp = visitor.context.new_cdp_session(visitor.page)
    cdp.send("Network.enable")
    asked: dict[str, str] = {}  # request id: url
    cache_control: dict[str, str] = {}  # url: what the server said of it
    from_cache: set[str] = set()  # request ids the browser answered itself

    def received(event):
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        cache_control[event["response"]["url"]] = headers.get("cache-control", "")

    cdp.on("Network.requestWillBeSent", lambda event: asked.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.requestServedFromCache", lambda event: from_cache.add(event["requestId"]))

    def hashed(urls):
        return [url for url in urls if CONTENT_HASHED.search(url.split("?")[0])]

    page = visitor.open(visitor.server.join_url)
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    first = hashed(cache_control)
    assert len(first) >= 10, list(cache_control)  # Voilà's front end and the widgets' extensions
    assert all("immutable" in cache_control[url] for url in first), {url: cache_control[url] for url in first}

    asked.clear()
    from_cache.clear()
    page.goto("about:blank")
    page = visitor.open(visitor.server.join_url)  # the link followed again, as a phone coming back
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    again = hashed(asked.values())
    asked_server = [url for request, url in asked.items() if request not in from_cache and url in again]
    assert again and asked_server == []
