"""Switching activity inside the participant app, in Chromium (target #2).

What is measured: one participant, joined once on a laptop-sized page, clicks activities in the
Activities navigation (coprod/widgets/nav.py, through tests/browser/steps.py ``open_activity``),
each in turn, ``--rounds`` times over. A switch is timed from the click on the navigation's
button until the new activity's heading (h2 "Activity N: ...") is visible, both by the page's
own clock. The click goes to the kernel, which builds the activity the first time it is opened
and swaps the built one back in afterwards (coprod/participant.py); the page then draws it.
First visits and later ones are reported apart as well as together.

Against: the target alone; there is no Voilà baseline for moving inside one page.
Target: p50 <= 300 ms (p95 and max reported, not targeted).

    .venv/bin/python -m bench.switch [--rounds 3] [--voila-arg=--some.Setting=value ...]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench._common import report, summary
from bench.page_load import (
    PAGE_TIMEOUT_MS,
    VISIBLE_JS,
    Served,
    chromium,
    join_on,
    load_average,
    progress_lines,
    serve,
    served_arguments,
    settle,
    source_state,
)
from tests.browser.conftest import LAPTOP
from tests.browser.steps import open_activity

TARGET_P50_MS = 300

# Armed before each click. The click is taken from the event itself (capture phase, on the
# navigation's button only: open_activity may first have to unfold the list), the heading by a
# MutationObserver (the DOM change, before paint) and every frame (a change by style alone).
ARM_JS = """
(number) => {
  const visible = __VISIBLE__;
  const want = `Activity ${number}:`;
  const state = window.__benchSwitch = {clicked: null, shown: null};
  const check = () => {
    if (state.clicked === null || state.shown !== null) return;
    const shown = [...document.querySelectorAll('h2.coprod-activity-title')]
      .some(h => h.textContent.startsWith(want) && visible(h));
    if (shown) { state.shown = performance.now(); observer.disconnect(); }
  };
  const clicked = (event) => {
    if (!event.target.closest || !event.target.closest('.coprod-nav-item')) return;
    state.clicked = performance.now();
    document.removeEventListener('click', clicked, true);
    check();
  };
  document.addEventListener('click', clicked, true);
  const observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const frame = () => { check(); if (state.shown === null) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}
""".replace("__VISIBLE__", VISIBLE_JS)

# The navigation's items: "N. Title" with a state (open, done, locked); My notes has no number.
ITEMS_JS = """
() => [...document.querySelectorAll('nav[aria-label=Activities] .coprod-nav-item')].map(b => ({
  label: b.querySelector('.coprod-nav-label').textContent, state: b.dataset.state,
  current: b.getAttribute('aria-current') === 'page'}))
"""


@dataclass
class Switch:
    activity: int
    visit: int  # 1 for the first time this activity is opened in this page
    ms: float


def activities(page: Any) -> tuple[list[int], int | None]:
    """The activities that can be opened (not locked), in the navigation's order, and the open one."""
    numbered = []
    current = None
    for item in page.evaluate(ITEMS_JS):
        match = re.match(r"(\d+)\. ", item["label"])
        if match and item["state"] != "locked":
            numbered.append(int(match.group(1)))
            if item["current"]:
                current = int(match.group(1))
    return numbered, current


def itinerary(numbers: list[int], current: int | None, rounds: int) -> list[int]:
    """Every activity ``rounds`` times, in the navigation's order, starting after the open one so
    that every click is a real switch (the open activity comes last in each round)."""
    start = numbers.index(current) + 1 if current in numbers else 0
    one_round = numbers[start:] + numbers[:start]
    return one_round * rounds


def switch_to(page: Any, number: int) -> float:
    """Click activity ``number`` in the navigation; ms from the click to its heading shown."""
    page.evaluate(ARM_JS, number)
    open_activity(page, number)  # clicks, then waits (Playwright's way) for the heading
    page.wait_for_function("() => window.__benchSwitch.shown !== null", timeout=PAGE_TIMEOUT_MS)
    state = page.evaluate("() => window.__benchSwitch")
    return state["shown"] - state["clicked"]


def measure(page: Any, served: Served, rounds: int, progress: Callable[[str], None]) -> list[Switch]:
    numbers, current = activities(page)
    visits: dict[int, int] = {}
    if current is not None:
        visits[current] = 1  # the page opened on it: already built
    switches = []
    for number in itinerary(numbers, current, rounds):
        settle(served)  # a participant reads before moving on: each switch starts from a quiet server
        visits[number] = visits.get(number, 0) + 1
        ms = switch_to(page, number)
        switches.append(Switch(number, visits[number], ms))
        progress(f"activity {number:2} visit {visits[number]}: {ms:.0f} ms")
    return switches


def overall_rows(switches: list[Switch]) -> list[list[object]]:
    rows = []
    for name, chosen in (("all", switches), ("first visits", [s for s in switches if s.visit == 1]),
                         ("later visits", [s for s in switches if s.visit > 1])):
        stats = summary([s.ms for s in chosen])
        rows.append([name, stats["n"], stats["p50"], stats["p95"], stats["max"]])
    return rows


def activity_rows(switches: list[Switch]) -> list[list[object]]:
    rows = []
    for number in sorted({s.activity for s in switches}):
        mine = [s for s in switches if s.activity == number]
        stats = summary([s.ms for s in mine])
        first = next((s.ms for s in mine if s.visit == 1), "")  # the page may have opened on it
        rows.append([number, stats["n"], first, stats["p50"], stats["p95"], stats["max"]])
    return rows


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = served_arguments(__doc__, "switch")
    parser.add_argument("--rounds", type=int, default=3, help="visits to each activity")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    progress = progress_lines(args.quiet)
    busy = os.getloadavg()[0]
    with serve(args.voila_arg) as served, chromium() as browser:
        context = browser.new_context(viewport=LAPTOP)  # wide: the Activities list stays unfolded
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        page = context.new_page()
        join_on(page, served, "Bench")
        started = time.perf_counter()
        switches = measure(page, served, args.rounds, progress)
        elapsed = time.perf_counter() - started
        context.close()
        preheating = served.preheating()
        tracebacks = served.tracebacks()
    notes = [
        f"Target: p50 <= {TARGET_P50_MS} ms. Times in ms from the click to the new activity's heading visible.",
        "First visits: the kernel builds the activity; later visits: the built activity is shown again.",
        f"Served with coprod serve's Voilà settings at {source_state()}; {preheating}; "
        f"arguments added: {' '.join(args.voila_arg) or 'none'}.",
        f"Tracebacks in Voilà's log: {tracebacks}. Wall time: {elapsed:.0f} s. {load_average(busy)}",
    ]
    report("Switching activity (ms)", ["switches", "n", "p50", "p95", "max"], overall_rows(switches), notes)
    report("Switching activity, per activity (ms)", ["activity", "n", "first visit", "p50", "p95", "max"],
           activity_rows(switches))


if __name__ == "__main__":
    main()
