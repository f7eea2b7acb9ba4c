"""Arrivals: a room scanning the join QR code, kernels forked from a warm parent or started anew.

What: a real `coprod serve` receives people opening the join link, each a client on its page's
kernel websocket (tests/widget_client.py) that counts its page ready once the page is rendered
and the join form's state has arrived, then joins with a name of its own (the activities shown
in the same page). Two ways of arriving, each on a server of its own:
- at once: --burst pages opened together (the QR code shown, everyone scans);
- spread: --arrivals pages at random times over --over seconds, a few of them (--browsers) real
  Chromium pages at 375 px, timed until the join form can be typed in, as a person sees it.
Each is run with kernels forked from the warm parent (`coprod serve`'s default), the same without
the preheated pool (`--preheat 0`), and started as a new Python each (`--no-fork`, the baseline),
one after the other in one run (--rounds: the second round goes in the other order), since only
figures taken side by side are compared on this noisy machine. One more mode, not run unless
asked: `forked-compiling`, forked kernels with Voilà compiling its page templates again for every
page, as Voilà itself does (coprod serve shares them: coprod/compiled_templates.py).

Reported: time until each page is ready (p50, p95, max), pages refused (503), the time from
"Join" to the activities, kernel starts per arrival (the server's log), the kernels' CPU per
page, and their memory once every spread arrival's page is open: PSS (shared pages counted
once, shared among the processes that share them), all kernels and the warm parent together,
divided by the pages open.

    .venv/bin/python -m bench.arrivals [--burst 40] [--arrivals 100] [--over 60] [--browsers 3]
        [--modes forked,forked-no-pool,usual] [--kinds "at once,spread"] [--rounds 1]
    .venv/bin/python -m bench.arrivals --modes forked,forked-compiling --rounds 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from bench._common import report, summary
from bench._room import KERNEL_COMMANDS, PAGE_SECONDS, Cpu, keep_alive, served
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server
from tests.widget_client import WidgetClient

# How kernels start: forked from the warm parent (coprod serve's default), the same without the
# preheated pool, and a new Python each (today's way before forking, the baseline).
MODES = {"forked": (), "forked-no-pool": ("--preheat", "0"), "usual": ("--no-fork",), "forked-compiling": ()}
DEFAULT_MODES = "forked,forked-no-pool,usual"
# Templates compiled for every page, as Voilà does: a setting of coprod's Voilà application
# (CoprodVoila.share_compiled_templates), given in a Voilà config file since coprod serve has no
# option for it; the server says so in its log, checked, so that the mode is what it claims.
COMPILING = "forked-compiling"
COMPILING_CONFIG = {"CoprodVoila": {"share_compiled_templates": False}}
COMPILING_SAID = "Page templates are compiled again for every page"


@contextlib.contextmanager
def configured(mode: str) -> Iterator[dict[str, str]]:
    """The environment `coprod serve` runs with in ``mode``."""
    if mode != COMPILING:
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="coprod-voila-config-") as folder:
        Path(folder, "voila.json").write_text(json.dumps(COMPILING_CONFIG))
        yield {"JUPYTER_CONFIG_PATH": os.pathsep.join(filter(None, [folder, os.environ.get("JUPYTER_CONFIG_PATH")]))}


@dataclass
class Arrival:
    ready: float | None = None  # seconds from arriving to the join form's state
    joined: float | None = None  # seconds from "Join" to the activities
    refused: bool = False
    failed: str = ""
    client: WidgetClient | None = None


@dataclass
class Run:
    mode: str
    kind: str  # "at once" or "spread"
    arrivals: list[Arrival] = field(default_factory=list)
    browser_ready: list[float] = field(default_factory=list)
    browser_failed: list[str] = field(default_factory=list)
    kernel_starts: int = 0
    cpu_per_page: float = 0.0  # the kernels'
    voila_cpu_per_page: float = 0.0
    bench_cpu_per_page: float = 0.0  # this benchmark's own clients', on the same cores (a room's are phones)
    pss_per_page: float = 0.0


def arrive(server: Server, name: str) -> Arrival:
    """One person: the join page opened, ready, then joined."""
    arrival = Arrival()
    started = time.monotonic()
    try:
        response = requests.get(server.join_url, timeout=PAGE_SECONDS)
        if response.status_code == 503:
            arrival.refused = True
            return arrival
        response.raise_for_status()
        client = WidgetClient(server.base, response.text)
        keep_alive(client)
        form, _ = client.find(client.states(), "JoinForm")
        arrival.ready = time.monotonic() - started
        asked = time.monotonic()
        outcome = client.request(form, {"action": "join", "code": server.code, "name": name})
        if outcome["status"].get("kind") != "saved":
            raise RuntimeError(f"joining failed: {outcome['status']}")
        arrival.joined, arrival.client = time.monotonic() - asked, client
    except Exception as exc:  # a failed arrival is counted, not fatal to the run
        arrival.failed = f"{type(exc).__name__}: {exc}"[:200]
    return arrival


def browser_arrivals(server: Server, times: list[float], began: float, out: list[float], failed: list[str]) -> None:
    """Real pages, as a phone opens them: from asking for the join page to a name field that
    takes typing. One Chromium, a context (a phone of its own) per arrival."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for at in times:
                time.sleep(max(0.0, began + at - time.monotonic()))
                context = browser.new_context(viewport={"width": 375, "height": 740})
                page = context.new_page()
                started = time.monotonic()
                try:
                    page.goto(server.join_url, timeout=PAGE_SECONDS * 1000)
                    page.get_by_label("Your name").first.wait_for(state="visible", timeout=PAGE_SECONDS * 1000)
                    out.append(time.monotonic() - started)
                except Exception as exc:  # counted as failed, with what the page showed
                    shot = Path(tempfile.gettempdir()) / f"arrivals-failed-{len(failed)}.png"
                    page.screenshot(path=shot, full_page=True)
                    failed.append(f"Chromium: {type(exc).__name__} (the page: {shot})")
        finally:
            browser.close()


def kernel_pss(server: Server) -> float:
    """MB of PSS of every kernel process of the server, the warm parent included."""
    total = 0
    for process in psutil.Process(server.process.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if KERNEL_COMMANDS.search(" ".join(process.cmdline())):
                total += process.memory_full_info().pss
    return total / 2**20


def kernel_starts(server: Server) -> int:
    return sum("Kernel started:" in line for line in list(server.output))


def run_one(mode: str, kind: str, args: argparse.Namespace, seed: int) -> Run:
    count = args.burst if kind == "at once" else args.arrivals
    run = Run(mode, kind)
    rng = random.Random(seed)
    with configured(mode) as environment, \
            served(f"Arrivals {mode} {kind}", max_pages=count + 20, args=MODES[mode],
                   environment=environment) as server:
        time.sleep(args.settle)  # the preheated pool and the warm parent ready, as before a session
        if (mode == COMPILING) != any(COMPILING_SAID in line for line in list(server.output)):
            raise SystemExit(f"{mode}: the server did not compile templates as this mode asks")
        starts_before, cpu = kernel_starts(server), Cpu(server)
        times = [0.0] * count if kind == "at once" else sorted(rng.uniform(0, args.over) for _ in range(count))
        in_browser = set(rng.sample(range(count), min(args.browsers, count))) if kind == "spread" else set()
        began = time.monotonic()
        browser = threading.Thread(target=browser_arrivals,
                                   args=(server, [times[i] for i in sorted(in_browser)], began, run.browser_ready,
                                         run.browser_failed))
        browser.start()

        def scheduled(index: int) -> Arrival:
            time.sleep(max(0.0, began + times[index] - time.monotonic()))
            return arrive(server, f"Person {index + 1:03}")

        with ThreadPoolExecutor(max_workers=count) as pool:
            run.arrivals = list(pool.map(scheduled, [i for i in range(count) if i not in in_browser]))
        browser.join()
        if server.process.poll() is not None:  # its figures mean nothing: say why, from its own log
            print(f"{mode}, {kind}: the server ended during the run (exit status {server.process.returncode}); "
                  "its last lines:\n" + "".join(list(server.output)[-40:]), flush=True)
        open_pages = sum(a.client is not None for a in run.arrivals)
        cores, wall = cpu.cores(), time.monotonic() - cpu.started
        run.cpu_per_page = cores["kernels"] * wall / max(1, count)
        run.voila_cpu_per_page = cores["Voilà"] * wall / max(1, count)
        run.bench_cpu_per_page = cores["bench"] * wall / max(1, count)
        run.kernel_starts = kernel_starts(server) - starts_before
        run.pss_per_page = kernel_pss(server) / max(1, open_pages)
        for arrival in run.arrivals:
            if arrival.client is not None:
                arrival.client.close()
    return run


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=40, help="pages opened at once")
    parser.add_argument("--arrivals", type=int, default=100, help="pages opened at random times over --over")
    parser.add_argument("--over", type=float, default=60.0, help="seconds the spread arrivals take")
    parser.add_argument("--browsers", type=int, default=3, help="spread arrivals that are real Chromium pages")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of both modes, alternating their order")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds between the server's start and arrivals")
    parser.add_argument("--kinds", default="at once,spread", help="'at once', 'spread' or both, comma-separated")
    parser.add_argument("--modes", default=DEFAULT_MODES, help=f"comma-separated, of: {', '.join(MODES)}")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    runs: list[Run] = []
    for number in range(args.rounds):
        chosen = [m.strip() for m in args.modes.split(",")]
        modes = chosen if number % 2 == 0 else list(reversed(chosen))
        for kind in [k.strip() for k in args.kinds.split(",")]:
            for mode in modes:
                runs.append(run_one(mode, kind, args, seed=number))
                print(f"done: {mode}, {kind}", flush=True)
    show(runs, args)


def show(runs: list[Run], args: argparse.Namespace) -> None:
    rows, notes = [], []
    for run in runs:
        ready = summary([a.ready for a in run.arrivals if a.ready is not None])
        joined = summary([a.joined for a in run.arrivals if a.joined is not None])
        browser = summary(run.browser_ready)
        count = len(run.arrivals) + len(run.browser_ready)
        rows.append([run.kind, run.mode, count, ready["p50"], ready["p95"], ready["max"],
                     sum(a.refused for a in run.arrivals), sum(bool(a.failed) for a in run.arrivals),
                     joined["p95"], browser["p95"] if run.browser_ready else "-",
                     round(run.kernel_starts / max(1, count), 2), run.cpu_per_page, run.voila_cpu_per_page,
                     run.bench_cpu_per_page, run.pss_per_page])
        notes += [f"{run.mode}, {run.kind}: {a.failed}" for a in run.arrivals if a.failed][:3]
        notes += [f"{run.mode}, {run.kind}: {failure}" for failure in run.browser_failed]
    for kind in ("at once", "spread"):
        pair = {run.mode: run for run in runs if run.kind == kind}
        if {"forked", "usual"} <= pair.keys():
            p95 = {mode: summary([a.ready for a in r.arrivals if a.ready is not None])["p95"]
                   for mode, r in pair.items()}
            notes.append(f"{kind}: ready p95, usual / forked = {p95['usual'] / p95['forked']:.1f}x")
        compared = {mode: [run for run in runs if run.kind == kind and run.mode == mode]
                    for mode in ("forked", COMPILING)}
        if all(compared.values()):  # every round's runs, averaged
            voila = {mode: statistics.mean(r.voila_cpu_per_page for r in rs) for mode, rs in compared.items()}
            ready = {mode: statistics.mean(summary([a.ready for a in r.arrivals if a.ready is not None])["p95"]
                                           for r in rs) for mode, rs in compared.items()}
            notes.append(f"{kind}: templates compiled per page / shared ({len(compared['forked'])} run(s) each): "
                         f"Voilà CPU a page {voila[COMPILING]:.3f} / {voila['forked']:.3f} s = "
                         f"{voila[COMPILING] / voila['forked']:.2f}; ready p95 {ready[COMPILING]:.2f} / "
                         f"{ready['forked']:.2f} s = {ready[COMPILING] / ready['forked']:.2f}")
    report(f"Arrivals: {args.burst} at once; {args.arrivals} over {args.over:.0f} s",
           ["arrivals", "kernels", "pages", "ready p50 s", "ready p95 s", "ready max s", "503", "failed",
            "join p95 s", "Chromium p95 s", "kernel starts/page", "kernel CPU s/page", "Voilà CPU s/page",
            "bench clients CPU s/page", "PSS MB/page"], rows, notes)


if __name__ == "__main__":
    main()
