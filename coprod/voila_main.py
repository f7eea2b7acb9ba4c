"""Voilà as `coprod serve` runs it: Voilà itself, with one fix to its websocket handler and
compressed responses.

Voilà 0.5's handler reads every binary message it sends to a page as the newer (v1) kernel
websocket protocol. On a connection that asked for the older protocol, the first 8 bytes of a
message are something else, and were read as a count of about 10^17 offsets: the server's one
thread then built that list for ever, and every page in the room froze. A crafted client can
ask for the older protocol, so the header is read here only when the bytes can be a v1 message.
"""

from __future__ import annotations

import itertools
import json


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


def main() -> None:
    import voila.tornado.kernel_websocket_handler as handler
    from voila.app import Voila
    from voila.app import main as voila_main

    handler.read_header_from_binary_message = read_v1_header
    Voila.init_settings = compressed(Voila.init_settings)
    voila_main()


if __name__ == "__main__":
    main()
