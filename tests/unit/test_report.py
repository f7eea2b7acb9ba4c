"""The workshop report: every group's work in one printable document, as HTML and as a PDF
that poppler can render and read back, and the `coprod export report` command."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape

import pytest
from click.testing import CliRunner

from coprod.cli import cli
from coprod.moderation import set_hidden
from coprod.report import report_html, report_pdf
from coprod.store import Store
from tests.unit.test_collate import EMAIL, GROUPS, SCRIPT, build_workshop

poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                             reason="poppler-utils (pdftoppm, pdftotext) is not installed")

# What each group made, one text per activity that has group work (see test_collate's workshop).
GROUP_WORK = ["{g} definition: with people, not for them", "{g} trunk of fairness", "{g} skill of cooking",
              "{g} gap in funding", "{g} LOPF", "{g} rule: no jargon", "{g} carers", "{g} need time in the working day",
              "{g} decide who sits on the panel", "{g} sign: fewer people come"]


@pytest.fixture(scope="module")
def built(content):
    store = Store.memory()
    yield build_workshop(store, content, hostile=False)
    store.dispose()


def test_the_report_holds_every_groups_work_and_the_evaluation(built, content):
    page = report_html(built.store, content, built.workshop)
    assert page.startswith("<!DOCTYPE html>") and "<title>Leeds, March: workshop report</title>" in page
    assert "Participants</th><td dir='auto'>5</td>" in page and "Groups</th><td dir='auto'>2</td>" in page
    assert f"Date</th><td dir='auto'>{built.workshop.created_at.strftime('%d %B %Y').lstrip('0')}</td>" in page
    groups = page[page.index("Groups and their members"):page.index("</table>", page.index("Groups and their"))]
    assert "Robins</th><td dir='auto'>Ann, Ben</td>" in groups
    assert f"{escape('Wrens & <Co>')}</th><td dir='auto'>Cat, Dan</td>" in groups
    assert "Not in a group</th><td dir='auto'>Eve</td>" in groups
    for activity in content.activities:
        assert f"<h2>Activity {activity.number}: {escape(activity.title)}</h2>" in page
    for g in GROUPS:
        for text in GROUP_WORK:
            assert escape(text.format(g=g)) in page, text.format(g=g)
    assert "<svg" in page and "The same figures as a table" in page and "Ann liked the cards" in page
    assert EMAIL not in page and not re.search(r"@[\w-]+\.[a-z]{2,}", page)


def test_the_report_leaves_out_hidden_posts_and_escapes_text(content):
    store = Store.memory()
    try:
        built = build_workshop(store, content)
        definition = next(a for a in store.current(built.workshop.id, "defining-co-production", "our-definition")
                          if a.owner_id == built.groups["Robins"].id)
        set_hidden(store, built.workshop, definition, True)
        page = report_html(store, content, built.workshop)
        assert "Robins definition" not in page and escape("Wrens & <Co> definition") in page
        assert escape(SCRIPT) in page and "<script" not in page and "<img" not in page
    finally:
        store.dispose()


@poppler
def test_the_pdf_renders_and_reads_back(built, content, tmp_path):
    data = report_pdf(built.store, content, built.workshop)
    assert data.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= len(content.activities) + 1  # a title page, then each activity on a new page
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    squeezed = "".join(text.split())  # a table cell may wrap anywhere
    for g in GROUPS:
        for work in GROUP_WORK:
            assert "".join(work.format(g=g).split()) in squeezed, work.format(g=g)
    assert "I enjoyed the training session" in flat and "Strongly agree" in flat
    assert "Activity 12: Planning and sharing your co-production journey" in flat


def test_export_report_command(content, tmp_path):
    database = tmp_path / "workshop.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    try:
        built = build_workshop(store, content, hostile=False)
    finally:
        store.dispose()
    runner = CliRunner()
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(cli, ["export", "report", "--database", str(database), "--workshop", built.workshop.code,
                                 "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "Robins rule: no jargon" in out.read_text()
    folder = tmp_path / "pdfs"
    folder.mkdir()
    result = runner.invoke(cli, ["export", "report", "--database", str(database), "--output", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "leeds-march-report.pdf").read_bytes().startswith(b"%PDF")
    result = runner.invoke(cli, ["export", "report", "--database", str(database), "--workshop", "No such one"])
    assert result.exit_code == 1 and "No workshop" in result.output


def _scenario(store, built, group, text):
    first = next(p for p in built.people.values() if p.group_id == built.groups[group].id)
    store.save(first, "app", "scenario", "text", {"text": text}, scope="group")


def test_both_reports_hold_each_groups_scenario(content):
    store = Store.memory()
    try:
        built = build_workshop(store, content, hostile=False)
        _scenario(store, built, "Robins", "Reducing carer isolation in our lunch club")
        for audience in ("facilitator", "room"):
            page = report_html(store, content, built.workshop, audience=audience)
            start = page.index("<h2>Each group's scenario</h2>")
            scenarios = page[start:page.index("<section class='report-activity'")]
            assert "<h3 dir='auto'>Robins</h3>" in scenarios, audience
            assert "Reducing carer isolation in our lunch club" in scenarios, audience
    finally:
        store.dispose()


# What only its writer and the facilitator see, as build_workshop writes it for Ann.
PRIVATE_TEXTS = ["Ann reflects: it takes time", "Ann runs the lunch club",
                 "Ann felt thoughtful", "Ann liked the cards", "Ann is good at listening"]


def test_the_room_report_leaves_out_private_answers_and_names_the_facilitators_marks_them(built, content):
    full = report_html(built.store, content, built.workshop)
    shared = report_html(built.store, content, built.workshop, audience="room")
    for text in PRIVATE_TEXTS:
        assert escape(text) in full, text
        assert escape(text) not in shared and text not in shared, text
    assert "Ann unposted private note" not in full + shared  # the board has posted notes only, as on the console
    assert full.count("Private: seen only by the person who wrote it and the facilitator") >= 5
    assert "coprod-private-folded" not in full  # a report is never folded
    assert "Private: seen only" not in shared and "do not share this report" in full
    assert "<title>Leeds, March: workshop report for the room</title>" in shared
    # A posted note is shared, without its writer's name; group work keeps its groups.
    assert "Ann of Robins knows co-production" in shared and "Ann of Robins knows co-production" in full
    board = shared[shared.index("Ann of Robins knows"):][:200]
    assert "coprod-by" not in board
    assert "coprod-by' dir='auto'>(Ann)" in full
    assert "Robins definition: with people, not for them" in shared


def test_export_report_for_the_room(built, content, tmp_path):
    database = tmp_path / "workshop.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    try:
        made = build_workshop(store, content, hostile=False)
    finally:
        store.dispose()
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "report", "--database", str(database), "--workshop", made.workshop.code,
                                 "--format", "html", "--for", "room", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "leeds-march-report-for-the-room.html"
    assert str(written) in result.output and "for sharing with the room" in result.output
    page = written.read_text()
    assert "Ann reflects" not in page and "Robins rule: no jargon" in page
    result = runner.invoke(cli, ["export", "report", "--database", str(database), "--for", "everyone"])
    assert result.exit_code == 2 and "everyone" in result.output


def _pages(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@poppler
def test_no_pdf_page_holds_only_the_line_after_a_text(content, tmp_path):
    """A group definition of 45 short paragraphs left "Last saved by Margaret" alone on the report's
    last page (with the page number): the line goes with its text."""
    for paragraphs in (44, 45, 46):
        store = Store.memory()
        try:
            workshop, _ = store.create_workshop("Leeds")
            group = store.create_group(workshop, "Group 1")
            margaret = store.assign_group(store.join(workshop, "Margaret")[0], group.id)
            store.set_setting(workshop, "plan", [{"activity": "defining-co-production", "minutes": None}])
            text = "\n".join(f"Line {i}: co-production means sharing power with the people who use a service."
                             for i in range(paragraphs))
            store.save(margaret, "defining-co-production", "our-definition", "text", {"text": text}, scope="group")
            pages = _pages(tmp_path, report_pdf(store, content, workshop))
        finally:
            store.dispose()
        assert "Last saved by Margaret" in " ".join(pages)
        alone = [page for page in pages if re.fullmatch(r"Last saved by Margaret \d+ / \d+", page)]
        assert not alone, (paragraphs, alone)
        assert all(len(page.split()) > 8 for page in pages), (paragraphs, pages)
