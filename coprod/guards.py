"""What the server checks before it does any work for a request or a websocket message.

Pure functions, so that each rule can be tested on its own; ``coprod.voila_app`` applies them.
Every refusal has a short reason, which is what the log says (one line, never a traceback).
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
import struct
from collections.abc import Iterable

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# A kernel message is channel, header, parent header, metadata and content (then any buffers).
V1_FEWEST_OFFSETS = 6
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class Refused(ValueError):
    """A request or message the server will not act on; ``str()`` is the reason, for the log."""


# --- websocket frames from a page -----------------------------------------------------------------

def check_frame(message: bytes | str, subprotocol: str | None) -> None:
    """Raise ``Refused`` for a frame that is not a well-formed kernel message.

    Jupyter reads a binary frame's header as a count of offsets and builds that list before
    looking at anything else: a 16-byte frame declaring 10^8 offsets held the server's only
    thread for half a minute and took 2 GB. Here every count is bounded by the frame's own
    length before anything is built, and the JSON that the server parses is parsed once,
    with its errors caught (a 100 000-level nesting raised a RecursionError per message).
    """
    if subprotocol == V1_PROTOCOL:
        if not isinstance(message, bytes):
            raise Refused("a text frame on the binary kernel protocol")
        header = v1_parts(message)[1]
    elif isinstance(message, bytes):
        header = _legacy_binary_header(message)
    else:
        header = _json(message, "message")
        header = header.get("header") if isinstance(header, dict) else None
        if isinstance(header, bytes | str):
            raise Refused("a message whose header is not an object")
    if isinstance(header, bytes):
        header = _json(header, "header")
    if not isinstance(header, dict) or not isinstance(header.get("msg_type"), str):
        raise Refused("a message without a header naming its type")


def v1_offsets(message: bytes) -> list[int]:
    """The offsets of a v1 frame's parts (channel first, the frame's end last), all checked."""
    if len(message) < 8 * (V1_FEWEST_OFFSETS + 1):
        raise Refused("a frame too short to be a kernel message")
    count = int.from_bytes(message[:8], "little")
    if not V1_FEWEST_OFFSETS <= count <= len(message) // 8 - 1:
        raise Refused(f"a frame declaring {count} parts in {len(message)} bytes")
    offsets = [int.from_bytes(message[8 * i:8 * (i + 1)], "little") for i in range(1, count + 1)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] != len(message) or offsets != sorted(offsets):
        raise Refused("a frame whose parts are out of place")
    return offsets


def v1_parts(message: bytes) -> list[bytes]:
    """A v1 frame's parts: channel, header, parent header, metadata, content, buffers."""
    offsets = v1_offsets(message)
    return [message[a:b] for a, b in itertools.pairwise(offsets)]


def v1_header(message: bytes) -> dict | None:
    """The header of a v1 frame, or None for anything that is not one (a frame in the older
    protocol, whose first bytes read as a huge count, is answered at once)."""
    try:
        header = json.loads(v1_parts(message)[1])
    except (Refused, ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def _legacy_binary_header(message: bytes) -> dict:
    """The older protocol: a 4-byte count, 4-byte offsets, then a JSON message and buffers."""
    if len(message) < 8:
        raise Refused("a frame too short to be a kernel message")
    count = struct.unpack("!i", message[:4])[0]
    if not 1 <= count <= (len(message) - 4) // 4 - 1:
        raise Refused(f"a frame declaring {count} buffers in {len(message)} bytes")
    offsets = list(struct.unpack(f"!{count}I", message[4:4 * (count + 1)]))
    if offsets[0] < 4 * (count + 1) or offsets != sorted(offsets) or offsets[-1] > len(message):
        raise Refused("a frame whose parts are out of place")
    end = offsets[1] if count > 1 else len(message)
    body = _json(message[offsets[0]:end], "message")
    if not isinstance(body, dict):
        raise Refused("a message that is not an object")
    return body.get("header")


def _json(text: bytes | str, what: str):
    try:
        return json.loads(text)
    except RecursionError:
        raise Refused(f"a {what} nested too deeply") from None
    except (ValueError, UnicodeDecodeError):
        raise Refused(f"a {what} that is not JSON") from None


# --- messages to a page ---------------------------------------------------------------------------

def kernel_error_message(parts: Iterable[bytes] | dict) -> bool:
    """True for a kernel message that carries an error's details: an ``error`` message, or text
    on the kernel's stderr (where a kernel's own log, tracebacks included, goes). A page never
    shows either, and they name the server's files."""
    if isinstance(parts, dict):
        header, content = parts.get("header") or {}, parts.get("content") or {}
    else:
        parts = list(parts)
        if len(parts) < 5:
            return False
        try:
            header, content = json.loads(parts[1]), json.loads(parts[4]) if b'"stream"' in parts[1] else {}
        except (ValueError, RecursionError):
            return False
    if not isinstance(header, dict):
        return False
    kind = header.get("msg_type")
    return kind == "error" or (kind == "stream" and isinstance(content, dict) and content.get("name") == "stderr")


# --- requests ---------------------------------------------------------------------------------------

def host_name(host_header: str) -> str:
    """The name in a Host header, lower case, without its port (an IPv6 address keeps no brackets)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host_header: str, allowed: Iterable[str]) -> bool:
    """Whether a request's Host names this server. Another name (DNS rebinding: a site whose
    name is made to point at this machine) is refused, so that a page on another site cannot
    read what this server answers."""
    name = host_name(host_header)
    return bool(name) and name in {host_name(a) for a in allowed}


def cross_site_subresource(headers) -> str | None:
    """Why a request for a page that starts a kernel is refused, or None.

    Browsers say where a request comes from (Fetch Metadata). A page on another site that
    loads a coprod page as an image, a script or a frame would start a kernel (70 MB, a second
    of CPU) for nothing: only a navigation a person makes may. A QR code scanned into a phone's
    browser (``Sec-Fetch-Site: none``) or a link followed from another site (a top-level
    ``navigate`` to a ``document``) is a person's. Clients that send no such headers (older
    browsers, scripts on the server) are let through: the kernel cap bounds them."""
    site = headers.get("Sec-Fetch-Site")
    if site is None or site in ("same-origin", "none"):
        return None
    dest, mode = headers.get("Sec-Fetch-Dest"), headers.get("Sec-Fetch-Mode")
    if dest in (None, "document") and mode in (None, "navigate"):
        return None
    return f"a {site} {dest or 'request'} (only a person's navigation opens a page)"


# v: the presenter view's key; followup: a follow-up link
SECRET_PARAMETERS = ("p", "f", "v", "followup", "code", "token", "_xsrf")


SECRET_IN_TEXT = re.compile(r"([?&](?:" + "|".join(SECRET_PARAMETERS) + r")=)[^&\s'\"]+")


def redacted(text: str) -> str:
    """A request's path, or a line of the log, with the value of every secret query parameter
    replaced by ``…``: the server's terminal is often on the projected laptop, and a personal
    link or facilitator key in its log would let anyone who reads it in."""
    return SECRET_IN_TEXT.sub(r"\1…", text)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False
