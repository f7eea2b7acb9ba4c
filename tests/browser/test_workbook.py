"""`coprod workbook`: one person, on their own machine: no join code, the group parts done
alone, and their workbook downloaded as a printable document."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest
from playwright.sync_api import expect

from coprod.store import Store
from tests.browser.conftest import (
    LAPTOP,
    Visitor,
    assert_no_axe_violations,
    assert_page_is_clean,
    free_port,
    start_server,
)
from tests.browser.steps import open_activity

LIVE_MS = 15_000


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbook")
    database = tmp / "mine.sqlite3"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("COPROD_DATABASE_URL", "COPROD_SERVE")}
    process = subprocess.Popen([sys.executable, "-m", "coprod", "workbook", "--port", str(port), "--database",
                                str(database), "--log-file", "-"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               cwd=tmp)
    lines: list[str] = []
    url = None
    deadline = time.monotonic() + 180
    while url is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        lines.append(line)
        if m := re.search(r"Your workbook: (\S+)", line):
            url = m.group(1)
    if url is None:
        process.kill()
        pytest.fail("coprod workbook did not print its link:\n" + "".join(lines))
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    assert url.startswith(f"http://127.0.0.1:{port}/")  # this machine only
    yield url, database, tmp
    process.terminate()
    process.wait(timeout=30)
    assert not any("Traceback" in line for line in lines), "".join(lines)


def test_the_workbook_alone_with_the_group_parts_and_a_printout(browser, workbook, tmp_path):
    url, database, tmp = workbook

    class Local:  # the Visitor's "server": what counts as this machine's own address
        base = url.split("/voila/")[0]

    visitor = Visitor(browser, Local, LAPTOP)
    try:
        page = visitor.open(url)
        expect(page.get_by_role("heading", name=re.compile(r"^Activity \d+:"))).to_be_visible()
        expect(page.get_by_text("The group parts are yours to do alone.")).to_be_visible()
        assert page.get_by_label("Workshop code").count() == 0  # no joining
        open_activity(page, 5)
        glossary = page.locator(".coprod-list", has=page.get_by_role("heading", name=re.compile("^What 'buzz words'")))
        glossary.get_by_label("Word, jargon or acronym", exact=True).fill("LOPF")
        glossary.get_by_label("What it means, in plain words", exact=True).fill("Leeds Older People's Forum")
        glossary.get_by_role("button", name="Add").click()
        expect(glossary.locator(".coprod-entry", has_text="Leeds Older People's Forum")).to_be_visible()
        page.get_by_role("navigation", name="Activities").get_by_role("button", name="My notes").click()
        with page.expect_download(timeout=120_000) as made:
            page.get_by_role("button", name="My workbook (PDF, to print)").click()
        pdf = tmp_path / made.value.suggested_filename
        made.value.save_as(pdf)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Leeds Older People's Forum" in text
        visitor.screenshot("workbook-1280")
        assert_page_is_clean(visitor)
        assert_no_axe_violations(visitor, "workbook")
    finally:
        visitor.close()
    # The same answers, exported from the command line.
    out = tmp / "printed.html"
    result = subprocess.run([sys.executable, "-m", "coprod", "workbook", "--database", str(database), "--export",
                             "html", "--output", str(out)], capture_output=True, text=True, cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert "Leeds Older People&#x27;s Forum" in out.read_text() or "Leeds Older People's Forum" in out.read_text()


def test_a_served_workshop_named_workbook_is_a_room(visitor_factory, tmp_path):
    """`coprod serve --workshop Workbook`: the name is only a name. Two people join; neither page
    says it is their own workbook or offers a workbook download (which once was the workshop
    report, everyone's private answers in it)."""
    served = start_server(tmp_path, "Workbook")
    server = next(served)
    try:
        pages = {}
        for name in ("Ann", "Ben"):
            visitor = visitor_factory(LAPTOP, on=server)
            page = pages[name] = visitor.open(server.join_url)
            page.get_by_label("Your name (as others will see it)").fill(name)
            page.get_by_role("button", name="Join").click()
            expect(page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_-]{32}$"))
        store = Store(server.database)
        workshop = store.workshop_by_code(server.code)
        group = store.create_group(workshop, "Group 1")
        for person in store.participants(workshop):
            store.assign_group(person, group.id)
        store.dispose()
        for name, page in pages.items():
            other = "Ben" if name == "Ann" else "Ann"
            expect(page.get_by_text(f"With {other}.")).to_be_visible(timeout=LIVE_MS)
            expect(page.locator(".coprod-who")).to_contain_text(f"You are taking part as {name} in Workbook")
            page.get_by_role("navigation", name="Activities").get_by_role("button", name="My notes").click()
            expect(page.get_by_role("heading", name="My notes")).to_be_visible()
            assert page.get_by_text("This is your own workbook").count() == 0
            assert page.get_by_text("yours to do alone").count() == 0
            assert page.get_by_role("button", name=re.compile("^My workbook")).count() == 0
            assert page.get_by_role("heading", name="Keep or print your workbook").count() == 0
    finally:
        next(served, None)
