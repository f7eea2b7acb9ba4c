"""One page saving without pause (issue 22, finding 3), and a person saving at a class's pace.

    .venv/bin/python -m bench.save_flood [--saves 4000] [--database postgres]

What: one person's TextEntry (My notes) is sent ``--saves`` save messages as fast as the
kernel takes them, each a different 5,000-character text (the most a box takes), as a crafted
client on the page's websocket would send them; then a second person's the same text ``--saves``
times; then a third person's different texts one a second on the store's clock (moved on, not
slept: the rate never refuses them, the total size does). Measured:
rows stored, seconds, the database's growth (SQLite file, or PostgreSQL's table size) and the
CPU time of this process (the page's kernel). Then a person at a class's pace: ``--paced``
saves one every ``--pace`` seconds of the store's clock (not slept: the clock is moved on),
timed one by one, to show what the budget costs a normal save and that it refuses none.

The store is used in this process, as a page's kernel uses it; a SQLite file by default, a
schema of its own on ``$COPROD_TEST_POSTGRES_URL`` with ``--database postgres``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sqlite3
import tempfile
import time
from pathlib import Path

from bench._common import machine, postgres_schema, summary, table
from coprod.activities.text_entry import text_entry
from coprod.session import Session, course_content
from coprod.store import Store
from tests.driving import send

POSTGRES_ENV = "COPROD_TEST_POSTGRES_URL"
TEXT = 5_000  # characters: coprod.text.MAX_ANSWER


def size(store: Store) -> int:
    """Bytes the database holds: the SQLite file, its WAL written back into it first (the WAL's
    own size is how much was written since the last checkpoint, not what is kept), or
    PostgreSQL's answers table with its TOAST and indexes."""
    if store.db.dialect == "postgresql":
        with store.db.read() as tx:
            return tx.scalar("SELECT pg_total_relation_size('answers')")
    conn = sqlite3.connect(store.db.path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return Path(store.db.path).stat().st_size


def rows(store: Store, person) -> int:
    with store.db.read() as tx:
        return tx.scalar("SELECT count(*) FROM answers WHERE author_id = ?", (person.id,))


def flood(store: Store, entry, person, texts, step: float | None = None) -> dict:
    """Every text sent as a save, at once, or ``step`` seconds apart on the store's clock."""
    before_rows, before_size = rows(store, person), size(store)
    refused, start = 0, time.time()
    wall, cpu = time.perf_counter(), time.process_time()
    for n, text in enumerate(texts):
        if step is not None:
            store.clock = lambda n=n: start + n * step
        send(entry, action="save", text=text, base=entry.version, nonce=n)
        refused += entry.status.get("kind") != "saved"
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"sent": len(texts), "stored": rows(store, person) - before_rows, "refused": refused,
            "seconds": wall, "cpu": cpu, "grew": (size(store) - before_size) / 1e6,
            "said": entry.status.get("text", "")}


def paced(store: Store, entry, count: int, pace: float) -> tuple[list[float], int]:
    """``count`` saves ``pace`` seconds apart on the store's clock (if it has one to move)."""
    start, times, refused = time.time(), [], 0
    for n in range(count):
        if hasattr(store, "clock"):
            store.clock = lambda n=n: start + 3600 + n * pace  # an hour on: the flood's budget has come back
        began = time.perf_counter()
        send(entry, action="save", text=f"My notes, version {n}: " + "words " * 100, base=entry.version, nonce=n)
        times.append(time.perf_counter() - began)
        refused += entry.status.get("kind") != "saved"
    return times, refused


@contextlib.contextmanager
def database(kind: str):
    if kind == "postgres":
        base = os.environ.get(POSTGRES_ENV)
        if not base:
            raise SystemExit(f"--database postgres needs {POSTGRES_ENV}: eval \"$(scripts/start-test-postgres)\"")
        with postgres_schema(base) as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/flood.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.save_flood", description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=4000)
    parser.add_argument("--paced", type=int, default=200, help="saves at a class's pace")
    parser.add_argument("--pace", type=float, default=2.0, help="seconds between two paced saves")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with database(args.database) as url:
        store = Store(url)
        store.migrate()
        content = course_content()
        workshop, _ = store.create_workshop("Flood")
        person, _ = store.join(workshop, "Flo")
        session = Session(store, content, workshop, person)
        entry = text_entry(session, "app", "notes", "text", "My notes", scope="participant")
        # Random text: PostgreSQL compresses a repetitive one to almost nothing, a crafted client need not send one.
        different = flood(store, entry, person, [secrets.token_urlsafe(TEXT)[:TEXT] for _ in range(args.saves)])
        other, _ = store.join(workshop, "Sam")  # someone else: Flo's flood is not theirs to wait for
        other_entry = text_entry(Session(store, content, workshop, other), "app", "notes", "text", "My notes",
                                 scope="participant")
        same = flood(store, other_entry, other, [secrets.token_urlsafe(TEXT)[:TEXT]] * args.saves)
        third, _ = store.join(workshop, "Kit")  # a page that keeps to the rate: the total size stops it
        third_entry = text_entry(Session(store, content, workshop, third), "app", "notes", "text", "My notes",
                                 scope="participant")
        paced_flood = flood(store, third_entry, third,
                            [secrets.token_urlsafe(TEXT)[:TEXT] for _ in range(args.saves)], step=1.0)
        times, refused = paced(store, text_entry(session, "app", "paced", "text", "Paced", scope="participant"),
                               args.paced, args.pace)
        store.dispose()
    print(f"# One page saving without pause ({args.database})\n\n{machine()}\n")
    print(table(["saves sent", "rows stored", "refused", "seconds", "CPU s", "database grew (MB)",
                 "last message"],
                [[f"{r['sent']} {what}", r["stored"], r["refused"], r["seconds"], r["cpu"], r["grew"], r["said"]]
                 for what, r in (("different", different), ("identical", same),
                                 ("different, 1 s apart", paced_flood))]))
    paced_summary = summary([t * 1000 for t in times])
    print(f"\nAt a class's pace: {args.paced} saves {args.pace:g} s apart: {refused} refused; "
          f"ms per save p50 {paced_summary['p50']:.2f}, p95 {paced_summary['p95']:.2f}, max {paced_summary['max']:.2f}")


if __name__ == "__main__":
    main()
