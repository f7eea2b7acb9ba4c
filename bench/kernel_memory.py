"""A participant's kernel memory (issue target #3).

    .venv/bin/python -m bench.kernel_memory [--runs 3] [--room demo|empty]

Starts real kernels (jupyter_client, the venv's python3 kernel), two kinds side by side in the
same run, ``--runs`` of each, one at a time:

- bare: ``import ipywidgets``, one Textarea and one Button displayed: the least a page can be;
- coprod: the participant app built as a served page builds it (``participant_app()`` with the
  environment ``coprod serve`` gives its kernels and a personal link in QUERY_STRING), against a
  temporary SQLite database, then every activity in the app's list opened through the list's own
  "open" message, as a click sends it.

After the code ran, the kernel process is measured with psutil: RSS, PSS (each shared page split
between the processes that map it; needs root) and USS (pages of its own). Also reported: which
heavy modules each kernel has loaded. Target: coprod / bare <= 1.5 for RSS and PSS (pandas,
matplotlib and the like imported only where needed).

Memory is reported, never asserted. PSS depends on what else runs: the more Python processes map
the same libraries, the smaller each one's share.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from jupyter_client.manager import start_new_kernel

from bench._common import report
from coprod.content import DEFAULT_CONTENT_DIR, load
from coprod.demo import make_demo
from coprod.serve import voila_environment
from coprod.store import Store

TARGET_RATIO = 1.5
HEAVY = ("pandas", "matplotlib", "numpy", "openpyxl", "weasyprint", "segno", "sqlalchemy", "psycopg")
SETTLE_SECONDS = 2.0  # let the page's live-feed thread make its first poll before measuring
TIMEOUT_SECONDS = 300.0  # a kernel on a busy two-core machine can take a while to build every activity

BARE = textwrap.dedent("""
    import ipywidgets as w
    display(w.Textarea())
    display(w.Button(description="Save"))
""")

# Run in the kernel as a Voilà page's cell: coprod/notebooks/index.ipynb is these first lines.
COPROD = textwrap.dedent("""
    from coprod.app import participant_app
    _root = participant_app()
    display(_root)

    def _bench_open_everything(root):
        import json
        from coprod.widgets import Nav

        def find(widget, kind):
            found = [widget] if isinstance(widget, kind) else []
            for child in getattr(widget, "children", ()):
                found += find(child, kind)
            return found

        [nav] = find(root, Nav)
        refused = {}
        for item in list(nav.items):
            # The message the list's JavaScript sends when a person clicks an item.
            nav._handle_msg({"content": {"data": {"method": "custom", "content": {"action": "open", "id": item["id"]}}},
                             "buffers": []})
            if nav.status.get("kind") == "error":
                refused[item["id"]] = nav.status.get("text")
        print(json.dumps({"opened": [i["id"] for i in nav.items if i["id"] not in refused], "refused": refused}))

    _bench_open_everything(_root)
""")

PROBE = textwrap.dedent(f"""
    import json as _json, sys as _sys
    print(_json.dumps({{"heavy": sorted(m for m in {HEAVY!r} if m in _sys.modules),
                        "modules": len(_sys.modules),
                        "packages": sorted({{m.split(".")[0] for m in _sys.modules}})}}))
""")


@dataclass
class Measure:
    kind: str
    rss: float  # MB
    pss: float
    uss: float
    heavy: list[str]
    modules: int
    packages: list[str]
    opened: int | None = None
    refused: dict[str, str] | None = None


# --- the coprod kernel's room ----------------------------------------------------------------


def make_room(folder: Path, room: str) -> tuple[str, str]:
    """A temporary database with a workshop and one participant in a group; return its URL and
    the participant's token. ``demo``: the group has done every activity already (coprod.demo),
    so each activity shows group work as it would mid-workshop."""
    url = f"sqlite:///{folder / 'kernel-memory.sqlite3'}"
    store = Store(url)
    store.migrate()
    if room == "demo":
        workshop = make_demo(store, load(), groups=1, people_per_group=4, name="Bench: kernel memory (synthetic)")
        group = store.groups(workshop)[0]
    else:
        workshop, _ = store.create_workshop("Bench: kernel memory")
        group = store.create_group(workshop, "Group 1")
    participant, token = store.join(workshop, "Bench")
    store.assign_group(participant, group.id)
    store.dispose()
    return url, token


def coprod_environment(url: str, token: str) -> dict[str, str]:
    """What a served page's kernel gets (coprod.serve.voila_environment), and the visitor's query."""
    env = voila_environment(url=url, content_dir=Path(DEFAULT_CONTENT_DIR), public_url="")
    env["QUERY_STRING"] = f"p={token}"
    return env


# --- kernels -----------------------------------------------------------------------------------


def run_kernel(kind: str, code: str, env: dict[str, str], cwd: Path) -> Measure:
    """Start a kernel, run ``code``, measure the process, shut it down."""
    log_path = cwd / f"{kind}-{time.monotonic_ns()}.log"
    # The kernel's own output (its warnings) goes to a file, not into the printed table.
    with log_path.open("w") as log:
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT_SECONDS, env=env,
                                           cwd=str(cwd), stdout=log, stderr=log)
        try:
            said = execute(client, code)
            time.sleep(SETTLE_SECONDS)
            probe = json.loads(execute(client, PROBE)[-1])
            info = psutil.Process(manager.provisioner.process.pid).memory_full_info()
        except Exception as failure:
            failure.add_note(f"the kernel's log ends: {log_path.read_text()[-2000:]}")
            raise
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=False)
    visited = json.loads(said[-1]) if kind == "coprod" else {}
    mb = 2**20
    return Measure(kind, info.rss / mb, info.pss / mb, info.uss / mb, probe["heavy"], probe["modules"],
                   probe["packages"], len(visited["opened"]) if visited else None, visited.get("refused"))


def execute(client, code: str) -> list[str]:
    """Run code in the kernel; return the lines it printed, or raise with its traceback."""
    printed: list[str] = []

    def hook(message: dict) -> None:
        if message["header"]["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.extend(message["content"]["text"].splitlines())

    reply = client.execute_interactive(code, timeout=TIMEOUT_SECONDS, output_hook=hook)
    if reply["content"]["status"] != "ok":
        raise RuntimeError("the kernel failed:\n" + "\n".join(reply["content"].get("traceback", [])))
    return printed


# --- the command -------------------------------------------------------------------------------


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.kernel_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="kernels of each kind (default 3)")
    parser.add_argument("--room", choices=("demo", "empty"), default="demo",
                        help="the coprod kernel's workshop: its group has done everything (demo), or nothing yet")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as folder:
        folder = Path(folder)
        url, token = make_room(folder, args.room)
        kinds = {"bare": (BARE, dict(os.environ)), "coprod": (COPROD, coprod_environment(url, token))}
        measures: list[Measure] = []
        for _ in range(args.runs):
            # Alternated, so that both kinds see the same machine (other processes come and go).
            measures += [run_kernel(kind, code, env, folder) for kind, (code, env) in kinds.items()]
    print_table(measures, args)


def print_table(measures: list[Measure], args: argparse.Namespace) -> None:
    median = {kind: {key: statistics.median(getattr(m, key) for m in measures if m.kind == kind)
                     for key in ("rss", "pss", "uss")} for kind in ("bare", "coprod")}
    last = {m.kind: m for m in measures}
    rows = []
    for kind in ("bare", "coprod"):
        ratio = {key: median[kind][key] / median["bare"][key] for key in ("rss", "pss", "uss")}
        rows.append([kind, sum(1 for m in measures if m.kind == kind), median[kind]["rss"], median[kind]["pss"],
                     median[kind]["uss"], f"{ratio['rss']:.2f}", f"{ratio['pss']:.2f}", f"{ratio['uss']:.2f}",
                     last[kind].modules, ", ".join(last[kind].heavy) or "none"])
    coprod, bare = last["coprod"], last["bare"]
    within = all(median["coprod"][k] / median["bare"][k] <= TARGET_RATIO for k in ("rss", "pss"))
    notes = [
        f"Ratios are coprod / bare of the medians; target <= {TARGET_RATIO} for RSS and PSS: "
        f"{'met' if within else 'NOT met'}.",
        f"coprod kernel: room {args.room!r}; activities opened: {coprod.opened}"
        + (f"; refused: {coprod.refused}" if coprod.refused else ""),
        "Top-level packages loaded in the coprod kernel and not in the bare one: "
        + ", ".join(sorted(set(coprod.packages) - set(bare.packages) - {"__main__"})),
        "Every run (kind: RSS / PSS / USS MB): "
        + "; ".join(f"{m.kind}: {m.rss:.0f} / {m.pss:.0f} / {m.uss:.0f}" for m in measures),
    ]
    report("Participant kernel memory (target: coprod / bare <= 1.5)",
           ["kernel", "runs", "RSS MB", "PSS MB", "USS MB", "RSS ratio", "PSS ratio", "USS ratio", "modules",
            "heavy modules loaded"], rows, notes)


if __name__ == "__main__":
    main()
