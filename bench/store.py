"""The store under a full room (issue target #6).

    .venv/bin/python -m bench.store [--writers 60] [--saves 50] [--answers 10000] [--part writers|collation]

Measures two things, on SQLite (a file, as `coprod serve` uses it) always and on PostgreSQL too
when COPROD_TEST_POSTGRES_URL is set (``eval "$(scripts/start-test-postgres)"``; the bench works
in a schema of its own there, dropped afterwards):

- Concurrent writers: ``--writers`` threads, each a participant with its own store (as each
  page's kernel has its own), save ``--saves`` answers each as fast as they can: mostly notes of
  their own, every fifth an edit of their group's shared text, so that group members contend for
  one key. Every acknowledged save is then looked for among the stored rows, with its value.
  Target: no lost write (an acknowledged save missing or different).
- Collation: one workshop filled with ``--answers`` answer rows made by ``coprod.demo`` (the
  activities' own builders, so the rows have the shapes a real room's have) and cloned into more
  groups of people until there are enough; then ``coprod.collate.activity_html`` for every
  activity, as the facilitator's board draws it. Target: <= 200 ms per activity.

Speed is reported, never asserted: the machine is shared, and the figures are only compared
with each other and with the targets.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import statistics
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bench._common import percentile, postgres_schema, report
from coprod.collate import activity_html
from coprod.content import CourseContent, load
from coprod.demo import make_demo
from coprod.moderation import hidden_posts
from coprod.store import Answer, Group, Participant, Store, Workshop, schema

POSTGRES_ENV = "COPROD_TEST_POSTGRES_URL"
COLLATION_TARGET_MS = 200.0
GROUP_SIZE = 6  # writers are put in groups of this size: the group text is what they contend for
GROUP_EDIT_EVERY = 5  # every fifth save edits the group's text; the others add a note of one's own


# --- databases ---------------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of this kind, removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'bench-{secrets.token_hex(4)}.sqlite3'}"
        return
    with postgres_schema(os.environ[POSTGRES_ENV]) as url:
        yield url


def kinds() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def filesystem(path: Path) -> str:
    """The file system a folder is on: SQLite's fsync costs nothing on tmpfs and a lot on a disk."""
    best, kind = "", "unknown"
    for line in Path("/proc/mounts").read_text().splitlines():
        _device, mount, fstype, *_ = line.split()
        if str(path.resolve()).startswith(mount) and len(mount) > len(best):
            best, kind = mount, fstype
    return kind


# --- concurrent writers ------------------------------------------------------------------------


@dataclass
class Writer:
    """One participant's thread: what it was told was saved, how long each save took, what failed."""

    participant: Participant
    acknowledged: dict[int, object] = field(default_factory=dict)  # answer id -> the value sent
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def run_writers(url: str, writers: int, saves: int) -> dict[str, object]:
    store = Store(url)
    store.migrate()
    workshop, _ = store.create_workshop("Bench: writers")
    groups = [store.create_group(workshop, f"Group {n + 1}") for n in range(math.ceil(writers / GROUP_SIZE))]
    team = [Writer(store.assign_group(store.join(workshop, f"Writer {n + 1}")[0], groups[n // GROUP_SIZE].id))
            for n in range(writers)]
    start = threading.Barrier(writers + 1)  # everyone starts at once: the contention is the point
    threads = [threading.Thread(target=_write, args=(url, writer, saves, start), name=f"writer-{n}")
               for n, writer in enumerate(team)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    stored = {answer.id: answer.value for answer in store.history(workshop.id)}
    store.dispose()
    acknowledged = {k: v for writer in team for k, v in writer.acknowledged.items()}
    latencies = [ms for writer in team for ms in writer.latencies]
    failures = Counter(f for writer in team for f in writer.failures)
    return {
        "writers": writers, "acknowledged": len(acknowledged), "stored": len(stored),
        # Lost: acknowledged, yet not stored as it was sent.
        "lost": sum(1 for k, v in acknowledged.items() if stored.get(k) != v),
        "failures": sum(failures.values()), "failure_kinds": dict(failures),
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "max": max(latencies, default=math.nan),
        "rate": len(acknowledged) / wall if wall else math.nan,
    }


def _write(url: str, writer: Writer, saves: int, start: threading.Barrier) -> None:
    store = Store(url)  # one store (its own connections) per writer, as one per kernel in a served room
    start.wait()
    try:
        for number in range(saves):
            activity, task, item, value, scope = _answer(writer.participant, number)
            began = time.perf_counter()
            try:
                answer_id = store.save(writer.participant, activity, task, item, value, scope=scope)
            except Exception as failure:  # counted and reported: a failed save must never pass unseen
                writer.failures.append(_why(failure))
                continue
            writer.latencies.append((time.perf_counter() - began) * 1000)
            writer.acknowledged[answer_id] = value
    finally:
        store.dispose()


def _why(failure: Exception) -> str:
    """The driver's own words ("database is locked"), in one line."""
    text = str(failure).strip()
    return f"{type(failure).__name__}: {text.splitlines()[0][:80]}" if text else type(failure).__name__


def _answer(participant: Participant, number: int) -> tuple[str, str, str, object, str]:
    """The shapes the activities store (see coprod.demo): a note of one's own, or the group's text."""
    text = f"{participant.display_name}, save {number + 1}: {uuid.uuid4().hex}"  # unique, so a mix-up shows
    if number % GROUP_EDIT_EVERY == GROUP_EDIT_EVERY - 1:
        return "defining-co-production", "our-definition", "text", {"text": text}, "group"
    note = uuid.uuid4().hex[:12]
    return ("what-do-you-know", "know-questions", note,
            {"id": note, "question": "already-know", "text": text, "posted": False, "by": ""}, "participant")


# --- collation ---------------------------------------------------------------------------------


def fill_room(url: str, content: CourseContent, *, answers: int, groups: int, people_per_group: int,
              seed: int) -> tuple[Store, Workshop]:
    """A workshop with at least ``answers`` answer rows; return the store and the workshop.

    ``make_demo`` drives every activity's widgets for ``groups`` groups of invented people; the
    room it made is then cloned (new groups of new people, the same answers) until it holds
    enough rows: driving widgets for 170 people would take minutes, inserting rows takes seconds.
    """
    store = Store(url)
    store.migrate()
    workshop = make_demo(store, content, seed=seed, groups=groups, people_per_group=people_per_group,
                         name="Bench: collation (synthetic data)")
    made, groups_made, people_made = store.history(workshop.id), store.groups(workshop), store.participants(workshop)
    copies = 1
    while made and len(made) * copies < answers:
        _clone(store, workshop, made, groups_made, people_made, copies + 1)
        copies += 1
    return store, store.workshop(workshop.id)


def _clone(store: Store, workshop: Workshop, rows: list[Answer], groups: list[Group], people: list[Participant],
           copy: int) -> None:
    """Copy the demo room's groups, people, group settings and answers, as a further set of groups."""
    group_ids = {g.id: store.create_group(workshop, f"{g.name}.{copy}").id for g in groups}
    person_ids = {p.id: store.assign_group(store.join(workshop, f"{p.display_name} {copy}")[0],
                                           group_ids[p.group_id]).id for p in people}
    for key, value in store.settings(workshop.id).items():
        # Per-group choices (Activity 7's stakeholder: "row:<activity>:<group id>") go with the group.
        found = re.fullmatch(r"(row:.+):(\d+)", key)
        if found and int(found[2]) in group_ids:
            store.set_setting(workshop, f"{found[1]}:{group_ids[int(found[2])]}", value)
    owners = {"participant": person_ids, "group": group_ids}
    now = datetime.now(UTC)
    values = [{
        "workshop_id": workshop.id, "author_id": person_ids.get(row.author_id), "scope": row.scope,
        "owner_id": owners[row.scope][row.owner_id] if row.scope in owners else row.owner_id,
        "activity": row.activity, "task": row.task,
        # The whiteboard's problems are the whole room's: a clone's are new ones, not edits of the first room's.
        "item": f"{row.item}{copy:02x}" if row.scope == "workshop" else row.item,
        "value": json.dumps(row.value, ensure_ascii=False), "created_at": now,
    } for row in rows]
    # One transaction for the lot: the fill is not what is measured, and a commit per row (an fsync
    # each on SQLite) would only make the bench slow.
    with store.engine.begin() as conn:
        conn.execute(insert(schema.answers), values)


def time_collation(store: Store, content: CourseContent, workshop: Workshop, repeats: int) -> list[dict[str, object]]:
    """Each activity's board, drawn ``repeats`` times after one unmeasured draw (imports, caches)."""
    hidden = hidden_posts(store.settings(workshop.id))
    rows_per_activity = Counter(a.activity for a in store.history(workshop.id))
    results = []
    for activity in content.activities:
        activity_html(store, content, workshop, activity, hidden=hidden)
        runs = []
        for _ in range(repeats):
            began = time.perf_counter()
            html = activity_html(store, content, workshop, activity, hidden=hidden)
            runs.append((time.perf_counter() - began) * 1000)
        results.append({"activity": f"{activity.number}. {activity.id}", "rows": rows_per_activity[activity.id],
                        "kb": len(html) / 1024, "p50": statistics.median(runs), "p95": percentile(runs, 95)})
    return results


def run_collation(url: str, args: argparse.Namespace) -> tuple[list[dict[str, object]], dict[str, object]]:
    content = load()
    began = time.perf_counter()
    store, workshop = fill_room(url, content, answers=args.answers, groups=args.groups,
                                people_per_group=args.people_per_group, seed=args.seed)
    fill = time.perf_counter() - began
    room = {"answers": len(store.history(workshop.id)), "people": len(store.participants(workshop)),
            "groups": len(store.groups(workshop)), "fill_s": fill}
    try:
        return time_collation(store, content, workshop, args.repeats), room
    finally:
        store.dispose()


# --- the command -------------------------------------------------------------------------------


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("writers", "collation", "both"), default="both")
    parser.add_argument("--writers", type=int, default=60, help="concurrent writers (default 60)")
    parser.add_argument("--saves", type=int, default=50, help="saves per writer (default 50)")
    parser.add_argument("--answers", type=int, default=10_000, help="answer rows in the collated room (default 10000)")
    parser.add_argument("--groups", type=int, default=5, help="groups in the demo room that is cloned (default 5)")
    parser.add_argument("--people-per-group", type=int, default=6, help="people per demo group (default 6)")
    parser.add_argument("--repeats", type=int, default=5, help="timed draws of each board (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="the demo's seed (default 1)")
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite files go (default: a temp folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="coprod-bench-", dir=args.dir) as folder:
        folder = Path(folder)
        notes = [f"SQLite files on {filesystem(folder)} ({folder}); PostgreSQL: "
                 + ("the server in $" + POSTGRES_ENV if os.environ.get(POSTGRES_ENV) else f"not run (${POSTGRES_ENV}"
                    " is not set)")]
        if args.part in ("writers", "both"):
            writers_table([(kind, run_writers_in(kind, folder, args)) for kind in kinds()], args, notes)
        if args.part in ("collation", "both"):
            for kind in kinds():
                with fresh_database(kind, folder) as url:
                    results, room = run_collation(url, args)
                collation_table(kind, results, room, args, notes)


def run_writers_in(kind: str, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    with fresh_database(kind, folder) as url:
        return run_writers(url, args.writers, args.saves)


def writers_table(results: list[tuple[str, dict[str, object]]], args: argparse.Namespace, notes: list[str]) -> None:
    rows = [[kind, r["writers"], args.saves, r["acknowledged"], r["stored"], r["lost"], r["failures"],
             r["p50"], r["p95"], r["max"], r["rate"]] for kind, r in results]
    kinds_of_failure = [f"{kind}: failures {r['failure_kinds']}" for kind, r in results if r["failures"]]
    report("Store: concurrent writers (target: lost = 0)",
           ["database", "writers", "saves each", "acknowledged", "stored", "lost", "failures",
            "p50 ms", "p95 ms", "max ms", "saves/s"], rows,
           [*notes, f"Every {GROUP_EDIT_EVERY}th save edits the group's shared text (groups of {GROUP_SIZE}); "
            "the others add a note. Writers are threads of one process, each with its own store: "
            "latencies include waiting for the GIL.", *kinds_of_failure])


def collation_table(kind: str, results: list[dict[str, object]], room: dict[str, object],
                    args: argparse.Namespace, notes: list[str]) -> None:
    rows = [[r["activity"], r["rows"], r["kb"], r["p50"], r["p95"],
             "yes" if r["p95"] <= COLLATION_TARGET_MS else "NO"] for r in results]
    report(f"Store: collating a board, {kind} (target: <= {COLLATION_TARGET_MS:.0f} ms per activity)",
           ["activity", "answer rows", "HTML KiB", "median ms", "p95 ms", "p95 within target"], rows,
           [*notes, f"{room['answers']} answer rows in the workshop, {room['people']} people in {room['groups']} "
            f"groups (the demo's {args.groups} x {args.people_per_group}, cloned); filled in {room['fill_s']:.0f} s. "
            f"{args.repeats} timed draws per activity after one untimed; activity_html as the facilitator's board "
            "calls it (a fresh Room.read each draw)."])


if __name__ == "__main__":
    main()
