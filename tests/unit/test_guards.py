"""The server's checks, each on its own: websocket frames, hosts, cross-site loads, secrets."""

from __future__ import annotations

import json
import struct
import time
import tracemalloc

import pytest

from coprod import guards


def v1_frame(header: dict, *, channel: bytes = b"shell", buffers: tuple[bytes, ...] = ()) -> bytes:
    parts = [channel, json.dumps(header).encode(), b"{}", b"{}", b"{}", *buffers]
    offsets, at = [], 8 * (len(parts) + 2)
    for part in [b"", *parts]:
        at += len(part)
        offsets.append(at)
    return (len(offsets)).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets) + b"".join(parts)


def legacy_frame(message: dict, buffers: tuple[bytes, ...] = ()) -> bytes:
    parts = [json.dumps(message).encode(), *buffers]
    offsets, at = [], 4 * (len(parts) + 1)
    for part in parts:
        offsets.append(at)
        at += len(part)
    return struct.pack(f"!i{len(parts)}I", len(parts), *offsets) + b"".join(parts)


V1 = guards.V1_PROTOCOL
COMM = {"msg_type": "comm_msg", "msg_id": "1"}


def test_well_formed_messages_pass_in_both_protocols():
    guards.check_frame(v1_frame(COMM), V1)
    guards.check_frame(v1_frame(COMM, buffers=(b"\x00" * 100, b"xy")), V1)
    guards.check_frame(legacy_frame({"header": COMM, "channel": "shell"}), None)
    guards.check_frame(json.dumps({"header": COMM, "channel": "shell"}), None)
    assert guards.v1_header(v1_frame(COMM)) == COMM


@pytest.mark.parametrize(("frame", "protocol"), [
    # 16 bytes declaring 10^8 offsets: Jupyter built that list (29 s, 2 GB) before anything else.
    ((100_000_000).to_bytes(8, "little") + b"\x00" * 8, V1),
    ((25_000_000).to_bytes(8, "little") + b"\x00" * 8, V1),
    # The older protocol, declaring 10^7 buffers in a few bytes (the server kept +300 MB).
    (struct.pack("!i", 10_000_000) + b"\x00" * 12, None),
    (struct.pack("!i", -1) + b"\x00" * 12, None),
    (b"", V1), (b"\x00" * 7, None), ("text on the binary protocol", V1),
    ("[" * 100_000 + "]" * 100_000, None),  # a RecursionError per message, with its traceback
    ('{"header": "not an object"}', None), ("not json", None), ('{"channel": "shell"}', None),
])
def test_hostile_frames_are_refused_at_once_without_building_anything(frame, protocol):
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(guards.Refused):
        guards.check_frame(frame, protocol)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.1
    assert peak < 2 * 2**20 + 4 * len(frame)  # nothing in proportion to what a header declares


def test_frames_whose_parts_are_out_of_place_are_refused():
    frame = bytearray(v1_frame(COMM))
    frame[8:16] = (10**12).to_bytes(8, "little")  # the first part starts past the end
    with pytest.raises(guards.Refused):
        guards.check_frame(bytes(frame), V1)
    short = v1_frame(COMM)[:-3]  # cut: the last offset is past the end
    with pytest.raises(guards.Refused):
        guards.check_frame(short, V1)


def test_a_kernel_s_errors_and_stderr_are_recognised_in_both_forms():
    def frame(kind: str, content: dict) -> list[bytes]:
        return [b"iopub", json.dumps({"msg_type": kind}).encode(), b"{}", b"{}", json.dumps(content).encode()]

    assert guards.kernel_error_message(frame("error", {"traceback": ["..."]}))
    assert guards.kernel_error_message(frame("stream", {"name": "stderr", "text": "Traceback"}))
    assert not guards.kernel_error_message(frame("stream", {"name": "stdout", "text": "hello"}))
    assert not guards.kernel_error_message(frame("comm_msg", {"data": {}}))
    assert guards.kernel_error_message({"header": {"msg_type": "error"}, "content": {}})
    assert guards.kernel_error_message({"header": {"msg_type": "stream"}, "content": {"name": "stderr"}})


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1:8866", True), ("localhost:8866", True), ("LOCALHOST", True), ("[::1]:8866", True),
    ("192.168.1.20:8866", True), ("coprod.example.ac.uk", True),
    ("rebind.example:8866", False), ("127.0.0.1.nip.io:8866", False), ("", False), ("[::2]:8866", False),
])
def test_only_the_server_s_own_names_are_allowed(host, allowed):
    names = ["127.0.0.1", "::1", "localhost", "192.168.1.20", "coprod.example.ac.uk"]
    assert guards.host_allowed(host, names) is allowed


@pytest.mark.parametrize(("headers", "refused"), [
    ({}, False),  # no Fetch Metadata: a script on the server, an older browser
    ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, False),  # a QR code
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, False),  # a link
    ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, False),
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, True),  # <img>
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}, True),
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}, True),
    ({"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, True),  # fetch()
])
def test_only_a_person_s_navigation_opens_a_page(headers, refused):
    assert (guards.cross_site_subresource(headers) is not None) is refused


def test_secrets_are_taken_out_of_paths_and_log_lines():
    assert guards.redacted("/voila/render/index.ipynb?p=CbZVsecret") == "/voila/render/index.ipynb?p=…"
    assert guards.redacted("/voila/render/facilitator.ipynb?f=wqSF&x=1") == "/voila/render/facilitator.ipynb?f=…&x=1"
    assert guards.redacted("/voila/render/presenter.ipynb?v=Qm9x") == "/voila/render/presenter.ipynb?v=…"
    assert guards.redacted("/voila/static/voila.js") == "/voila/static/voila.js"
    assert guards.redacted("/voila/render/index.ipynb?followup=Xy_9secret") == "/voila/render/index.ipynb?followup=…"
    line = "503 GET /voila/render/index.ipynb?p=CbZV-_x1 (1.2.3.4): room full; then ?code=K7M2QX&f=abc"
    assert guards.redacted(line) == "503 GET /voila/render/index.ipynb?p=… (1.2.3.4): room full; then ?code=…&f=…"
