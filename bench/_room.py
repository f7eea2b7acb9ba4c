"""What the live benchmarks share: a real `coprod serve`, participants with personal links, and
pages opened over HTTP, then driven through their kernel's websocket (tests/widget_client.py)
as the page's JavaScript would drive them, without a browser.

The server is started as the browser tests start it (tests/browser/conftest.py), so a
benchmark measures what a workshop runs: Voilà, one kernel per page, the live feeds.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests
import websocket

from bench._common import postgres_schema
from coprod.store import Store
from tests.browser.conftest import Server, start_server
from tests.widget_client import WidgetClient

POSTGRES_ENV = "COPROD_TEST_POSTGRES_URL"  # printed by scripts/start-test-postgres
PAGE_SECONDS = 300  # a page open on a busy 2-core machine with 30 kernels starting can take a while
KEEP_ALIVE_SECONDS = 10  # Voilà pings every 30 s and closes a websocket whose pong is late


# --- the server ----------------------------------------------------------------------------


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str | None]:
    """The database a run uses: None (the server makes its own SQLite file), a URL as given, or,
    for "postgres" or a PostgreSQL URL, a new schema there, dropped afterwards, as the tests do
    (tests/conftest.py), so that runs never see each other's workshops."""
    if url == "postgres":
        url = os.environ.get(POSTGRES_ENV)
        if not url:
            raise SystemExit(f"--database postgres needs {POSTGRES_ENV}: eval \"$(scripts/start-test-postgres)\"")
    if url is None or not url.startswith("postgresql"):
        yield url
        return
    with postgres_schema(url) as scoped:
        yield scoped


@contextlib.contextmanager
def served(workshop: str, *, database_url: str | None = None, max_pages: int = 60,
           args: tuple[str, ...] = (), environment: dict[str, str] | None = None) -> Iterator[Server]:
    """`coprod serve` on a free port in a temporary folder, stopped (and its log checked for
    tracebacks) afterwards; ``max_pages`` must leave room for every participant and the console;
    ``args``: more of coprod serve's options; ``environment``: more variables for it."""
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as folder, \
            contextlib.contextmanager(start_server)(Path(folder), workshop, database=database_url,
                                                    args=("--max-pages", str(max_pages), *args),
                                                    environment=environment) as server:
        try:
            yield server
            wait_quiet(server)
        except BaseException:
            # start_server prints the server's log and re-raises, leaving it running: stop it here.
            server.process.terminate()
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
            raise


def wait_quiet(server: Server, *, busy: float = 0.3, timeout: float = 120.0) -> None:
    """Wait until no process of the server keeps a core more than ``busy`` busy (or ``timeout``).

    After pages open, Voilà refills its pool of pre-heated kernels, each running the notebook; a
    kernel stopped half-way logs a traceback (ZMQError) that start_server reports as a failure."""
    deadline = time.monotonic() + timeout
    before = per_process_cpu(server)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = per_process_cpu(server)
        if all((seconds - before.get(pid, ("", 0.0))[1]) / 2 < busy for pid, (_, seconds) in now.items()):
            return
        before = now


def personal_links(server: Server, count: int) -> list[tuple[str, str]]:
    """``count`` participants joined beforehand through the store: (name, personal link) each.
    Their pages then open straight on the activities, as a participant's bookmark does."""
    store = Store(server.database)
    try:
        workshop = store.workshop_by_code(server.code)
        page = server.join_url.split("?")[0]
        links = []
        for number in range(1, count + 1):
            name = f"P{number:02}"
            links.append((name, f"{page}?p={store.join(workshop, name)[1]}"))
        return links
    finally:
        store.dispose()


# --- CPU ---------------------------------------------------------------------------------------


ROLES = ("kernels", "Voilà", "coprod serve")
# A kernel, started as a new Python or forked, and the forked kernels' warm parent (counted with
# them: it is their shared memory); coprod.kernel_template names the last two.
KERNEL_COMMANDS = re.compile(r"ipykernel_launcher|kernels' warm parent")


def per_process_cpu(server: Server) -> dict[int, tuple[str, float]]:
    """(role, CPU seconds so far) of each process of the server still running, by pid. The roles:
    the kernels (one per page, the console's among them), Voilà (every websocket goes through it),
    and coprod serve."""
    used = {}
    root = psutil.Process(server.process.pid)
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
            command = " ".join(process.cmdline())
            role = "kernels" if KERNEL_COMMANDS.search(command) else "Voilà" if "voila" in command else "coprod serve"
            times = process.cpu_times()
            used[process.pid] = role, times.user + times.system
    return used


def cpu_by_role(server: Server) -> dict[str, float]:
    used = dict.fromkeys(ROLES, 0.0)
    for role, seconds in per_process_cpu(server).values():
        used[role] += seconds
    return used


def own_cpu() -> float:
    """CPU seconds used by this benchmark's process: the clients share the server's cores."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


class Cpu:
    """Cores kept busy over a stretch of the run: the server's, by role, and the benchmark's."""

    def __init__(self, server: Server):
        self.server = server
        self.started = time.monotonic()
        self.server_from, self.own_from = cpu_by_role(server), own_cpu()

    def cores(self) -> dict[str, float]:
        """CPU seconds per wall second since this was made: each role's, "server" (their sum) and
        "bench" (this process)."""
        wall = max(time.monotonic() - self.started, 1e-9)
        now = cpu_by_role(self.server)
        cores = {role: (now[role] - self.server_from[role]) / wall for role in ROLES}
        return cores | {"server": sum(cores.values()), "bench": (own_cpu() - self.own_from) / wall}


def describe(cores: dict[str, float]) -> str:
    return ", ".join(f"{role} {cores[role]:.2f}" for role in (*ROLES, "bench"))


# --- pages -------------------------------------------------------------------------------------


@dataclass
class Page:
    client: WidgetClient
    states: dict[str, dict]
    seconds: float  # to open it: the page's HTML (its kernel started, the notebook run), then every model


def open_page(base: str, url: str) -> Page:
    """Open a page as a browser does: GET it (Voilà starts its kernel and runs the notebook), then
    connect to the kernel and ask for every widget model's state."""
    started = time.monotonic()
    response = requests.get(url, timeout=PAGE_SECONDS)
    response.raise_for_status()  # 503: the room is full (--max-pages)
    client = WidgetClient(base, response.text)
    keep_alive(client)
    states = client.states()
    return Page(client, states, time.monotonic() - started)


def keep_alive(client: WidgetClient) -> None:
    """Send a pong every few seconds, from a thread, until the socket closes.

    A browser answers the server's pings at once. This client answers them only while it reads
    (websocket-client answers in recv), so a page waiting for the rest of the class to open,
    reading nothing, was closed by Voilà's ping timeout. Tornado takes any pong as the answer."""

    def beat() -> None:
        while client.ws.connected:
            time.sleep(KEEP_ALIVE_SECONDS)
            try:
                client.ws.pong()
            except (websocket.WebSocketException, OSError):
                return

    threading.Thread(target=beat, daemon=True).start()


def open_all(opener: Callable[[str], Page], urls: list[str], at_once: int) -> list[Page]:
    """Open pages, ``at_once`` at a time (the kernels' start-up is most of it, and CPU bound)."""
    with ThreadPoolExecutor(max_workers=max(1, at_once)) as pool:
        return list(pool.map(opener, urls))


def model(states: dict[str, dict], model_name: str, css_class: str) -> str:
    """The comm id of a plain ipywidget, found by its model and its CSS class (the kernel's own
    names for the parts of a page)."""
    return next(comm_id for comm_id, m in states.items()
                if m["model_name"] == model_name and css_class in m["state"].get("_dom_classes", []))


def board_on_console(server: Server, activity_number: int) -> tuple[Page, str]:
    """The facilitator's console showing one activity's board: (the page, the board's comm id).

    The console's Nav opens the Boards section; the board is chosen with its Dropdown, whose
    browser side sends the chosen ``index``."""
    page = open_page(server.base, server.facilitator_url)
    client = page.client
    nav, _ = client.find(page.states, "Nav")
    client.request(nav, {"action": "open", "id": "boards"})
    states = client.states()
    choice = model(states, "DropdownModel", "coprod-board-choice")
    board = model(states, "HTMLModel", "coprod-live-board")
    labels = states[choice]["state"]["_options_labels"]
    index = next(i for i, label in enumerate(labels) if label.startswith(f"{activity_number}. "))
    if states[choice]["state"]["index"] != index:
        client.comm(choice, {"method": "update", "state": {"index": index}, "buffer_paths": []})
        states = client.states()  # asked after the update: the kernel has redrawn the board by then
    if f"Activity {activity_number}:" not in states[board]["state"]["value"]:
        raise RuntimeError(f"the console's board does not show Activity {activity_number}")
    page.states = states
    return page, board


ACTIVITY_1 = "what-do-you-know"
ACTIVITY_1_QUESTIONS = ("already-know", "want-to-know")


def go(client: WidgetClient, place: str) -> dict[str, dict]:
    """Open an activity (or My notes) on a participant's page as its menu does; then every
    model's state (an activity's widgets are made when it is first opened)."""
    nav, _ = client.find(client.states(), "Nav")
    client.request(nav, {"action": "open", "id": place})
    return client.states()


def activity_1_notes(client: WidgetClient) -> str:
    """Open Activity 1 and return its Notes widget's comm id: a note per response, two per
    question may go on the board."""
    return next(comm_id for comm_id, m in go(client, ACTIVITY_1).items()
                if m["state"].get("_anywidget_id", "").endswith(".Notes")
                and tuple(q["id"] for q in m["state"]["questions"]) == ACTIVITY_1_QUESTIONS)


class Drain:
    """Reads a page's websocket until closed, so the kernel never waits on a full socket; calls
    ``on_message`` (if given) with each message and the time it arrived."""

    def __init__(self, client: WidgetClient, on_message: Callable[[dict, float], None] | None = None):
        self.client, self.on_message = client, on_message
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                message = self.client.receive()
            except websocket.WebSocketTimeoutException:  # nothing changed for a while
                continue
            except (websocket.WebSocketException, OSError):  # closed: at the end, or the server went
                return
            except ValueError:  # the empty frame websocket-client hands back once it is closed
                if self._stop.is_set():
                    return
                raise
            if self.on_message is not None:
                self.on_message(message, time.monotonic())

    def stop(self) -> None:
        self._stop.set()
        self.client.close()
        self._thread.join(timeout=10)
