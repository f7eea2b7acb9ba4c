"""A phone on a room's busy Wi-Fi: what the server sends is compressed when the browser accepts it."""

from __future__ import annotations

import json
import re

import requests
import websocket


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
