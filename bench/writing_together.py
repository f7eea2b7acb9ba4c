"""Writing together (issue 17): 5 writers in each of 6 groups type into their group's scenario
at once.

    .venv/bin/python -m bench.writing_together [--groups 6] [--writers 5] [--seconds 60] [--database postgres]

Each writer is a thread with a store of its own (as each page's kernel has its own connections)
that plays a page as coprod/widgets/static/text.js does: it types words at its cursor (0.05-0.25 s
a letter, 0.3-1.5 s between words), saves 0.6 s after a pause, at most once in 1.2 s and at
least every 2 s while typing, through ``Store.save_merged`` with the text it started from, and
takes the merged text into its box, moving its cursor through the merge's edits; between saves
it looks at the store once a second (the live feed's pace on SQLite) and takes others' changes
when it has typed nothing since. What is measured:

- a word's delay: from its last letter typed until every page of the group shows it (p50, p95);
- agreement: once everyone stops typing, the time until every page of each group shows the same
  text (p95 over the groups), and that every word typed is in it;
- the store: rows and bytes added per minute (SQLite: the database file and its WAL; PostgreSQL:
  the answers table), and each person's saves a second against the save budget's refill (1 a
  second, 200 at once).

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
from coprod.merge import splices
from coprod.store import Store

KEY = ("writing-together", "scenario", "text")
IDLE, GAP, EVERY, LOOK = 0.6, 1.2, 2.0, 1.0


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


@dataclass
class Page:
    store: Store
    person: object
    name: str
    rng: random.Random
    box: str = ""
    base: str = ""
    cursor: int = 0
    typed: dict[str, float] = field(default_factory=dict)  # word -> when its last letter was typed
    saves: int = 0
    last_save: float = 0.0
    last_key: float = 0.0
    last_look: float = 0.0
    done: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def adopt(self, text: str, edits: list[list]) -> None:
        mid_word = re.search(r"\w$", self.box[:self.cursor]) is not None
        self.cursor = map_position(self.cursor, edits, self.box)
        if not mid_word and re.search(r"\w$", text[:self.cursor]):
            text = f"{text[:self.cursor]} {text[self.cursor:]}"  # text.js keeps the next word apart
            self.cursor += 1
        self.box = text

    def save(self) -> None:
        sent = self.box
        _, value = self.store.save_merged(self.person, *KEY, {"text": sent}, base={"text": self.base},
                                          scope="group")
        merged = value["text"]
        with self.lock:
            self.adopt(merged, splices(sent, merged))
            self.base = merged
        self.saves += 1
        self.last_save = time.monotonic()

    def look(self) -> None:
        self.last_look = time.monotonic()
        current = self.store.current(self.person.workshop_id, KEY[0], KEY[1], scope="group",
                                     owner_id=self.person.group_id)
        text = current[-1].value["text"] if current else ""
        with self.lock:
            if text != self.base and self.box == self.base:
                self.adopt(text, splices(self.base, text))
                self.base = text

    def type_word(self, word: str) -> None:
        for letter in word + " ":
            with self.lock:
                self.box = self.box[:self.cursor] + letter + self.box[self.cursor:]
                self.cursor += 1
            self.last_key = time.monotonic()
            self.tick()
            time.sleep(self.rng.uniform(0.05, 0.25))
        self.typed[word] = time.monotonic()

    def tick(self) -> None:
        now = time.monotonic()
        dirty = self.box != self.base
        if dirty and now - self.last_save >= GAP and (now - self.last_key >= IDLE or now - self.last_save >= EVERY):
            self.save()
        elif now - self.last_look >= LOOK and not dirty:
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.writing_together", description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", help="a database URL, or 'postgres' for $COPROD_TEST_POSTGRES_URL")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as folder, database(args.database) as given:
        url = given or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        first = Store(url)
        first.migrate()
        workshop, _ = first.create_workshop("Writing together")
        rng = random.Random(args.seed)
        groups = []
        for g in range(args.groups):
            group = first.create_group(workshop, f"Group {g + 1}")
            pages = []
            for w in range(args.writers):
                person, _ = first.join(workshop, f"g{g}p{w}")
                pages.append(Page(Store(url), first.assign_group(person, group.id), f"g{g}p{w}",
                                  random.Random(rng.random())))
            groups.append(pages)
        rows_before = first.last_answer_id(workshop.id)
        size_before = store_size(url)
        stop = threading.Event()
        agreed = [{} for _ in groups]
        seen: dict[str, float] = {}
        started = time.monotonic()
        threads = [t for pages, a in zip(groups, agreed, strict=True) for t in run_group(pages, args.seconds, a, seen,
                                                                                          stop)]
        deadline = started + args.seconds + 60
        while time.monotonic() < deadline and not all("agree" in a for a in agreed):
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(30)
        minutes = args.seconds / 60
        history = [a for a in first.history(workshop.id) if a.task == KEY[1]]
        rows = len(history)
        size = store_size(url) - size_before
        row_bytes = sum(len(str(a.value)) for a in history)
        lost = sum(1 for pages, a in zip(groups, agreed, strict=True) for p in pages for word in p.typed
                   if word not in set(re.findall(r"\w+", a.get("text", ""))))
        words = sum(len(p.typed) for pages in groups for p in pages)
        rates = [p.saves / args.seconds for pages in groups for p in pages]
        delays = list(seen.values())
        agree = [a["agree"] for a in agreed if "agree" in a]
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        report(f"Writing together: {args.groups} groups of {args.writers}, {args.seconds:.0f} s of typing ({kind})",
               ["what", "figure"],
               [["words typed", words],
                ["words missing from their group's final text", lost],
                ["groups whose pages all agree at the end", f"{len(agree)} of {len(groups)}"],
                ["a word on every page of its group: p50 / p95 (s)",
                 f"{percentile(delays, 50):.2f} / {percentile(delays, 95):.2f}"],
                ["after the typing stops, all pages agree: p95 (s)", f"{percentile(agree, 95):.2f}"],
                ["rows stored per minute", f"{rows / minutes:.0f} (first row id {rows_before + 1})"],
                ["store growth per minute: on disk / the texts stored (bytes)",
                 f"{size / minutes:,.0f} / {row_bytes / minutes:,.0f}"],
                ["saves per person per second: mean / max (budget refill 1)",
                 f"{sum(rates) / len(rates):.2f} / {max(rates):.2f}"]],
               [f"load average at the end: {os.getloadavg()[0]:.1f}"])
        for pages in groups:
            for page in pages:
                page.store.dispose()
        first.dispose()


if __name__ == "__main__":
    main()
