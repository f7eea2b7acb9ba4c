"""Time to interactive of coprod's pages in Chromium, against a bare Voilà page (target #1).

What is measured: from navigation start (the page's own clock, ``performance.now()``) until the
page's main control is visible and enabled, Voilà's loading spinner gone:

- bare: a notebook with one Textarea and one Button in a VBox (the baseline), its textarea;
- join: the participant page opened with the join link (``index.ipynb?code=``), its name field;
- app: the participant app opened with the personal link that joining gives (``?p=``), its
  "Activity N:" heading and its Activities navigation.

All three are served by one Voilà with `coprod serve`'s settings (``voila_command`` and
``voila_environment`` on a temporary copy of coprod/notebooks/ that also holds the bare notebook), so
the ratio coprod/bare is what coprod adds on top of Voilà itself. One change: where those
settings preheat kernels for the participant page only, the bare page is preheated alike.
Cold cache: a new browser context for every load; warm: one context per page, its first load
not counted. Before each load the server is left to go quiet, and the previous page's kernel
is shut down, so every load starts from the same state.

Target: p50(coprod page) / p50(bare page) <= 1.15, cold and warm.

    .venv/bin/python -m bench.page_load [--runs 10] [--voila-arg=--some.Setting=value ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench._common import percentile, report, summary
from coprod.content.loading import DEFAULT_CONTENT_DIR
from coprod.serve import ROOM_PAGES, open_workshop, voila_command, voila_environment
from coprod.store import Store
from coprod.voila_process import NOTEBOOKS, _stop_with_parent, stop_voila, wait_for_port
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, free_port

HOST = "127.0.0.1"
BARE = "bare.ipynb"
PAGE_TIMEOUT_MS = 120_000  # a cold page on a busy 2-core machine can take many seconds
PAGES = ("bare", "join", "app")
TARGET_RATIO = 1.15
PREHEAT = "--VoilaConfiguration.preheat_kernel"
POOL = "--VoilaConfiguration.default_pool_size"
DENYLIST = "--VoilaKernelManager.preheat_denylist"

# Is the page usable? Checked in the page at every DOM change and every frame (see WATCH), so the
# time is taken by the page's clock, not by Playwright's polling from outside.
VISIBLE_JS = ("el => !!el && !el.disabled && el.checkVisibility({visibilityProperty: true}) "
              "&& el.getClientRects().length > 0")
READY_JS = {
    "bare": "() => [document.querySelector('.widget-textarea textarea')]",
    "join": "() => [document.querySelector('.coprod-join input[autocomplete=nickname]')]",
    "app": "() => [document.querySelector('h2.coprod-activity-title'), "
           "document.querySelector('nav[aria-label=Activities] .coprod-nav-item')]",
}

# Installed before any of the page's scripts. The first moment ``ready`` holds is kept in
# window.__benchTti. A MutationObserver catches the DOM change itself (before paint); the frame
# loop catches what changes by style alone (Voilà shows #rendered_cells by a style change).
WATCH = """
(() => {
  performance.setResourceTimingBufferSize(2000);  // JupyterLab's chunks pass the default of 250
  const visible = %(visible)s;
  const controls = %(ready)s;
  const ready = () => !document.getElementById('loading') && controls().every(visible);
  const check = () => {
    if (window.__benchTti === undefined && document.body && ready()) window.__benchTti = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  const frame = () => { check(); if (window.__benchTti === undefined) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();
"""

# What the page's own clock says about the load, read once it is interactive (times in ms).
METRICS_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const files = performance.getEntriesByType('resource');
  const sum = (key) => files.reduce((total, r) => total + (r[key] || 0), 0);
  return {
    tti: window.__benchTti, ttfb: nav.responseStart, html: nav.responseEnd, dcl: nav.domContentLoadedEventEnd,
    requests: files.length + 1, transfer: nav.transferSize + sum('transferSize'),
    decoded: nav.decodedBodySize + sum('decodedBodySize'),
    files: files.map(r => ({url: r.name, transfer: r.transferSize, encoded: r.encodedBodySize,
                            decoded: r.decodedBodySize, start: r.startTime, end: r.responseEnd})),
  };
}
"""


# --- the server -------------------------------------------------------------------------------


@dataclass
class Served:
    """A Voilà run as `coprod serve` runs it, on a copy of coprod/notebooks/ with the bare page added."""

    base: str  # http://127.0.0.1:<port>/voila/render
    code: str
    process: subprocess.Popen
    log: Path
    command: list[str]

    def preheating(self) -> str:
        """Which pages Voilà starts kernels for ahead of visitors, for the report."""
        if not any(arg == f"{PREHEAT}=True" for arg in self.command):
            return "no preheated kernels"
        pool = next((arg.split("=", 1)[1] for arg in self.command if arg.startswith(f"{POOL}=")), "1")
        deny = next((arg.split("=", 1)[1] for arg in self.command if arg.startswith(f"{DENYLIST}=")), "none")
        return f"preheated kernels, pool {pool} per notebook, denylist {deny}"

    def tracebacks(self) -> str:
        """How many tracebacks Voilà (or a kernel) wrote to its log, and their errors: each is worth
        a look (the log goes with the temporary folder)."""
        text = self.log.read_text(errors="replace")
        errors: dict[str, int] = {}
        for block in text.split("Traceback (most recent call last):")[1:]:
            # the exception's line: the first one back at the margin after the indented frames
            line = next((line for line in block.splitlines()[1:] if line and not line[0].isspace()), "?")[:100]
            errors[line] = errors.get(line, 0) + 1
        found = "; ".join(f"{line} (x{count})" for line, count in errors.items())
        return f"{text.count('Traceback')}" + (f": {found}" if found else "")

    def url(self, notebook: str, query: str = "") -> str:
        return f"{self.base}/{notebook}" + (f"?{query}" if query else "")

    def kernels(self) -> list[psutil.Process]:
        """Voilà's kernels: its child processes that run ipykernel."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [p for p in children if _runs_ipykernel(p)]

    def shut_down(self, kernel: str) -> None:
        """DELETE /api/kernels/<id>, with a matching xsrf cookie and header (what Jupyter asks of
        any request that changes something); returns once the kernel has stopped."""
        root = self.base.removesuffix("/voila/render")
        request = urllib.request.Request(f"{root}/api/kernels/{kernel}", method="DELETE",
                                         headers={"Cookie": "_xsrf=bench", "X-XSRFToken": "bench"})
        with urllib.request.urlopen(request, timeout=60):
            pass


def _runs_ipykernel(process: psutil.Process) -> bool:
    try:
        return any("ipykernel" in part for part in process.cmdline())
    except psutil.Error:
        return False


def bare_notebook() -> str:
    """The baseline: the least a Voilà page with widgets can be (one Textarea, one Button)."""
    import nbformat

    source = ("import ipywidgets as w\nfrom IPython.display import display\n\n"
              "display(w.VBox([w.Textarea(placeholder='Write here'), w.Button(description='Save')]))")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source)],
        # the same kernel as index.ipynb, so that both pages start the same process
        metadata={"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}})
    return nbformat.writes(notebook)


def prepare_database(url: str) -> str:
    """What `coprod serve` does before Voilà starts (coprod/serve.py run()); the join code."""
    store = Store(url)
    store.migrate()
    workshop = open_workshop(store, "Benchmark")
    store.dispose()
    return workshop.code


def with_arguments(command: list[str], extra: Sequence[str]) -> list[str]:
    """``extra`` appended; one that names a setting the command already has replaces it instead
    (Voilà stops at a setting given twice)."""
    command = list(command)
    for arg in extra:
        name = arg.split("=", 1)[0]
        same = [i for i, old in enumerate(command) if old.split("=", 1)[0] == name and name.startswith("--")]
        if same:
            command[same[0]] = arg
        else:
            command.append(arg)
    return command


def bare_preheated_too(command: list[str]) -> list[str]:
    """Where coprod's settings preheat its participant page only (a denylist of every other
    notebook), the bare page is preheated alike: the baseline loads under the same settings, or
    the ratio would credit coprod with Voilà's preheating."""
    pages = "|".join(re.escape(page) for page in ("index.ipynb", BARE))
    return [f"{DENYLIST}=['^(?!(.*/)?({pages})$)']" if arg.startswith(f"{DENYLIST}=") else arg for arg in command]


@contextmanager
def serve(voila_args: Sequence[str] = ()) -> Iterator[Served]:
    """Voilà with `coprod serve`'s settings (plus ``voila_args``), a fresh SQLite database and the
    course as it ships; stopped, with its kernels, on the way out."""
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        folder = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        (folder / BARE).write_text(bare_notebook())
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        code = prepare_database(url)
        port = free_port()
        base = f"http://{HOST}:{port}/voila/render"
        command = with_arguments(bare_preheated_too(voila_command(host=HOST, port=port, debug=False, notebooks=folder,
                                                                 pages=(*ROOM_PAGES, BARE))),
                                 voila_args)
        env = voila_environment(url=url, content_dir=DEFAULT_CONTENT_DIR, public_url=base)
        log = Path(tmp) / "voila.log"
        with log.open("w") as out:
            # As run_voila(): no stdin, started in the served folder, stopped if we die.
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                       stderr=subprocess.STDOUT, cwd=folder, preexec_fn=_stop_with_parent)
            try:
                if not wait_for_port(HOST, port, process):
                    raise SystemExit("Voilà did not start:\n" + log.read_text())
                yield Served(base, code, process, log, command)
            finally:
                stop_voila(process)


def settle(served: Served, *, below: float = 15.0, timeout: float = 20.0) -> None:
    """Wait until Voilà and its kernels are quiet (under ``below`` % of one core for two samples
    of 0.25 s): the previous page's kernel shutting down, or a preheated kernel being started,
    must not be counted against the next load."""
    deadline = time.monotonic() + timeout
    calm = 0
    while calm < 2 and time.monotonic() < deadline:
        calm = calm + 1 if _tree_cpu(served.process.pid) < below else 0


def _tree_cpu(pid: int, interval: float = 0.25) -> float:
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for process in tree:
        _cpu(process)  # the first call only starts the count
    time.sleep(interval)
    return sum(_cpu(process) for process in tree)


def _cpu(process: psutil.Process) -> float:
    try:
        return process.cpu_percent(None)
    except psutil.Error:
        return 0.0


# --- the browser ------------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, as the browser tests drive it (Playwright cannot download its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any, page_name: str) -> Any:
    context = browser.new_context(viewport=LAPTOP)  # wide: the Activities list is open, not folded
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.add_init_script(WATCH % {"visible": VISIBLE_JS, "ready": READY_JS[page_name]})
    return context


def join_on(page: Any, served: Served, name: str) -> None:
    """Join the workshop in ``page`` as a participant would (tests/browser/test_journey.py)."""
    page.goto(served.url("index.ipynb", f"code={served.code}"))
    page.wait_for_selector("#loading", state="detached")
    page.get_by_label("Your name (as others will see it)").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name=re.compile(r"^Activity \d+:")).wait_for()


def join(browser: Any, served: Served, name: str = "Bench") -> str:
    """Join once; the personal link the app then shows (coprod/widgets/link.py: it is in the page,
    and put in the address bar)."""
    context = new_context(browser, "join")
    page = context.new_page()
    join_on(page, served, name)
    link = page.locator("a.coprod-link-url").get_attribute("href")
    leave(page, served)
    context.close()
    return link


def leave(page: Any, served: Served) -> None:
    """Navigate away, then shut the page's kernel down, so that every load starts with none left
    running. Voilà's page asks for that itself on ``beforeunload``, but its request is refused
    (403, no _xsrf cookie: Voilà never sets one), so the kernel would run on until culled."""
    kernel = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    page.goto("about:blank")
    served.shut_down(kernel)


@dataclass
class Load:
    """One page load, in ms from navigation start by the page's clock."""

    tti: float
    ttfb: float  # first byte of the HTML: Voilà answers once the kernel's process is launched
    html: float  # last byte of the HTML: the notebook has run (Voilà streams it as cells finish)
    dcl: float
    requests: int
    transfer: int  # bytes over the network (0 for what came from the browser's cache)
    decoded: int
    files: list[dict] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # url -> its response's headers


def load(page: Any, url: str) -> Load:
    headers: dict[str, dict[str, str]] = {}
    listener = lambda response: headers.__setitem__(response.url, response.headers)  # noqa: E731
    page.on("response", listener)
    try:
        page.goto(url, wait_until="commit")  # the page's own clock times the rest
        page.wait_for_function("() => window.__benchTti !== undefined", timeout=PAGE_TIMEOUT_MS)
        metrics = page.evaluate(METRICS_JS)
    finally:
        page.remove_listener("response", listener)
    return Load(**metrics, headers=headers)


def load_cold(browser: Any, served: Served, page_name: str, url: str) -> Load:
    """A new context: nothing cached, as a phone opening the link for the first time."""
    context = new_context(browser, page_name)
    try:
        page = context.new_page()
        measured = load(page, url)
        leave(page, served)
        return measured
    finally:
        context.close()


def load_warm(page: Any, served: Served, url: str) -> Load:
    """The same context again: what its earlier loads cached is used."""
    measured = load(page, url)
    leave(page, served)
    return measured


# --- the runs ---------------------------------------------------------------------------------


def page_urls(served: Served, personal_link: str) -> dict[str, str]:
    return {"bare": served.url(BARE), "join": served.url("index.ipynb", f"code={served.code}"), "app": personal_link}


def measure(browser: Any, served: Served, urls: dict[str, str], runs: int,
            progress: Callable[[str], None]) -> dict[tuple[str, str], list[Load]]:
    """``runs`` loads of each page, cold and warm, alternated in one loop so that whatever else
    the machine is doing slows every page alike; the order rotates each run for the same reason."""
    warm_pages = {}
    for name in PAGES:  # each warm context's first load fills its cache: not counted
        warm_pages[name] = new_context(browser, name).new_page()
        settle(served)
        load_warm(warm_pages[name], served, urls[name])
    loads: dict[tuple[str, str], list[Load]] = {(name, cache): [] for name in PAGES for cache in ("cold", "warm")}
    for run in range(runs):
        order = PAGES[run % len(PAGES):] + PAGES[:run % len(PAGES)]
        for name in order:
            for cache in ("cold", "warm") if run % 2 == 0 else ("warm", "cold"):
                settle(served)
                done = (load_cold(browser, served, name, urls[name]) if cache == "cold"
                        else load_warm(warm_pages[name], served, urls[name]))
                loads[name, cache].append(done)
                progress(f"run {run + 1}/{runs} {name:4} {cache}: {done.tti:.0f} ms")
    for page in warm_pages.values():
        page.context.close()
    return loads


def kernel_start_seconds(times: int = 3) -> list[float]:
    """Starting a python3 kernel until it answers kernel_info, outside Voilà: what each page waits
    for first when no preheated kernel is ready (Voilà starts one kernel per page)."""
    from jupyter_client.manager import start_new_kernel

    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - started)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return seconds


def timing_rows(loads: dict[tuple[str, str], list[Load]]) -> list[list[object]]:
    rows = []
    for (name, cache), done in loads.items():
        tti = summary([d.tti for d in done])
        bare = percentile([d.tti for d in loads["bare", cache]], 50)
        ratio = tti["p50"] / bare if name != "bare" else 1.0
        # Each run loads every page within seconds: a ratio taken run by run is less swayed by the
        # machine's load drifting over the minutes of the whole benchmark.
        paired = percentile([d.tti / b.tti for d, b in zip(done, loads["bare", cache], strict=True)], 50)
        rows.append([name, cache, tti["n"], tti["p50"], tti["p95"], ratio, paired,
                     percentile([d.ttfb for d in done], 50), percentile([d.html for d in done], 50),
                     percentile([d.dcl for d in done], 50), percentile([d.requests for d in done], 50),
                     percentile([d.transfer / 1024 for d in done], 50)])
    return rows


def request_rows(loads: dict[tuple[str, str], list[Load]]) -> list[list[object]]:
    """Each page's first measured load, cold and warm: what was fetched, and (warm) what the
    browser's cache answered without the server or with a 304. Sizes and compression come from
    the cold load only: a warm load's files from Chromium's memory cache carry neither."""
    rows = []
    for name in PAGES:
        for cache in ("cold", "warm"):
            first = loads[name, cache][0]
            cached = [f for f in first.files if f["transfer"] == 0]
            # a 304 is headers alone: a few hundred bytes for a body that was kept
            revalidated = [f for f in first.files if 0 < f["transfer"] < min(1024, f["encoded"])]
            rows.append([name, cache, first.requests, len(cached), len(revalidated), first.transfer / 1024,
                         *(_cold_columns(first) if cache == "cold" else ["", "", ""])])
    return rows


def _cold_columns(first: Load) -> list[object]:
    """KB decoded, how many compressible files came compressed, and the three largest files."""
    compressible = [f for f in first.files if re.search(r"\.(js|css|json|html|svg)(\?|$)", f["url"])]
    compressed = [f for f in compressible if first.headers.get(f["url"], {}).get("content-encoding")]
    largest = sorted(first.files, key=lambda f: -f["decoded"])[:3]
    return [first.decoded / 1024, f"{len(compressed)}/{len(compressible)}",
            "; ".join(f"{_short(f['url'])} {f['decoded'] / 1024:.0f} KB" for f in largest)]


def cache_headers(loads: dict[tuple[str, str], list[Load]]) -> str:
    """The Cache-Control headers the static files came with (cold load of the join page)."""
    found: dict[str, int] = {}
    for url, headers in loads["join", "cold"][0].headers.items():
        if "/static/" in url:
            key = headers.get("cache-control", "(none)")
            found[key] = found.get(key, 0) + 1
    return "; ".join(f"{key!r} x{count}" for key, count in sorted(found.items(), key=lambda kv: -kv[1]))


def _short(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0][-48:]


def load_average(before: float) -> str:
    """The machine's 1-minute load average before and after: on 2 cores, well above 2 means other
    work competed with the pages, and the ratio (taken side by side) is worth more than the times."""
    return f"Load average (1 min) before/after: {before:.1f}/{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."


def source_state() -> str:
    """The commit measured, and whether coprod/ differed from it (work in progress is measured too)."""
    root = Path(__file__).resolve().parents[1]
    git = lambda *args: subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout.strip()  # noqa: E731
    changed = git("status", "--porcelain", "coprod", "notebooks")
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}" + (" with uncommitted changes" if changed else "")


def served_arguments(doc: str, each: str) -> argparse.ArgumentParser:
    """The options of a bench that serves pages with `coprod serve`'s Voilà settings and measures
    them one by one (this one and bench/switch.py); ``each`` names what a progress line is for."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--voila-arg", action="append", default=[], metavar="ARG",
                        help="added to coprod serve's Voilà command, replacing the same setting if it has it "
                             "(repeat it); write it as --voila-arg=--X=Y")
    parser.add_argument("--quiet", action="store_true", help=f"no line per {each}")
    return parser


def progress_lines(quiet: bool) -> Callable[[str], None]:
    """Where a line per measure goes: stderr, so that stdout is the tables alone."""
    return (lambda _line: None) if quiet else (lambda line: print(line, file=sys.stderr, flush=True))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = served_arguments(__doc__, "load")
    parser.add_argument("--runs", type=int, default=10, help="measured loads of each page, cold and warm")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    progress = progress_lines(args.quiet)
    busy = os.getloadavg()[0]
    kernel_start = kernel_start_seconds()
    with serve(args.voila_arg) as served, chromium() as browser:
        started = time.perf_counter()
        urls = page_urls(served, join(browser, served))
        loads = measure(browser, served, urls, args.runs, progress)
        elapsed = time.perf_counter() - started
        settle(served)
        left = len(served.kernels())
        tracebacks = served.tracebacks()
    notes = [
        f"Target: p50 coprod / p50 bare <= {TARGET_RATIO} (column 'x bare'; 'x bare paired': the p50 of the "
        "ratios taken run by run). Times in ms from navigation start; with 10 runs, p95 is the slowest.",
        "TTFB: first byte of the HTML (without preheating, Voilà answers once the page's kernel process is "
        "launched); HTML done: the notebook has run; DCL: DOMContentLoaded; reqs and KB: p50 per load until "
        "interactive (KB over the network: 0 for what came from the browser's cache).",
        f"Kernel start outside Voilà (start_new_kernel until kernel_info), p50 of {len(kernel_start)}: "
        f"{percentile(kernel_start, 50) * 1000:.0f} ms.",
        f"Served with coprod serve's Voilà settings at {source_state()}; {served.preheating()}; "
        f"arguments added: {' '.join(args.voila_arg) or 'none'}.",
        f"Kernels running after the loads (preheated ones included): {left}. Tracebacks in Voilà's log: "
        f"{tracebacks}. Wall time: {elapsed:.0f} s. "
        + load_average(busy),
    ]
    report("Page load: time to interactive (ms)",
           ["page", "cache", "n", "p50", "p95", "x bare", "x bare paired", "TTFB", "HTML done", "DCL", "reqs",
            "KB"],
           timing_rows(loads), notes)
    report("Page load: what one load fetched (the first measured)",
           ["page", "cache", "requests", "from cache", "304", "KB transferred", "KB decoded", "compressed",
            "largest"],
           request_rows(loads), [f"Static files' Cache-Control: {cache_headers(loads)}."])


if __name__ == "__main__":
    main()
