"""The fix to Voilà's websocket handler: a message in the older protocol is not misread."""

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
    voila_main.main()
    assert handler.read_header_from_binary_message is voila_main.read_v1_header
