"""A hostile client on the real websocket of a served page: it cannot run code or store junk.

The client is what a crafted page could be: it opens the kernel's websocket of a joined
participant's page (and, separately, of the facilitator's console), asks the widget control
comm for every model, and then sends every coprod widget's actions with out-of-range,
wrong-type, unknown-id and oversized values, state updates for every trait, and invalid
state for the plain ipywidgets (Buttons, Dropdowns, Checkboxes, Text). The store must not
change, no traceback may be logged or shown, code must never run, and the real page must
still save afterwards. The cases sent are written to test-artifacts/security-hostile.txt.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
import websocket
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import ARTIFACTS, LAPTOP, PHONE, Visitor, assert_page_is_clean, start_server
from tests.browser.steps import console_section, open_activity, show_board
from tests.widget_client import WidgetClient

LIVE_MS = 15_000
ALREADY = "What do I already know about co-production?"
HUGE = "x" * 200_000
ATTACK = "<img src=x onerror=alert(1)><script>alert(2)</script>"
# Values of each kind a crafted client sends in place of a valid one.
UNKNOWN_IDS = ["no-such-id", "../../../etc/passwd", "'; DROP TABLE answers; --", ATTACK]
WRONG_TYPES = [None, True, 7, 1.5, [], ["x"], {"id": "x"}]
OUT_OF_RANGE = [-1, 4, 10**12, 2**70]
WRONG_NUMBERS = [None, True, 1.0, "1", [1], {"0": 1}]
NOT_BOOLS = [None, 1, 0, "true", [], {}]
BAD_TEXTS = [None, 5, ["text"], {"text": "x"}, True]
V1 = "v1.kernel.websocket.jupyter.org"
CONTROL_ONLY = "\x00\x01\x07\x1b\x7f\x9b"  # nothing left once control characters go


# --- the crafted client ---------------------------------------------------------------------


class Crafted(WidgetClient):
    """A Jupyter kernel websocket client speaking the v1 protocol (as JupyterLab's does) by hand,
    keeping every message it receives.

    Not the legacy protocol: Voilà 0.5.13's websocket handler reads every binary message it
    sends as v1, and on a legacy connection that reading never ends (see docs/security.md)."""

    subprotocols = (V1,)
    timeout = 90.0
    username = "mallory"

    def __init__(self, base: str, config: dict):
        super().__init__(base, config)
        self.received: list[dict] = []

    def encode(self, message: dict) -> bytes:
        parts = [json.dumps(message[part]).encode() for part in ("header", "parent_header", "metadata", "content")]
        return serialize_msg_to_ws_v1(parts, message["channel"])

    def decode(self, frame: str | bytes) -> dict:
        channel, parts = deserialize_msg_from_ws_v1(frame if isinstance(frame, bytes) else frame.encode())
        header, parent, metadata, content = (json.loads(part) for part in parts[:4])
        return {"channel": channel, "header": header, "msg_type": header.get("msg_type"),
                "parent_header": parent, "metadata": metadata, "content": content}

    def receive(self) -> dict:
        message = super().receive()
        self.received.append(message)
        return message

    def settle(self, timeout: float = 300) -> list[dict]:
        """Everything the kernel sent until it has handled all that was sent before: the shell
        handles messages in order, and iopub carries 'idle' for the last one after their output."""
        msg_id = self.send("kernel_info_request", {})
        got = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.receive()
            except websocket.WebSocketTimeoutException:
                break
            got.append(message)
            if message.get("msg_type") == "status" and message["parent_header"].get("msg_id") == msg_id \
                    and message["content"]["execution_state"] == "idle":
                return got
        raise TimeoutError(f"the kernel did not answer; last: {[m.get('msg_type') for m in got[-10:]]}")

    def states(self) -> dict[str, dict]:
        """Every widget model's state; unlike the plain client's, only once the kernel has
        handled everything sent before (an attack's cases are settled first)."""
        control = self.ask_states()
        for message in self.settle():
            content = message.get("content", {})
            if message.get("msg_type") == "comm_msg" and content.get("comm_id") == control:
                return content["data"]["states"]
        raise AssertionError("the control comm sent no states")


def crafted_client(page) -> Crafted:
    """A second connection to the kernel of a page open in the browser."""
    config = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    return Crafted(page.url.split("/voila/")[0], config)


def kind(model: dict) -> str:
    """A model's class: the coprod widget's name, or the ipywidgets model's."""
    anywidget_id = model["state"].get("_anywidget_id", "")
    if anywidget_id.startswith("coprod."):
        return anywidget_id.rsplit(".", 1)[1]
    return model["model_name"].removesuffix("Model")


def tracebacks(messages: list[dict]) -> list[str]:
    """Tracebacks the kernel logged (its log goes out on iopub as stderr) or errors it sent."""
    found = []
    for message in messages:
        content = message.get("content", {})
        if message.get("msg_type") == "stream" and "Traceback" in content.get("text", ""):
            found.append(content["text"])
        elif message.get("msg_type") == "error":
            found.append(content.get("ename", "error"))
    return found


# --- the store, read only --------------------------------------------------------------------


class Counts:
    """Row counts of every table of the test server's database, read through one Store."""

    def __init__(self, database: str):
        from coprod.store import Store
        from coprod.store.schema import answers, contacts, groups, participants, settings, workshops

        self.store = Store(database)
        self.tables = (answers, participants, groups, settings, contacts, workshops)

    def __call__(self, only: str | None = None) -> dict[str, int]:
        with self.store.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in self.tables if only in (None, t.name)}

    def close(self) -> None:
        self.store.dispose()


# --- what was sent, and what became of it ----------------------------------------------------


@dataclass
class Tally:
    sent: Counter = field(default_factory=Counter)
    stored: Counter = field(default_factory=Counter)
    said: dict = field(default_factory=lambda: defaultdict(Counter))
    logged: list = field(default_factory=list)

    def table(self, title: str) -> str:
        lines = [title, f"{'widget':<14} {'action':<50} {'cases':>6} {'stored':>6}  the kernel's answers", "-" * 120]
        for (widget, action), count in sorted(self.sent.items()):
            answer = ", ".join(f"{k} {n}" for k, n in sorted(self.said[(widget, action)].items()) if n)
            lines.append(f"{widget:<14} {action:<50} {count:>6} {self.stored[(widget, action)]:>6}  {answer}")
        lines.append(f"{'total':<65} {sum(self.sent.values()):>6} {sum(self.stored.values()):>6}")
        return "\n".join(lines) + "\n"


class Attack:
    """Sends the cases of one widget and action to one kernel, then waits until it has handled
    them, and records what they stored and what the kernel answered."""

    def __init__(self, client: Crafted, counts: Counts, tally: Tally):
        self.client, self.counts, self.tally = client, counts, tally

    def cases(self, widget: str, action: str, comm_id: str, messages: list[dict]) -> list[dict]:
        before = sum(self.counts().values())
        for data in messages:
            self.client.comm(comm_id, data)
        got = self.client.settle()
        key = (widget, action)
        self.tally.sent[key] += len(messages)
        self.tally.stored[key] += sum(self.counts().values()) - before
        replies = [m["content"]["data"] for m in got
                   if m.get("msg_type") == "comm_msg" and m["content"].get("comm_id") == comm_id]
        updates = [r["state"] for r in replies if r.get("method") == "update"]
        said = self.tally.said[key]
        # _say sends the status alone; a refused update or request sends the kernel's values back.
        said["error shown"] += sum(1 for u in updates if set(u) == {"status"} and u["status"].get("kind") == "error")
        said["state sent back"] += sum(1 for u in updates if set(u) != {"status"})
        found = tracebacks(got)
        if found:
            said["traceback logged"] += len(found)
            self.tally.logged += [(widget, action, text[-400:]) for text in found]
        return replies

    def custom(self, widget: str, comm_id: str, contents: list, label: str | None = None) -> list[dict]:
        return self.cases(widget, label or contents[0]["action"], comm_id,
                          [{"method": "custom", "content": content} for content in contents])

    def update(self, widget: str, comm_id: str, states: list[dict], label: str) -> list[dict]:
        return self.cases(widget, label, comm_id,
                          [{"method": "update", "state": state, "buffer_paths": []} for state in states])


def hostile_for(value, size: int = len(HUGE)):
    """A hostile value in place of a trait's value, of another type or absurd size."""
    junk = "x" * size
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return -(10**12)
    if isinstance(value, str):
        return ATTACK + junk
    if isinstance(value, list):
        return [{"id": ATTACK, "text": junk}] * 3
    if isinstance(value, dict):
        return {"kind": "saved", "text": ATTACK, "seq": "x", "nonce": {"a": 1}}
    return junk


def first(items: list[dict], key: str = "id", default: str = "no-such-id"):
    return items[0][key] if items else default


def variants(base: dict, field_name: str, values: list) -> list[dict]:
    return [{**base, field_name: v} for v in values]


def action_cases(name: str, state: dict, code: str) -> dict[str, list[dict]]:
    """Every action of a coprod widget with invalid content: the base of each is valid but for
    the one field made hostile, so that the field itself is what is checked."""
    ids = UNKNOWN_IDS + WRONG_TYPES + [HUGE]
    if name == "Comfort":
        base = {"action": "set", "size": "large", "contrast": "high"}
        return {"set": variants(base, "size", ["huge", *WRONG_TYPES, HUGE])
                + variants(base, "contrast", ["dark", *WRONG_TYPES, HUGE])}
    if name == "Nav":
        return {"open": variants({"action": "open"}, "id", ids)}
    if name == "JoinForm":
        return {"join": variants({"action": "join", "name": "Mallory again"}, "code",
                                 ["", "   ", "ZZZZZZ", *WRONG_TYPES, HUGE, code + HUGE])
                + variants({"action": "join", "code": code}, "name",
                           ["", "   ", CONTROL_ONLY, "n" * 61, *BAD_TEXTS, HUGE])}
    if name == "Notes":
        question, response = first(state["questions"]), first(state["value"])
        add = {"action": "add", "question": question, "text": "fine", "nonce": 1}
        return {
            "add": variants(add, "question", ids)
            + variants(add, "text", ["", "  \n\t ", CONTROL_ONLY, *BAD_TEXTS, "t" * 5_001, HUGE])
            + [{**add, "text": HUGE, "nonce": HUGE}],
            "post": variants({"action": "post", "posted": True}, "id", ids)
            + variants({"action": "post", "id": response}, "posted", NOT_BOOLS),
            "remove": variants({"action": "remove"}, "id", ids),
        }
    if name == "Matrix":
        rate = {"action": "rate", "row": first(state["rows"]), "column": first(state["columns"]), "choice": 1}
        return {"rate": variants(rate, "row", ids) + variants(rate, "column", ids)
                + variants(rate, "choice", OUT_OF_RANGE + WRONG_NUMBERS + [HUGE])}
    if name == "Scale":
        choose = {"action": "choose", "statement": first(state["statements"]), "choice": 0}
        return {"choose": variants(choose, "statement", ids)
                + variants(choose, "choice", [-1, len(state["labels"]), 10**12, 2**70, *WRONG_NUMBERS, HUGE])}
    if name == "Picker":
        pick = {"action": "pick", "id": first(state["options"]), "picked": True}
        return {"pick": variants(pick, "id", ids) + variants(pick, "picked", NOT_BOOLS)}
    if name == "SharedList":
        key = first(state["fields"], default="text")
        entry = first(state["value"])
        bad_values = [None, "text", ["x"], {}, {key: ""}, {key: "   "}, {key: CONTROL_ONLY}, {key: None},
                      {key: ["x"]}, {key: {"x": 1}}, {key: 5}, {key: "v" * 2_001}, {key: HUGE}]
        return {
            "add": variants({"action": "add", "nonce": 1}, "values", bad_values),
            "add_example": variants({"action": "add_example"}, "id", ids),
            "edit": variants({"action": "edit", "values": {key: "fine"}, "base": 1}, "id", ids)
            + variants({"action": "edit", "id": entry, "base": 1}, "values", bad_values),
            "remove": variants({"action": "remove"}, "id", ids),
        }
    if name == "TextEntry":
        return {"save": variants({"action": "save", "base": 0, "nonce": 1}, "text", [*BAD_TEXTS, "t" * 5_001, HUGE])
                + [{"action": "save", "text": HUGE, "base": value, "nonce": value}
                   for value in (-1, 10**12, "1", [1], {"id": 1}, HUGE)]}
    if name == "Download":
        return {"download": [{"action": "download", "nonce": HUGE}]}  # each makes a file: one is enough
    return {}


MALFORMED = [None, "save", ["action", "save"], 42, {}, {"action": None}, {"action": 7}, {"action": ["save"]},
             {"action": "no_such_action"}, {"action": "dispatch"}, {"action": "__class__"}, {"action": "_say"},
             {"action": "save.__globals__"}, {"action": HUGE}]


def attack_coprod_widgets(attack: Attack, states: dict[str, dict], code: str) -> set[str]:
    """(a) a state update for every trait, then (b) every action with hostile content."""
    attacked = set()
    for comm_id, model in states.items():
        name = kind(model)
        if not model["state"].get("_anywidget_id", "").startswith("coprod."):
            continue
        attacked.add(name)
        traits = {k: v for k, v in model["state"].items() if not k.startswith(("_model", "_view"))}
        hostile = {trait: hostile_for(value, size=1_000) for trait, value in traits.items()}
        replies = attack.update(name, comm_id, [{k: v} for k, v in hostile.items()], "update: one trait")
        replies += attack.update(name, comm_id, [{k: hostile_for(v) for k, v in traits.items()}],
                                 "update: every trait")
        # The kernel sends its own values back (the live feed may have changed them meanwhile),
        # never a hostile one.
        for reply in replies:
            for trait, value in reply.get("state", {}).items():
                assert value != hostile.get(trait) and value != hostile_for(traits.get(trait)), (name, trait)
        attack.custom(name, comm_id, MALFORMED, "malformed or unknown action")
        for action, cases in action_cases(name, model["state"], code).items():
            for reply in attack.custom(name, comm_id, cases):
                nonce = reply.get("state", {}).get("status", {}).get("nonce") if reply.get("method") == "update" \
                    else reply.get("content", {}).get("nonce")
                assert nonce is None or isinstance(nonce, int), (name, action, "a hostile nonce was echoed")
    return attacked


def attack_plain_widgets(attack: Attack, states: dict[str, dict], *, clickable) -> set[str]:
    """State a crafted client can send to plain ipywidgets: invalid values must be refused by the
    traits' validation (ipywidgets), and clicks go only to buttons whose click is checked."""
    attacked = set()
    for comm_id, model in states.items():
        name, state = kind(model), model["state"]
        if name == "Dropdown":
            attacked.add(name)
            count = len(state["_options_labels"])
            attack.update(name, comm_id, [{"index": index} for index in (-1, count, 10**9, "1", 1.5, [0], {"i": 0},
                                                                          HUGE)],
                          "update: index out of range or not a number")
            # The labels are read-only in Python, but set_state sets them: more labels, then an index
            # beyond the real options; the value (which Python reads) must stay one of the options.
            attack.update(name, comm_id, [{"_options_labels": [ATTACK] * (count + 5), "index": count + 2}],
                          "update: labels, then an index past the options")
            attack.update(name, comm_id, [{"_options_labels": list(state["_options_labels"])}],
                          "update: labels put back")
            attack.update(name, comm_id, [{"disabled": True, "description": ATTACK}], "update: disabled, description")
        elif name == "Checkbox":
            attacked.add(name)
            attack.update(name, comm_id, [{"value": value} for value in ("yes", 2, [], {"v": True}, HUGE)],
                          "update: value not a boolean")
        elif name in ("Text", "Textarea"):
            attacked.add(name)
            attack.update(name, comm_id, [{"value": value} for value in (HUGE, ATTACK, CONTROL_ONLY, 5, None, ["x"])],
                          "update: value (any text, any size)")
        elif name in ("BoundedIntText", "IntText"):
            attacked.add(name)
            attack.update(name, comm_id, [{"value": value} for value in (-(10**12), 10**12, "5", 1.5, None)],
                          "update: value out of bounds or not an int")
        elif name == "Button":
            attacked.add(name)
            attack.update(name, comm_id, [{"disabled": True, "description": ATTACK}], "update: disabled, description")
            if clickable(state["description"]):
                attack.custom(name, comm_id, [{"event": "click"}], "click while disabled")
                attack.custom(name, comm_id, [{"event": "dblclick", "x": HUGE}], "unknown event")
    return attacked


def no_code_runs(client: Crafted, marker) -> list[str]:
    """Every request that would run or inspect code: none is answered, and the code never runs."""
    code = f"open({str(marker)!r}, 'w').write('ran')"
    client.send("execute_request", {"code": code, "silent": False, "store_history": False,
                                    "user_expressions": {"x": code}, "allow_stdin": False, "stop_on_error": True})
    client.send("inspect_request", {"code": code, "cursor_pos": 3, "detail_level": 1})
    client.send("complete_request", {"code": "import o", "cursor_pos": 8})
    client.send("history_request", {"output": True, "raw": True, "hist_access_type": "tail", "n": 10})
    client.send("is_complete_request", {"code": code})
    client.send("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "no.such.target", "data": {"code": code}})
    return [m.get("msg_type") for m in client.settle()]


# --- the room ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("hostile"), "Hostile test")


@pytest.fixture(scope="module")
def people(browser, room):
    """The console, and Mallory and Nina joined and put in Group 1, with a stakeholder for Activity 7."""
    facilitator = Visitor(browser, room, LAPTOP)
    console = facilitator.open(room.facilitator_url)
    members = {}
    for name, viewport in (("Mallory", LAPTOP), ("Nina", PHONE)):
        visitor = Visitor(browser, room, viewport)
        page = visitor.open(room.join_url)
        page.get_by_label("Your name (as others will see it)").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text(f"You are taking part as {name}")).to_be_visible()
        members[name] = visitor
    console_section(console, "Room and groups")
    console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
    expect(console.get_by_role("status").filter(has_text="Made 1 group.")).to_be_visible()
    show_board(console, 7)
    console.get_by_label("Stakeholder for Group 1").select_option(label="Paid staff")
    for visitor in members.values():
        expect(visitor.page.get_by_role("heading", name="Group 1")).to_be_visible(timeout=LIVE_MS)
    yield facilitator, members
    for visitor in (facilitator, *members.values()):
        visitor.close()


def write_table(name: str, text: str) -> None:
    path = ARTIFACTS / "security-hostile.txt"
    old = path.read_text() if path.exists() else ""
    sections = [s.strip() for s in old.split("\n\n") if s.strip() and not s.strip().startswith(name)]
    path.write_text("\n\n".join([*sections, text.strip()]) + "\n")
    print("\n" + text)


def prepare(client: Crafted) -> dict[str, dict]:
    """Legitimate requests first, so that every widget exists and has something to aim at: every
    activity opened, a note, an entry in every shared list, a scenario for Activity 8."""
    states = client.states()
    nav = next(c for c, m in states.items() if kind(m) == "Nav")
    for item in states[nav]["state"]["items"]:
        client.comm(nav, {"method": "custom", "content": {"action": "open", "id": item["id"]}})
        client.settle()
    for comm_id, model in client.states().items():
        name, state = kind(model), model["state"]
        if name == "Notes" and not state["value"]:
            content = {"action": "add", "question": state["questions"][0]["id"], "text": "A note to aim at"}
        elif name == "SharedList" and not state["value"]:
            content = {"action": "add", "values": {state["fields"][0]["id"]: "An entry to aim at"}}
        elif name == "Scale" and state["statements"][0]["id"] == "scenario":
            content = {"action": "choose", "statement": "scenario", "choice": 0}
        else:
            continue
        client.comm(comm_id, {"method": "custom", "content": content})
        client.settle()
    client.comm(nav, {"method": "custom", "content": {"action": "open", "id": "what-do-you-know"}})
    client.settle()
    return client.states()


def ids_by_description(states: dict[str, dict], model: str) -> dict[str, str]:
    return {m["state"]["description"]: c for c, m in states.items() if kind(m) == model}


def test_a_hostile_client_on_a_participant_page(people, room, tmp_path):
    _, members = people
    mallory = members["Mallory"]
    page = mallory.page
    client = crafted_client(page)
    counts = Counts(room.database)
    try:
        states = prepare(client)
        buttons = ids_by_description(states, "Button")
        consent = next(c for c, m in states.items() if kind(m) == "Checkbox" and "email" in m["state"]["description"])
        email = ids_by_description(states, "Text")["Email address"]
        before = counts()

        tally = Tally()
        attack = Attack(client, counts, tally)
        coprod = attack_coprod_widgets(attack, states, room.code)
        # Python never disables the participant's buttons, and a click is their normal action:
        # "Add it to our definition" checks the chosen card. "Start a new reflection" stores a dated
        # start and "Save my choice" (no consent) a "no", as they do for the person who taps them,
        # so they are not clicked here; "Save my choice" is clicked below with a hostile address.
        # "Back" and "Next" store the step the person is at (the app's bookkeeping), as they do
        # for anyone who taps them.
        plain = attack_plain_widgets(attack, states, clickable=lambda d: d not in (
            "Start a new reflection", "Save my choice", "Back", "Next"))
        # The contact form's state set by the client: consent, then an address too long or none.
        attack.update("Checkbox", consent, [{"value": True}], "update: consent ticked")
        for address in (HUGE + "@example.org", "   ", CONTROL_ONLY, "no-at-sign", "@", "a b@c"):
            attack.update("Text", email, [{"value": address}], "update: value (any text, any size)")
            attack.custom("Button", buttons["Save my choice"], [{"event": "click"}],
                          "click: Save my choice, invalid address")
        replies = no_code_runs(client, tmp_path / "code-ran")
        after = counts()
    finally:
        client.close()

    write_table("Hostile client on a participant", tally.table("Hostile client on a participant's page (Group 1)"))
    assert {"Comfort", "Nav", "Timer", "PersonalLink", "JoinForm", "Notes", "TextEntry", "SharedList", "Scale",
            "Matrix", "Picker"} <= coprod
    assert {"Button", "Dropdown", "Checkbox", "Text"} <= plain
    assert after == before, "a hostile message changed the store"
    assert sum(tally.stored.values()) == 0
    assert {"execute_reply", "execute_input", "inspect_reply", "complete_reply", "history_reply",
            "is_complete_reply"}.isdisjoint(replies), replies
    assert not (tmp_path / "code-ran").exists()
    coprod_tracebacks = [entry for entry in tally.logged if entry[0] in coprod]
    assert coprod_tracebacks == [], coprod_tracebacks
    assert_page_is_clean(mallory)
    assert mallory.errors == []

    # The real page still works: a normal answer is saved through it.
    open_activity(page, 1)
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=ALREADY))
    section.get_by_label("Add a response").fill("Still working after the attack")
    section.get_by_role("button", name=f"Add response to: {ALREADY}").click()
    expect(section.locator(".coprod-response-text", has_text="Still working after the attack")).to_be_visible()
    expect(section.locator(".coprod-message")).to_have_text("Saved.")
    assert counts()["answers"] == after["answers"] + 1
    counts.close()
    assert_page_is_clean(mallory)


def test_a_hostile_client_on_the_console(people, room, tmp_path):
    facilitator, _ = people
    console = facilitator.page
    console_section(console, "Room and groups")
    client = crafted_client(console)
    counts = Counts(room.database)
    try:
        states = client.states()
        texts, buttons = ids_by_description(states, "Text"), ids_by_description(states, "Button")
        before = counts()
        tally = Tally()
        attack = Attack(client, counts, tally)
        coprod = attack_coprod_widgets(attack, states, room.code)
        # The console's buttons are the facilitator's own actions (split, remove, delete): only those
        # whose input is checked are clicked, with that input made hostile first.
        plain = attack_plain_widgets(attack, states, clickable=lambda d: False)
        for text_field, button in (("New name", "Rename"), ("Workshop name", "Rename the workshop"),
                                   ("New workshop's name", "Create the workshop"),
                                   ("Or a hypothetical one for Group 1", "Give it to Group 1")):
            # A 200,000-character stakeholder is the facilitator's own paste: it is cut to 200, so
            # only the other values are sent to "Give it".
            for value in (CONTROL_ONLY, "   ") if button.startswith("Give") else (HUGE, CONTROL_ONLY, "   "):
                attack.update("Text", texts[text_field], [{"value": value}], "update: value (any text, any size)")
                attack.custom("Button", buttons[button], [{"event": "click"}], f"click: {button}, invalid text")
        replies = no_code_runs(client, tmp_path / "code-ran")
        after = counts()
    finally:
        client.close()
        counts.close()
    write_table("Hostile client on the facilitator", tally.table("Hostile client on the facilitator's console"))
    assert {"Nav", "Download", "Timer"} <= coprod
    assert {"Button", "Dropdown", "Checkbox", "Text", "BoundedIntText"} <= plain
    assert after == before, "a hostile message changed the store"
    assert "execute_reply" not in replies and "execute_input" not in replies
    assert not (tmp_path / "code-ran").exists()
    assert [entry for entry in tally.logged if entry[0] in coprod] == []
    assert_page_is_clean(facilitator)
    assert facilitator.errors == []
