"""A class (target #5): 30 participants at once, each doing a scripted activity on its own page.

What: 30 clients (--participants) on a real `coprod serve`, each a client on its page's
kernel websocket speaking the widget protocol (tests/widget_client.py), open their pages at
once, then each runs the same script with think time between steps (--think): notes added in
Activity 1 (Notes 'add'), then My notes saved again and again (TextEntry 'save'), --saves in
all, every text unique. Each step is timed from the message sent to the status update that
acknowledges it. The facilitator's console is open on Activity 1's board meanwhile, as in a
workshop (--no-console to leave it out). At the end the answers stored in the database are
counted against those acknowledged.

Against what: absolute targets, no baseline: 0 answers lost (acknowledged, not stored), and
save acknowledged p95 <= 300 ms. Also reported: refused saves, the page-open time (GET of the
page, which starts its kernel, plus every widget's state over the websocket), and the server's
CPU, by process, with every page open and nobody acting, then while the scripts run.

    .venv/bin/python -m bench.class_of_30 [--participants 30] [--saves 20] [--think 2]
    .venv/bin/python -m bench.class_of_30 --database postgres   # eval "$(scripts/start-test-postgres)" first
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import websocket

from bench._common import report, summary
from bench._room import (
    ACTIVITY_1,
    ACTIVITY_1_QUESTIONS,
    Cpu,
    Drain,
    activity_1_notes,
    board_on_console,
    database,
    describe,
    go,
    open_all,
    open_page,
    personal_links,
    served,
    wait_quiet,
)
from coprod.participant import NOTES
from coprod.store import Store
from tests.browser.conftest import Server
from tests.widget_client import WidgetClient

TASK = "know-questions"  # Activity 1's questions, whose notes are stored under it
TARGET_P95 = 0.300


@dataclass
class Step:
    kind: str  # "add" (a note in Activity 1) or "save" (My notes)
    text: str
    seconds: float = 0.0  # sent -> acknowledged, or refused
    outcome: str = ""  # "saved", "refused", or "no answer"


@dataclass
class Pupil:
    """One participant: their page, and the script's steps as they went."""

    name: str
    link: str
    client: WidgetClient | None = None
    opened: float = 0.0  # seconds to open the page
    steps: list[Step] = field(default_factory=list)
    nonce: int = 0
    failed: str = ""

    def open(self, base: str) -> Pupil:
        try:
            page = open_page(base, self.link)
        except Exception as exc:  # the room full, or the page too slow: counted, the class goes on
            self.failed = f"could not open the page: {exc!r}"
            return self
        self.client, self.opened = page.client, page.seconds
        return self

    def ask(self, comm_id: str, step: Step, content: dict) -> dict:
        """Send one step's action and time it until the status carrying its nonce."""
        self.nonce += 1
        sent = time.monotonic()
        try:
            changed = self.client.request(comm_id, {**content, "nonce": self.nonce}, self.nonce)
        except websocket.WebSocketTimeoutException:  # 60 s without the answer
            step.seconds, step.outcome = time.monotonic() - sent, "no answer"
            self.steps.append(step)
            raise
        step.seconds = time.monotonic() - sent
        step.outcome = "saved" if changed["status"]["kind"] == "saved" else "refused"
        self.steps.append(step)
        return changed

    def run(self, adds: int, saves: int, think: float, rng: random.Random, start: threading.Barrier) -> None:
        """The script: ``adds`` notes in Activity 1, then ``saves`` saves of My notes."""
        try:
            notes = activity_1_notes(self.client)
            start.wait()
            for k in range(adds):
                pause(think, rng)
                step = Step("add", f"{self.name} note {k + 1} {secrets.token_hex(4)}")
                self.ask(notes, step, {"action": "add", "question": ACTIVITY_1_QUESTIONS[k % 2], "text": step.text})
            entry, state = self.client.find(go(self.client, NOTES), "TextEntry", label="My notes")
            shown = state["value"]  # a save carries the text its edit started from, as text.js sends it
            for k in range(saves):
                pause(think, rng)
                step = Step("save", f"{self.name}'s notes, version {k + 1}: {secrets.token_hex(4)}")
                changed = self.ask(entry, step, {"action": "save", "text": step.text, "base": shown})
                shown = changed.get("value", step.text)
        except Exception as exc:  # counted and shown; the others carry on
            self.failed = repr(exc)
            start.abort()


def pause(think: float, rng: random.Random) -> None:
    """A person reading and typing: ``think`` seconds on average, half to one and a half times it."""
    time.sleep(rng.uniform(0.5 * think, 1.5 * think))


# --- what the database holds ------------------------------------------------------------------


def stored_texts(server: Server) -> set[str]:
    """Every text stored for the script's two tasks, every version (each save is a new row)."""
    store = Store(server.database)
    try:
        workshop = store.workshop_by_code(server.code)
        return {a.value["text"] for a in store.history(workshop.id)
                if (a.activity, a.task) in ((ACTIVITY_1, TASK), ("app", NOTES))
                and isinstance(a.value, dict) and isinstance(a.value.get("text"), str)}
    finally:
        store.dispose()


# --- the run -----------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.class_of_30", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--saves", type=int, default=20, help="steps in each participant's script")
    parser.add_argument("--adds", type=float, default=0.25,
                        help="the share of the steps that add notes in Activity 1 (the rest save My notes)")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between two steps")
    parser.add_argument("--open-at-once", type=int, default=0,
                        help="pages opened at the same time (default: all, the class arriving together)")
    parser.add_argument("--no-console", action="store_true", help="without the facilitator's console open")
    parser.add_argument("--database", help="a database URL, or 'postgres' for $COPROD_TEST_POSTGRES_URL "
                                           "(a fresh schema); default: a new SQLite file")
    parser.add_argument("--idle", type=float, default=10.0,
                        help="seconds to measure the server's CPU with every page open and nobody acting")
    parser.add_argument("--seed", type=int, default=5)
    return parser.parse_args()


@dataclass
class Figures:
    """What the run measured besides each step."""

    opening: float = 0.0  # seconds until every page was open
    idle: dict[str, float] = field(default_factory=dict)  # cores, every page open and nobody acting
    scripted: float = 0.0  # seconds the scripts ran
    cores: dict[str, float] = field(default_factory=dict)  # meanwhile
    load: float = 0.0  # the machine's 1-minute load average at the end


def main() -> None:
    args = arguments()
    figures = Figures()
    with database(args.database) as url, served("Class of 30", database_url=url,
                                                max_pages=max(60, args.participants + 5)) as server:
        console = None if args.no_console else Drain(board_on_console(server, 1)[0].client)
        pupils = [Pupil(name, link) for name, link in personal_links(server, args.participants)]
        began = time.monotonic()
        open_all(lambda p: p.open(server.base), pupils, args.open_at_once or len(pupils))
        figures.opening = time.monotonic() - began
        present = [p for p in pupils if p.client is not None]
        figures.idle = idle_cores(server, args.idle)
        run_scripts(server, present, args, figures)
        for pupil in present:
            pupil.client.close()
        if console is not None:
            console.stop()
        stored = stored_texts(server)
    show(pupils, stored, args, url, figures)


def idle_cores(server: Server, seconds: float) -> dict[str, float]:
    """What the open room costs while nobody acts: each page's live feed looking for changes.
    Measured once Voilà has refilled its pool of pre-heated kernels."""
    wait_quiet(server)
    cpu = Cpu(server)
    time.sleep(seconds)
    return cpu.cores()


def run_scripts(server: Server, pupils: list[Pupil], args: argparse.Namespace, figures: Figures) -> None:
    """Every participant's script at once, each in its own thread, started together."""
    adds = round(args.saves * args.adds)
    start = threading.Barrier(len(pupils) + 1)
    with ThreadPoolExecutor(max_workers=len(pupils)) as pool:
        running = [pool.submit(p.run, adds, args.saves - adds, args.think, random.Random(args.seed * 1000 + n),
                               start) for n, p in enumerate(pupils)]
        with contextlib.suppress(threading.BrokenBarrierError):  # a page that failed: shown in the notes
            start.wait()
        cpu, began = Cpu(server), time.monotonic()
        for future in running:
            future.result()
    figures.scripted, figures.cores, figures.load = time.monotonic() - began, cpu.cores(), os.getloadavg()[0]


def show(pupils: list[Pupil], stored: set[str], args: argparse.Namespace, url: str | None, figures: Figures) -> None:
    steps = [s for p in pupils for s in p.steps]
    rows = []
    for kind, label in (("add", "Activity 1: add a note"), ("save", "My notes: save"), (None, "all")):
        mine = [s for s in steps if kind in (None, s.kind)]
        acked = [s for s in mine if s.outcome == "saved"]
        times = summary([s.seconds for s in acked])
        rows.append([label, len(mine), len(acked), sum(s.outcome == "refused" for s in mine),
                     sum(s.outcome == "no answer" for s in mine), sum(s.text not in stored for s in acked),
                     times["p50"] * 1000, times["p95"] * 1000, times["max"] * 1000,
                     "yes" if times["p95"] <= TARGET_P95 and all(s.text in stored for s in acked) else "NO"])
    opened = summary([p.opened for p in pupils if p.client is not None])
    failed = [f"{p.name}: {p.failed}" for p in pupils if p.failed]
    report(f"A class: {args.participants} participants at once, {args.saves} steps each",
           ["steps", "sent", "acked", "refused", "no answer", "lost", "ack p50 ms", "ack p95 ms", "ack max ms",
            f"p95 <= {TARGET_P95 * 1000:.0f} ms, 0 lost"], rows,
           notes=[f"Database: {'PostgreSQL' if (url or '').startswith('postgresql') else 'SQLite'}; "
                  f"facilitator's console {'not open' if args.no_console else 'open on the Activity 1 board'}. "
                  f"Script: {round(args.saves * args.adds)} notes added in Activity 1, then My notes saved "
                  f"{args.saves - round(args.saves * args.adds)} times; {args.think:g} s think time on average "
                  "(uniform, half to one and a half times). 'ack' = message sent -> the status update with its "
                  "nonce; 'lost' = acknowledged but not in the database at the end.",
                  f"Page open (GET, the kernel started and the notebook run, then every widget's state), "
                  f"{len(pupils)} pages, {args.open_at_once or len(pupils)} opened at a time: "
                  f"p50 {opened['p50']:.1f} s, p95 {opened['p95']:.1f} s, max {opened['max']:.1f} s; "
                  f"all open after {figures.opening:.0f} s.",
                  f"CPU seconds per second, every page open and nobody acting ({args.idle:g} s): the server "
                  f"{figures.idle['server']:.2f} ({describe(figures.idle)}).",
                  f"Scripts ran {figures.scripted:.0f} s; CPU seconds per second meanwhile: the server "
                  f"{figures.cores['server']:.2f} ({describe(figures.cores)}); the machine's 1-minute load average "
                  f"at the end {figures.load:.1f} (2 cores, shared with other work).",
                  *([f"Clients that stopped: {'; '.join(failed)}"] if failed else [])])


if __name__ == "__main__":
    main()
