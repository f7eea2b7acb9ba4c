"""Time to the first heading of a follow-up link's page, against a personal link's, in Chromium
at 375 px (issue 21: a follow-up link is a mode of the participant's page, index.ipynb, so that it
opens as fast as a personal link, from the same preheated kernels).

One person joins through the store, agrees to be contacted and writes a commitment; their
personal link (``?p=``) and a follow-up link (``?followup=``) are then opened in turn, each in a
new browser page, from navigation to the page's first heading ("Activity ..." or the follow-up's
title). Between loads the server is left to go quiet, so that every load starts from the same state.

Target: p50(follow-up) / p50(personal) <= 1.15.

    .venv/bin/python -m bench.followup_page [--runs 5]
"""

from __future__ import annotations

import argparse
import time

from bench._common import report, summary
from bench._room import served, wait_quiet
from coprod.content import load
from coprod.store import Store
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE


def links(server) -> tuple[str, str]:
    store = Store(server.database)
    try:
        workshop = store.workshop_by_code(server.code)
        person, personal = store.join(workshop, "Ann")
        store.set_contact(person, "ann@example.org")
        store.save(person, "planning", "commitment", "text", {"text": "Ask carers first"})
        page = server.join_url.split("?")[0]
        return f"{page}?p={personal}", f"{page}?followup={store.make_followup_link(person)}"
    finally:
        store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    title = load().followup.title
    times: dict[str, list[float]] = {"personal link": [], "follow-up link": []}
    with served("Follow-up timing") as server, sync_playwright() as playwright:
        personal, followup = links(server)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            for kind, url, heading in (("personal link", personal, "Activity"), ("follow-up link", followup, title)):
                wait_quiet(server)
                page = browser.new_page(viewport=PHONE)
                start = time.monotonic()
                page.goto(url)
                page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
                times[kind].append(time.monotonic() - start)
                page.close()
        browser.close()
    rows = [[kind, len(values), *(f"{summary(values)[p]:.2f}" for p in ("p50", "p95"))]
            for kind, values in times.items()]
    ratio = summary(times["follow-up link"])["p50"] / summary(times["personal link"])["p50"]
    report("Follow-up link against personal link: seconds to the first heading, 375 px",
           ["page", "loads", "p50 (s)", "p95 (s)"], rows, [f"Ratio of p50s: {ratio:.2f} (target <= 1.15)."])


if __name__ == "__main__":
    main()
