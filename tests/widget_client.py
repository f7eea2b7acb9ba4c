"""A served page seen from its kernel's websocket: the Jupyter widget protocol, by hand.

What the page's JavaScript would do, without a browser: connect to the kernel of a page
Voilà rendered (its jupyter-config-data names the kernel), ask the widget control comm for
every model's state, and send a coprod widget's actions as custom comm messages. Used by
the reliability and hostile-client browser tests and by the benchmarks (bench/).
"""

from __future__ import annotations

import json
import re
import uuid

import websocket

CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)


def page_config(page_html: str) -> dict:
    """The jupyter-config-data of a page Voilà rendered: its kernel, and the server's base URL."""
    found = CONFIG.search(page_html)
    if found is None:
        shown = " ".join(page_html.split())[-600:]  # the end of a page says what went wrong
        raise ValueError(f"the page has no jupyter-config-data (not a rendered page, or the room was full): {shown!r}")
    return json.loads(found.group(1))


def channels_url(base: str, config: dict) -> str:
    """The websocket of the page's kernel; ``base`` is the server's http://host:port."""
    return base.replace("http", "ws", 1) + f"{config['baseUrl']}api/kernels/{config['kernelId']}/channels"


class WidgetClient:
    """A page's kernel websocket, speaking the legacy (JSON) protocol unless a subclass frames
    messages otherwise (see ``encode`` and ``decode``).

    ``config`` is the page's jupyter-config-data, or the page's HTML holding it."""

    subprotocols: tuple[str, ...] = ()  # none: the legacy protocol
    timeout = 60.0
    username = ""

    def __init__(self, base: str, config: str | dict):
        if isinstance(config, str):
            config = page_config(config)
        self.ws = websocket.create_connection(channels_url(base, config), timeout=self.timeout,
                                              subprotocols=list(self.subprotocols) or None)
        self.session = uuid.uuid4().hex

    # --- framing: what differs between the protocols --------------------------------------

    def encode(self, message: dict) -> str | bytes:
        """A message as the legacy protocol sends it: JSON text, the channel inside."""
        return json.dumps(message)

    def decode(self, frame: str | bytes) -> dict:
        if isinstance(frame, bytes):  # a message with buffers: offsets, the JSON, then the buffers
            count = int.from_bytes(frame[:4], "big")
            offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
            frame = frame[offsets[0]:offsets[1] if count > 1 else None]
        return json.loads(frame)

    # --- messages ------------------------------------------------------------------------

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        frame = self.encode({
            "header": {"msg_id": msg_id, "username": self.username, "session": self.session, "msg_type": msg_type,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
        })
        if isinstance(frame, bytes):
            self.ws.send_binary(frame)
        else:
            self.ws.send(frame)
        return msg_id

    def receive(self) -> dict:
        return self.decode(self.ws.recv())

    def comm(self, comm_id: str, data: dict) -> None:
        self.send("comm_msg", {"comm_id": comm_id, "data": data})

    def close(self) -> None:
        self.ws.close()

    # --- widgets -------------------------------------------------------------------------

    def ask_states(self) -> str:
        """Ask for every widget model's state, as @jupyter-widgets/base asks it; the answer comes
        on the returned comm."""
        control = f"control-{uuid.uuid4().hex}"
        self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                  metadata={"version": "1.0.0"})
        self.comm(control, {"method": "request_states"})
        return control

    def states(self) -> dict[str, dict]:
        """Every widget model's state, by comm id (what arrives meanwhile is dropped)."""
        control = self.ask_states()
        while True:
            message = self.receive()
            content = message.get("content", {})
            if message.get("msg_type") == "comm_msg" and content.get("comm_id") == control:
                return content["data"]["states"]

    def find(self, states: dict, name: str, **state) -> tuple[str, dict]:
        """The first coprod widget ``name`` (its class) whose state has the given values."""
        return next((comm_id, model["state"]) for comm_id, model in states.items()
                    if model["state"].get("_anywidget_id", "").endswith("." + name)
                    and all(model["state"].get(k) == v for k, v in state.items()))

    def request(self, comm_id: str, content: dict, nonce: int | None = None) -> dict:
        """Send a widget's action and return the state updates up to its status (the one with
        ``nonce``, if given)."""
        self.comm(comm_id, {"method": "custom", "content": content})
        changed: dict = {}
        while True:
            message = self.receive()
            data = message.get("content", {}).get("data", {})
            if message.get("msg_type") == "comm_msg" and message["content"].get("comm_id") == comm_id \
                    and data.get("method") == "update":
                changed |= data["state"]
                if "status" in data["state"] and (nonce is None or data["state"]["status"].get("nonce") == nonce):
                    return changed
