"""Writing together (issue 17): 5 writers in each of 6 groups type into their group's scenario
at once.

    .venv/bin/python -m bench.writing_together [--groups 6] [--writers 5] [--seconds 60] [--rounds 1]
                                               [--database postgres]

Each writer is a thread with a store of its own (as each page's kernel has its own connections)
that plays a page as coprod/widgets/static/text.js does: it types words at its cursor (0.05-0.25 s
a letter, 0.3-1.5 s between words), saves 0.6 s after a pause, at most once in 1.2 s and at
least every 2 s while typing, through ``Store.save_merged`` with the text it started from, and
takes the merged text into its box, moving its cursor through the merge's edits. It looks at the
workshop's version as the page's live feed does (coprod/boards.py) and, when it changed, reads the
text and folds the others' changes into its box as text.js does: at once, unless they touch what
its person typed since the last save (then its next save merges them).

Two paces are run one after the other, each on a new database, ``--rounds`` times, alternating,
so that the machine's noise hits both:

- before: the pace of the code before this benchmark's second version: the feed looks once a
  second, and a page saves only on a pause or every 2 s;
- now: the feed looks at group texts four times a second (boards.LIVE_SECONDS), a finished
  word (a space or a sign typed after it) is saved as soon as the 1.2 s gap allows, and the 2 s
  of typing on count from the first key not saved (so a page does not save a word's first letter
  alone as soon as its person starts typing).

What is measured, for each:

- a word's delay: from its last letter typed until every page of the group shows it (p50, p95);
- agreement: once everyone stops typing, the time until every page of each group shows the same
  text (p95 over the groups), and that every word typed is in it;
- the store: rows and bytes added per minute (SQLite: the database file once its WAL is
  checkpointed; PostgreSQL: the answers table), and each person's saves a second against the
  save budget's refill (1 a second, 200 at once);
- CPU per page: the CPU time of each writer's thread (its saves, merges and looks: the store's
  work a page's kernel does for it; the typing played here costs little) per minute.

The transport between a browser and its kernel (a websocket, Voilà) is not in these figures:
tests/browser/test_writing_together.py measures it with three real phones' pages.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._common import percentile, report
from bench._room import database
from coprod.boards import LIVE_SECONDS
from coprod.merge import splices
from coprod.store import Store

KEY = ("writing-together", "scenario", "text")
IDLE, GAP, EVERY = 0.6, 1.2, 2.0
WORD_END = re.compile(r"\w$")


@dataclass(frozen=True)
class Pace:
    name: str
    look: float  # seconds between the live feed's looks
    word_saves: bool  # a finished word is saved as soon as the gap allows


PACES = (Pace("before", 1.0, False), Pace("now", LIVE_SECONDS, True))


def map_position(p: int, edits: list[list], text: str) -> int:
    """text.js's mapPosition (positions are str indices here: the words typed are ASCII)."""
    shift = 0
    for a, b, ins in edits:
        if b < p or (b == p and a < b):
            shift += len(ins) - (b - a)
        elif a < p:
            return a + shift + len(ins)
        elif a == p == b and re.match(r"\w", ins):
            shift += len(ins)
        else:
            break
    return p + shift


def one_edit(a: str, b: str) -> list:
    """text.js's oneEdit: the one change from ``a`` to ``b``, as [start, end, inserted] on ``a``."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    return [start, end_a, b[start:end_b]]


def apply_edits(text: str, edits: list[list]) -> str:
    for a, b, ins in reversed(edits):
        text = text[:a] + ins + text[b:]
    return text


@dataclass
class Page:
    store: Store
    person: object
    name: str
    rng: random.Random
    pace: Pace
    box: str = ""
    base: str = ""
    cursor: int = 0
    typed: dict[str, float] = field(default_factory=dict)  # word -> when its last letter was typed
    saves: int = 0
    last_save: float = 0.0
    last_key: float = 0.0
    last_look: float = 0.0
    seen: tuple | None = None  # the workshop's version at the last look
    word_done: bool = False
    first_key: float = 0.0  # when the first key not yet saved was typed (0: none)
    done: bool = False
    cpu: float = 0.0  # the CPU seconds its thread used
    lock: threading.Lock = field(default_factory=threading.Lock)

    def adopt(self, text: str, edits: list[list]) -> None:
        mid_word = re.search(r"\w$", self.box[:self.cursor]) is not None
        self.cursor = map_position(self.cursor, edits, self.box)
        if not mid_word and re.search(r"\w$", text[:self.cursor]):
            text = f"{text[:self.cursor]} {text[self.cursor:]}"  # text.js keeps the next word apart
            self.cursor += 1
        self.box = text

    def fold(self, to: str, edits: list[list]) -> bool:
        """text.js's fold: the others' changes (``edits`` on the base) into the box, unless they
        touch what was typed since the base. Called holding the lock."""
        if self.box == self.base:
            self.adopt(to, edits)
            self.base = to
            return True
        ls, le, typed = one_edit(self.base, self.box)
        shift = len(typed) - (le - ls)
        moved = []
        for a, b, ins in edits:
            if a > le:
                moved.append([a + shift, b + shift, ins])
            elif b < ls:
                moved.append([a, b, ins])
            else:
                return False
        self.adopt(apply_edits(self.box, moved), moved)
        self.base = to
        return True

    def save(self) -> None:
        sent = self.box
        self.word_done = False
        self.first_key = 0.0
        _, value = self.store.save_merged(self.person, *KEY, {"text": sent}, base={"text": self.base},
                                          scope="group")
        merged = value["text"]
        with self.lock:
            self.adopt(merged, splices(sent, merged))
            self.base = merged
        self.saves += 1
        self.last_save = time.monotonic()

    def look(self) -> None:
        """The live feed's look: the version, and the text when it changed (TextEntry.refresh)."""
        self.last_look = time.monotonic()
        version = self.store.version(self.person.workshop_id)
        if version == self.seen:
            return
        self.seen = version
        current = self.store.current(self.person.workshop_id, KEY[0], KEY[1], scope="group",
                                     owner_id=self.person.group_id)
        text = current[-1].value["text"] if current else ""
        with self.lock:
            if text != self.base:
                self.fold(text, splices(self.base, text))

    def type_word(self, word: str) -> None:
        for k, letter in enumerate(word + " "):
            if k == len(word):
                self.typed[word] = time.monotonic()  # its last letter is in the box
            with self.lock:
                self.box = self.box[:self.cursor] + letter + self.box[self.cursor:]
                self.cursor += 1
                if not WORD_END.search(letter) and WORD_END.search(self.box[:self.cursor - 1]):
                    self.word_done = True
            self.last_key = time.monotonic()
            self.first_key = self.first_key or self.last_key
            self.tick()
            time.sleep(self.rng.uniform(0.05, 0.25))

    def tick(self) -> None:
        now = time.monotonic()
        dirty = self.box != self.base
        every = (self.first_key and now - self.first_key >= EVERY) if self.pace.word_saves \
            else now - self.last_save >= EVERY
        due = now - self.last_key >= IDLE or every or (self.pace.word_saves and self.word_done)
        if dirty and now - self.last_save >= GAP and due:
            self.save()
        elif now - self.last_look >= self.pace.look:
            self.look()


def run_group(pages: list[Page], seconds: float, agreed: dict, seen: dict,
              stop: threading.Event) -> list[threading.Thread]:
    def writer(page: Page) -> None:
        n = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            n += 1
            page.type_word(f"{page.name}w{n}")
            pause = time.monotonic() + page.rng.uniform(0.3, 1.5)
            while time.monotonic() < pause:
                page.tick()
                time.sleep(0.05)
        page.done = True
        while not stop.is_set():  # typing over: keep saving and looking, as an open page does
            page.tick()
            time.sleep(0.05)
        page.cpu = time.thread_time()

    def watcher() -> None:
        # When each word is on every page of the group; when the pages agree after the typing.
        while not stop.is_set():
            boxes, clean = [], True
            for page in pages:
                with page.lock:
                    boxes.append(page.box)
                    clean = clean and page.box == page.base
            now = time.monotonic()
            words = [set(re.findall(r"\w+", box)) for box in boxes]
            for page in pages:
                for word, at in list(page.typed.items()):
                    if word not in seen and all(word in box for box in words):
                        seen[word] = now - at
            if all(p.done for p in pages) and clean and len(set(boxes)) == 1 and "agree" not in agreed:
                agreed["agree"] = now - max(max(p.typed.values(), default=0.0) for p in pages)
                agreed["text"] = boxes[0]
            time.sleep(0.05)

    threads = [threading.Thread(target=writer, args=(p,)) for p in pages] + [threading.Thread(target=watcher)]
    for thread in threads:
        thread.start()
    return threads


def store_size(url: str) -> int:
    """The database's size on disk: SQLite's file once its WAL is checkpointed into it (the WAL
    itself is a reused journal, not growth); PostgreSQL's answers table with its indexes."""
    if url.startswith("sqlite"):
        import sqlite3

        path = Path(url.removeprefix("sqlite:///"))
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        return path.stat().st_size
    import psycopg
    from sqlalchemy import make_url

    given = make_url(url)
    options = given.query.get("options")
    conninfo = given.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, **({"options": options} if options else {})) as conn:
        return int(conn.execute("SELECT pg_total_relation_size('answers')").fetchone()[0])


def run(pace: Pace, url: str, args: argparse.Namespace, seed: int) -> dict[str, float]:
    """One run of every group typing at ``pace`` on the database at ``url``: its figures."""
    first = Store(url)
    first.migrate()
    workshop, _ = first.create_workshop("Writing together")
    rng = random.Random(seed)
    groups = []
    for g in range(args.groups):
        group = first.create_group(workshop, f"Group {g + 1}")
        pages = []
        for w in range(args.writers):
            person, _ = first.join(workshop, f"g{g}p{w}")
            pages.append(Page(Store(url), first.assign_group(person, group.id), f"g{g}p{w}",
                              random.Random(rng.random()), pace))
        groups.append(pages)
    first_row = first.last_answer_id(workshop.id) + 1
    size_before = store_size(url)
    stop = threading.Event()
    agreed = [{} for _ in groups]
    seen: dict[str, float] = {}
    started = time.monotonic()
    threads = [t for pages, a in zip(groups, agreed, strict=True)
               for t in run_group(pages, args.seconds, a, seen, stop)]
    deadline = started + args.seconds + 60
    while time.monotonic() < deadline and not all("agree" in a for a in agreed):
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(30)
    minutes = args.seconds / 60
    history = [a for a in first.history(workshop.id) if a.task == KEY[1]]
    pages = [p for ps in groups for p in ps]
    lost = sum(1 for ps, a in zip(groups, agreed, strict=True) for p in ps for word in p.typed
               if word not in set(re.findall(r"\w+", a.get("text", ""))))
    delays = list(seen.values())
    agree = [a["agree"] for a in agreed if "agree" in a]
    figures = {
        "words": sum(len(p.typed) for p in pages), "lost": lost, "groups agreeing": len(agree),
        "p50": percentile(delays, 50), "p95": percentile(delays, 95), "agree p95": percentile(agree, 95),
        "rows/min": len(history) / minutes, "first row": first_row,
        "disk/min": (store_size(url) - size_before) / minutes,
        "texts/min": sum(len(str(a.value)) for a in history) / minutes,
        "saves/s": sum(p.saves for p in pages) / len(pages) / args.seconds,
        "saves/s max": max(p.saves for p in pages) / args.seconds,
        # The whole run's CPU (typing over, looking until every page agrees) per minute of typing.
        "cpu/min": sum(p.cpu for p in pages) / len(pages) / minutes,
    }
    for page in pages:
        page.store.dispose()
    first.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.writing_together", description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="runs of each pace, alternating")
    parser.add_argument("--database", help="a database URL, or 'postgres' for $COPROD_TEST_POSTGRES_URL")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    results: dict[str, list[dict]] = {pace.name: [] for pace in PACES}
    kind = "SQLite"
    for r in range(args.rounds):
        for pace in PACES:
            with tempfile.TemporaryDirectory(prefix="coprod-bench-") as folder, database(args.database) as given:
                url = given or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
                results[pace.name].append(run(pace, url, args, args.seed + r))
    before, now = (results[pace.name] for pace in PACES)

    def each(name: str, fmt: str = "{:.2f}") -> list[str]:
        return [" ; ".join(fmt.format(f[name]) for f in runs) for runs in (before, now)]

    def ratio(name: str) -> str:
        return " ; ".join(f"{n[name] / b[name]:.2f}" if b[name] else "-" for b, n in zip(before, now, strict=True))

    rows = [
        ["words typed", *each("words", "{:.0f}"), ""],
        ["words missing from their group's final text", *each("lost", "{:.0f}"), ""],
        [f"groups (of {args.groups}) whose pages all agree at the end", *each("groups agreeing", "{:.0f}"), ""],
        ["a word on every page of its group: p50 (s)", *each("p50"), ratio("p50")],
        ["a word on every page of its group: p95 (s)", *each("p95"), ratio("p95")],
        ["after the typing stops, all pages agree: p95 (s)", *each("agree p95"), ratio("agree p95")],
        ["rows stored per minute", *each("rows/min", "{:.0f}"), ratio("rows/min")],
        ["store growth per minute on disk (bytes)", *each("disk/min", "{:,.0f}"), ratio("disk/min")],
        ["the texts stored per minute (bytes)", *each("texts/min", "{:,.0f}"), ratio("texts/min")],
        ["saves per person per second: mean (budget refill 1)", *each("saves/s"), ratio("saves/s")],
        ["saves per person per second: max", *each("saves/s max"), ""],
        ["CPU per page: seconds per minute", *each("cpu/min"), ratio("cpu/min")],
    ]
    report(f"Writing together: {args.groups} groups of {args.writers}, {args.seconds:.0f} s of typing ({kind}), "
           f"{args.rounds} round(s) of each pace, alternating",
           ["what", "before (look 1 s, save on a pause)", f"now (look {LIVE_SECONDS} s, save each word)",
            "now / before"], rows, [f"load average at the end: {os.getloadavg()[0]:.1f}"])


if __name__ == "__main__":
    main()
