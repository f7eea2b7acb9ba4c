"""Board latency (target #4): a participant posts a note, the facilitator's console shows it.

What: 30 participants (--participants) on a real `coprod serve`, each a client on its page's
kernel websocket (tests/widget_client.py), post notes in Activity 1 (add, then "post to the
board"), each with a unique text. The facilitator's console, another such client, shows
Activity 1's board; a reader thread on its websocket notes when each text first appears in
the board's HTML. Latency is that moment minus the moment the participant's page was told
"Posted to the board." (its status update). Two rounds: paced (each participant waits 0.5-2 s
before each post, --pace) and burst (everyone posts all their notes at once).

Against what: an absolute target, no baseline: p95 <= 1.5 s, and no post that never shows.

    .venv/bin/python -m bench.board_latency [--participants 30] [--posts 3] [--mode both]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench._common import percentile, report, summary
from bench._room import (
    ACTIVITY_1_QUESTIONS,
    Cpu,
    Drain,
    activity_1_notes,
    board_on_console,
    database,
    describe,
    open_all,
    open_page,
    personal_links,
    served,
)
from tests.browser.conftest import Server
from tests.widget_client import WidgetClient

POST_LIMIT = 2  # Activity 1 lets a person post two responses to each question
TARGET_P95 = 1.5


# --- the facilitator's board ----------------------------------------------------------------


class BoardWatch:
    """Reads the console's websocket and notes when each awaited text first shows on the board."""

    def __init__(self, client: WidgetClient, board: str):
        self.board = board
        self.seen: dict[str, float] = {}
        self.redraws: list[float] = []  # when the board's HTML arrived
        self.size = 0  # of the largest HTML, in characters
        self._awaited: set[str] = set()
        self._lock = threading.Lock()
        self._drain = Drain(client, self._message)

    def expect(self, texts: list[str]) -> None:
        """Look for these from now on (before they are posted, so that none can be missed)."""
        with self._lock:
            self._awaited |= set(texts)

    def _message(self, message: dict, at: float) -> None:
        content = message.get("content", {})
        data = content.get("data", {})
        if message.get("msg_type") != "comm_msg" or content.get("comm_id") != self.board \
                or data.get("method") not in ("update", "echo_update") or "value" not in data.get("state", {}):
            return
        html = data["state"]["value"]
        with self._lock:
            self.redraws.append(at)
            self.size = max(self.size, len(html))
            for found in [t for t in self._awaited if t in html]:
                self.seen[found] = at
                self._awaited.discard(found)

    def missing(self, texts: list[str]) -> list[str]:
        with self._lock:
            return [t for t in texts if t not in self.seen]

    def stop(self) -> None:
        self._drain.stop()


# --- the participants ------------------------------------------------------------------------


@dataclass
class Poster:
    """One participant's page, on Activity 1, posting notes."""

    name: str
    client: WidgetClient
    notes: str  # the Notes widget's comm id
    nonce: int = 0
    sent_at: dict[str, float] = field(default_factory=dict)  # text -> when its post was sent
    posted_at: dict[str, float] = field(default_factory=dict)  # text -> when "Posted" came back
    refused: list[str] = field(default_factory=list)

    def add(self, question: str, text: str) -> str:
        """Add a note (not on the board yet); its response id."""
        self.nonce += 1
        changed = self.client.request(self.notes, {"action": "add", "question": question, "text": text,
                                                   "nonce": self.nonce}, self.nonce)
        if changed["status"]["kind"] != "saved":
            raise RuntimeError(f"{self.name} could not add a note: {changed['status']}")
        return next(r["id"] for r in changed["value"] if r["text"] == text)

    def post(self, response: str, text: str, posted: bool = True) -> None:
        sent = time.monotonic()
        changed = self.client.request(self.notes, {"action": "post", "id": response, "posted": posted})
        if not posted:
            return
        if changed["status"]["kind"] == "saved":
            self.sent_at[text], self.posted_at[text] = sent, time.monotonic()
        else:
            self.refused.append(text)


def open_poster(base: str, name: str, link: str) -> Poster:
    client = open_page(base, link).client
    return Poster(name, client, activity_1_notes(client))


def notes_for(poster: Poster, round_name: str, posts: int) -> list[tuple[str, str]]:
    """(question, text) for each note of a round: questions taken in turn, texts unique."""
    return [(ACTIVITY_1_QUESTIONS[k % 2], f"{poster.name} {round_name} note {k + 1} {secrets.token_hex(4)}")
            for k in range(posts)]


# --- one round ---------------------------------------------------------------------------------


@dataclass
class Round:
    name: str
    latencies: list[float]  # acknowledged -> shown on the console, seconds
    round_trips: list[float]  # post sent -> acknowledged
    taps: list[float]  # post sent -> shown on the console: what the person sees
    posted: int
    missing: int
    refused: int
    seconds: float
    cores: dict[str, float]
    redraws: int
    load: float


def run_round(name: str, server: Server, posters: list[Poster], watch: BoardWatch, *, posts: int,
              pace: tuple[float, float] | None, wait: float, rng: random.Random) -> Round:
    """Every participant posts ``posts`` notes, paced or all at once, then the round's notes are
    taken off the board again (unmeasured), so that the next round is within the post limit."""
    plans = {p.name: notes_for(p, name, posts) for p in posters}
    ids = each(posters, lambda p: [p.add(q, t) for q, t in plans[p.name]])
    watch.expect([t for plan in plans.values() for _, t in plan])
    start = threading.Barrier(len(posters) + 1)
    delays = {p.name: [rng.uniform(*pace) if pace else 0.0 for _ in range(posts)] for p in posters}

    def post_all(poster: Poster) -> None:
        start.wait()
        for (_, text), response, delay in zip(plans[poster.name], ids[poster.name], delays[poster.name], strict=True):
            time.sleep(delay)  # a person reading, choosing, tapping
            poster.post(response, text)

    redraws_before = len(watch.redraws)
    with ThreadPoolExecutor(max_workers=len(posters)) as pool:
        running = [pool.submit(post_all, p) for p in posters]
        start.wait()
        cpu, began = Cpu(server), time.monotonic()
        for future in running:
            future.result()
    acknowledged = [t for p in posters for _, t in plans[p.name] if t in p.posted_at]
    deadline = time.monotonic() + wait
    while watch.missing(acknowledged) and time.monotonic() < deadline:
        time.sleep(0.05)
    seconds, cores = time.monotonic() - began, cpu.cores()
    posted_at = {t: at for p in posters for t, at in p.posted_at.items()}
    sent_at = {t: at for p in posters for t, at in p.sent_at.items()}
    shown = [t for t in acknowledged if t in watch.seen]
    result = Round(name, [watch.seen[t] - posted_at[t] for t in shown],
                   [posted_at[t] - sent_at[t] for t in acknowledged], [watch.seen[t] - sent_at[t] for t in shown],
                   len(acknowledged), len(watch.missing(acknowledged)),
                   sum(len(p.refused) for p in posters), seconds, cores, len(watch.redraws) - redraws_before,
                   os.getloadavg()[0])
    each(posters, lambda p: [p.post(r, t, posted=False) for (_, t), r in zip(plans[p.name], ids[p.name], strict=True)])
    return result


def each(posters: list[Poster], do: Callable[[Poster], list]) -> dict[str, list]:
    """``do`` for every participant at once, unmeasured (writing the notes before a round, taking
    them off the board after it); what each returned, by name."""
    with ThreadPoolExecutor(max_workers=len(posters)) as pool:
        return dict(zip([p.name for p in posters], pool.map(do, posters), strict=True))


# --- the run -----------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.board_latency", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--posts", type=int, default=3, choices=range(1, 2 * POST_LIMIT + 1),
                        help="notes each participant posts per round (Activity 1 allows 4 on the board)")
    parser.add_argument("--mode", choices=("both", "paced", "burst"), default="both")
    parser.add_argument("--pace", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"),
                        help="seconds a paced participant waits before each post (uniform)")
    parser.add_argument("--wait", type=float, default=20.0,
                        help="seconds to wait, after the last post, for the board to show the rest")
    parser.add_argument("--open-at-once", type=int, default=6, help="pages opened at the same time")
    parser.add_argument("--database", help="a database URL, or 'postgres' for $COPROD_TEST_POSTGRES_URL "
                                           "(a fresh schema); default: a new SQLite file")
    parser.add_argument("--seed", type=int, default=4)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    rng = random.Random(args.seed)
    rounds = {"both": ("paced", "burst"), "paced": ("paced",), "burst": ("burst",)}[args.mode]
    with database(args.database) as url, served("Board latency", database_url=url,
                                                max_pages=max(60, args.participants + 5)) as server:
        opened = time.monotonic()
        console, board = board_on_console(server, 1)
        watch = BoardWatch(console.client, board)
        links = personal_links(server, args.participants)
        posters = open_all(lambda link: open_poster(server.base, *link), links, args.open_at_once)
        opened = time.monotonic() - opened
        try:
            results = [run_round(name, server, posters, watch, posts=args.posts, wait=args.wait, rng=rng,
                                 pace=tuple(args.pace) if name == "paced" else None) for name in rounds]
        finally:
            watch.stop()
            for poster in posters:
                poster.client.close()
        show(results, args, url or "SQLite", opened, watch)


def show(results: list[Round], args: argparse.Namespace, database_name: str, opened: float, watch: BoardWatch) -> None:
    rows = []
    for r in results:
        shown, trips, taps = summary(r.latencies), summary(r.round_trips), summary(r.taps)
        rows.append([r.name, r.posted, r.missing, r.refused, shown["p50"], shown["p95"], shown["max"],
                     "yes" if shown["p95"] <= TARGET_P95 and r.missing == 0 else "NO",
                     trips["p50"], trips["p95"], taps["p50"], taps["p95"], f"{r.seconds:.0f}", r.redraws,
                     f"{r.cores['server']:.2f}", f"{r.cores['bench']:.2f}", f"{r.load:.1f}"])
    everything = [x for r in results for x in r.latencies]
    pace = f"{args.pace[0]:g}-{args.pace[1]:g} s before each post"
    report(f"Board latency: {args.participants} participants posting, the console's board showing it",
           ["round", "posts acked", "never shown", "refused", "shown p50 s", "shown p95 s", "shown max s",
            f"p95 <= {TARGET_P95} s", "ack p50 s", "ack p95 s", "tap->board p50 s", "tap->board p95 s",
            "round s", "board redraws", "server cores", "bench cores", "load"], rows,
           notes=[f"Database: {'PostgreSQL' if database_name.startswith('postgresql') else 'SQLite'}. "
                  f"Each participant posts {args.posts} notes per round (paced: {pace}; burst: all at once). "
                  "'shown' = the first board HTML on the console's websocket containing the text, minus the moment "
                  "the participant's page got 'Posted to the board.' (the target's measure); 'ack' = post sent -> "
                  "that status; 'tap->board' = post sent -> shown, what the person sees. 'never shown' counts "
                  f"acknowledged posts absent after {args.wait:g} s more. All rounds: shown p50 "
                  f"{percentile(everything, 50):.3g} s, p95 {percentile(everything, 95):.3g} s.",
                  f"{args.participants} pages and the console opened in {opened:.0f} s "
                  f"({args.open_at_once} at a time); the board's HTML at its largest: {watch.size:,} characters. "
                  "'cores': CPU seconds per second during the round (server: coprod serve + Voilà + kernels; "
                  "bench: this process, on the same 2 cores); 'load': the machine's 1-minute load average at the "
                  "round's end (other work shares the 2 cores).",
                  *[f"Cores by process, {r.name}: {describe(r.cores)}." for r in results]])


if __name__ == "__main__":
    main()
