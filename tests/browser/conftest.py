"""A real `coprod serve` on a free port with a temporary database, and Debian's Chromium.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium. Every
page records the requests it makes, so a test can assert that none leaves the server.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("COPROD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 900}
PAGE_TIMEOUT_MS = 90_000


def pytest_configure(config):
    from playwright.sync_api import expect

    # A page's kernel answers in well under a second on a quiet machine; on a busy 2-core CI
    # machine, with Chromium and a dozen kernels, a click's effect can take several seconds.
    expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    """A free port below the range the system hands out to outgoing connections: a port from
    bind(("", 0)) is in that range, and any connection opened in the seconds before `coprod
    serve` binds it may take it ("port in use", a server that never starts)."""
    low = _first_ephemeral_port()
    for port in random.sample(range(max(1024, low - 10_000), low), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:  # in use
                continue
            return port
    raise RuntimeError(f"no free port found below {low}")


def _first_ephemeral_port() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


@dataclass
class Server:
    base: str
    join_url: str
    facilitator_url: str
    code: str
    database: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)
    presenter_url: str = ""  # the presenter view's link, for the projector


def start_server(tmp: Path, workshop: str, *, database: str | None = None, args: tuple[str, ...] = (),
                 environment: dict[str, str] | None = None):
    """Run `coprod serve` on a free port (with its own SQLite database unless given one, and any
    further ``args`` and ``environment``); yield it, then stop it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-system-deps")
    database = database or f"sqlite:///{tmp / 'workshop.sqlite3'}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "COPROD_DATABASE_URL"} | (environment or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "coprod", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database", database, "--workshop", workshop, "--log-file", "-", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 180
    join = facilitator = code = presenter = None
    while time.monotonic() < deadline and (facilitator is None or presenter is None):
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line)
        if m := re.search(r"Participants join at: (\S+)", line):
            join = m.group(1)
        if m := re.search(r"Join code: (\S+)", line):
            code = m.group(1)
        if m := re.search(r"Facilitator's link \(keep it private\): (\S+)", line):
            facilitator = m.group(1)
        if m := re.search(r"Presenter view, for the projector \(it only shows\): (\S+)", line):
            presenter = m.group(1)
    if facilitator is None or presenter is None:
        process.kill()
        pytest.fail("coprod serve did not print its links:\n" + "".join(lines))

    def drain():  # keep reading the server's output so its pipe never fills up
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=drain, daemon=True).start()
    try:
        yield Server(f"http://127.0.0.1:{port}", join, facilitator, code, database, process, lines,
                     presenter_url=presenter)
    except BaseException:
        # A test failed while this server ran: what it logged is often the reason.
        sys.stderr.write(f"--- coprod serve on port {port} logged:\n" + "".join(lines))
        stop_server(process)
        raise
    stop_server(process)
    # Voilà stopped with it, rather than holding the port with its kernels.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "Voilà outlived coprod serve"
    assert not any("Traceback" in line for line in lines), "the server logged a traceback:\n" + "".join(lines)


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("coprod serve did not stop on SIGTERM")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    yield from start_server(tmp_path_factory.mktemp("serve"), "Browser test")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def artifacts():
    shutil.rmtree(ARTIFACTS / "screenshots", ignore_errors=True)
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Visitor:
    """One person's browser tab, recording every request and any dialog a script opens."""

    def __init__(self, browser, server: Server, viewport: dict):
        self.context = browser.new_context(viewport=viewport)
        # Every request the Content-Security-Policy refuses is counted (assert_page_is_clean).
        self.context.add_init_script("window.__coprodCsp = []; document.addEventListener("
                                     "'securitypolicyviolation', e => window.__coprodCsp.push("
                                     "e.violatedDirective + ' ' + e.blockedURI));")
        self.page = self.context.new_page()
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.server = server
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_selector("#loading", state="detached")
        return self.page

    def offsite_requests(self) -> list[str]:
        allowed = (self.server.base + "/", self.server.base.replace("http", "ws", 1) + "/", "data:", "blob:")
        return [url for url in self.requests if not url.startswith(allowed)]

    def screenshot(self, name: str):
        """The whole page: Voilà scrolls inside #rendered_cells, so the window is made as
        tall as that content for the picture, then put back."""
        viewport = self.page.viewport_size
        height = self.page.evaluate(
            "() => { const c = document.querySelector('#rendered_cells'); return c ? c.scrollHeight : 0; }")
        self.page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height + 40)})
        self.page.screenshot(path=ARTIFACTS / "screenshots" / f"{name}.png", full_page=True)
        self.page.set_viewport_size(viewport)

    def close(self):
        self.context.close()


@pytest.fixture
def visitor_factory(browser, request):
    made: list[Visitor] = []

    def make(viewport=LAPTOP, on: Server | None = None) -> Visitor:
        # The shared server unless a test names its own (started only when asked for).
        visitor = Visitor(browser, on or request.getfixturevalue("server"), viewport)
        made.append(visitor)
        return visitor

    yield make
    for visitor in made:
        visitor.close()


def assert_page_is_clean(visitor: Visitor) -> None:
    """What every page must hold to: no request off the server, no code, no traceback,
    no script run from what people typed."""
    page = visitor.page
    assert visitor.offsite_requests() == []
    assert visitor.dialogs == []
    assert page.evaluate("window.__coprodCsp || []") == [], "the Content-Security-Policy refused something"
    assert page.locator(".jp-InputArea:visible, .jp-InputArea-editor:visible").count() == 0
    text = page.inner_text("body")
    for marker in ("Traceback", "ipykernel", "NameError", "ModuleNotFoundError", "File \"/"):
        assert marker not in text, f"{marker!r} is visible on the page"


def assert_no_axe_violations(visitor: Visitor, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(visitor.page)
    report = ARTIFACTS / f"axe-{name}.txt"
    report.write_text(results.generate_report() if results.violations_count else "no violations\n")
    assert results.violations_count == 0, results.generate_report()
