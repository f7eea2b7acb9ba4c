"""No stored script runs in any view: payloads typed into every kind of free-text field, by
people in two groups, are shown as text on the other members' pages, the facilitator's
boards, the results revealed to the room, the report (web page and PDF) and the exports.

The counts of payload x field x view checked are written to test-artifacts/security-payloads.txt.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LAPTOP, PHONE, Visitor, start_server
from tests.browser.steps import console_section, open_activity, room_results, show_board

LIVE_MS = 30_000  # the machine is shared: live updates can take a while under load
PAYLOADS = {
    "script tag": '<script>alert("p-script")</script>',
    "img onerror": '<img src=x onerror=alert("p-img")>',
    "svg onload": '<svg onload=alert("p-svg")><circle r=9></circle></svg>',
    "javascript: link": '<a href="javascript:alert(\'p-link\')">p-link</a>',
    "markdown link": "[x](javascript:alert(1))",
    "markdown bold": "**bold** _em_ # heading",
    "CSS injection": "</style><style>body{display:none}</style>",
    "template syntax": "{{7*7}} ${7*7} {% raw %}{{ x }}{% endraw %} <%= 7*7 %>",
    "right-to-left override": "\u202eevil.exe\u202c txt",
    "zero-width characters": "zero\u200bwidth\u200djoiner\ufeffbom",
    "emoji and other scripts": "👋🏽 🏳️‍🌈 مرحبا नमस्ते",
}
COMBINED = "\n".join(PAYLOADS.values())
FORMULA = '=HYPERLINK("http://example.org/?leak","click me")'
NAMES = {"Ann": '<img src=x onerror=alert("name")>', "Bo": "{{7*7}} \u202eevil\u202c 👋🏽",
         "Cy": "</style><style>body{display:none}</style>"}
TOO_LONG = "L" * 100_000
LONGEST_TEXT = "T" * 5_000  # a text answer's limit
LONGEST_FIELD = "F" * 2_000  # a list entry's field's limit
# What no view may hold: an element made from a payload.
DANGER = ("script, style, iframe, object, embed, [onerror], [onload], img[src='x'], "
          "a[href^='javascript' i], svg[onload]")


class Checked:
    """What each view was checked for: fields holding every payload, and display names."""

    def __init__(self):
        self.views: dict[str, tuple[list[str], int]] = {}

    def add(self, view: str, fields: list[str], names: int = 0) -> None:
        self.views[view] = (fields, names)

    def table(self) -> str:
        lines = ["Stored payloads, shown as text: each field below held all the payloads; each view was checked "
                 "for every payload once per field; \"other\": display names typed as payloads, or PDF checks",
                 f"payloads: {len(PAYLOADS)} ({', '.join(PAYLOADS)}); display names: {len(NAMES)}", "",
                 f"{'view':<62} {'other':>5} {'checks':>6}  fields", "-" * 140]
        total = 0
        for view, (fields, names) in self.views.items():
            count = len(fields) * len(PAYLOADS) + names
            total += count
            lines.append(f"{view:<62} {names:>5} {count:>6}  {', '.join(fields)}")
        lines.append(f"{'total checks (payload x field x view, and names)':<68} {total:>6}")
        return "\n".join(lines) + "\n"


def shown_as_text(root, view: str, fields: list[str], checked: Checked, *, names: tuple[str, ...] = (),
                  texts: tuple[str, ...] = ()) -> None:
    """Every payload is in the view's text as typed, once per field that holds it; the names
    and other texts too; and no element was made from any of them."""
    content = root.text_content()
    for name, payload in PAYLOADS.items():
        assert content.count(payload) >= len(fields), f"{view}: {name} is not shown as typed in every field"
    for text in (*(NAMES[n] for n in names), *texts):
        assert text in content, f"{view}: {text[:40]!r} is not shown"
    assert root.locator(DANGER).count() == 0, f"{view}: an element was made from a payload"
    checked.add(view, fields, len(names))


def page_is_safe(visitor: Visitor) -> None:
    assert visitor.dialogs == [], visitor.dialogs
    assert visitor.errors == [], visitor.errors
    expect(visitor.page.locator("body")).to_be_visible()  # the CSS payload did not hide the page


# --- entering text through the real pages ---------------------------------------------------


def text_box(page, label: str):
    return page.locator(".coprod-text", has=page.get_by_label(label, exact=True))


def save_text(page, label: str, text: str) -> None:
    box = text_box(page, label)
    box.get_by_label(label, exact=True).fill(text)
    box.get_by_role("button", name=f"Save: {label}").click()
    expect(box.locator(".coprod-message")).to_have_text("Saved.")


def refused_and_kept(field, message, limit: int) -> None:
    """A text over the limit: the person is told, in plain words, and keeps every character."""
    expect(message).to_contain_text(f"is 100,000 characters long; the limit is {limit:,}. Please shorten it.")
    assert len(field.input_value()) == len(TOO_LONG)


def add_note(page, question: str, text: str, *, post: bool = True) -> None:
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=question))
    section.get_by_label("Add a response").fill(text)
    section.get_by_role("button", name=f"Add response to: {question}").click()
    expect(section.locator(".coprod-message")).to_have_text("Saved.")
    if post:
        section.locator("li.coprod-response").last.get_by_label("Post to the board").check()
        expect(section.locator(".coprod-message")).to_have_text("Posted to the board.")


def add_entry(page, first_label: str, values: dict[str, str]):
    box = page.locator(".coprod-list", has=page.get_by_label(first_label, exact=True))
    for label, text in values.items():
        box.get_by_label(label, exact=True).fill(text)
    box.locator("form.coprod-entry-form").get_by_role("button").click()
    return box


ALREADY = "What do I already know about co-production?"
WANT = "What do I want to know about co-production?"
GLOSSARY_TERM, GLOSSARY_MEANING = "Word, jargon or acronym", "What it means, in plain words"
NEEDS = "What might they need to be involved?"
REFLECTION = "What do you now know about co-production?"
USEFUL = "Which parts of the training did you find useful?"
ANYTHING = "Is there anything else that you would like to add?"
COMMITMENT = "What is one thing you plan to do following the training?"


# --- the room ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("payloads"), "Payload test")


def join(browser, room, key: str, viewport) -> Visitor:
    visitor = Visitor(browser, room, viewport)
    page = visitor.open(room.join_url)
    name = page.get_by_label("Your name (as others will see it)")
    if key == "Ann":  # a 100,000-character name: the box takes no more than the limit
        name.fill(TOO_LONG)
        assert len(name.input_value()) <= 60
    name.fill(NAMES[key])
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("You are taking part as")).to_contain_text(NAMES[key])
    return visitor


def test_typed_payloads_show_as_text_in_every_view(browser, room, tmp_path):
    checked = Checked()
    facilitator = Visitor(browser, room, LAPTOP)
    people = {}
    try:
        console = facilitator.open(room.facilitator_url)
        people = {key: join(browser, room, key, PHONE if key == "Bo" else LAPTOP) for key in NAMES}
        ann, bo, cy = (people[k].page for k in NAMES)

        # Two groups: Ann and Bo, and Cy; a stakeholder for Group 1 in Activity 7.
        console_section(console, "Room and groups")
        console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
        expect(console.get_by_role("status").filter(has_text="Made 1 group.")).to_be_visible()
        console.get_by_role("button", name="Add an empty group").click()
        console.get_by_label(f"Group of {NAMES['Cy']}").select_option(label="Group 2")
        expect(console.get_by_role("heading", name="Group 2 (1)")).to_be_visible()
        for page, group in ((ann, "Group 1"), (bo, "Group 1"), (cy, "Group 2")):
            expect(page.get_by_role("heading", name=group)).to_be_visible(timeout=LIVE_MS)
        show_board(console, 7)
        console.get_by_label("Stakeholder for Group 1").select_option(label="Paid staff")

        # Ann fills every kind of field; over-long texts are refused and kept in the box.
        box = text_box(ann, "Our scenario")
        box.get_by_label("Our scenario", exact=True).fill(TOO_LONG)
        box.get_by_role("button", name="Save: Our scenario").click()
        refused_and_kept(box.get_by_label("Our scenario", exact=True), box.locator(".coprod-message"), 5_000)
        save_text(ann, "Our scenario", COMBINED)

        open_activity(ann, 1)
        section = ann.locator("section.coprod-question", has=ann.get_by_role("heading", name=WANT))
        section.get_by_label("Add a response").fill(TOO_LONG)
        section.get_by_role("button", name=f"Add response to: {WANT}").click()
        refused_and_kept(section.get_by_label("Add a response"), section.locator(".coprod-message"), 5_000)
        add_note(ann, WANT, LONGEST_TEXT)
        add_note(ann, ALREADY, COMBINED)

        open_activity(ann, 4, step="Our collective assets")
        assets = add_entry(ann, "Add to Knowledge", {"Add to Knowledge": COMBINED})
        expect(assets.locator(".coprod-message")).to_have_text("Added.")

        open_activity(ann, 5)
        glossary = add_entry(ann, GLOSSARY_TERM, {GLOSSARY_TERM: TOO_LONG, GLOSSARY_MEANING: COMBINED})
        refused_and_kept(glossary.get_by_label(GLOSSARY_TERM, exact=True), glossary.locator(".coprod-message"), 2_000)
        add_entry(ann, GLOSSARY_TERM, {GLOSSARY_TERM: COMBINED, GLOSSARY_MEANING: LONGEST_FIELD})
        expect(glossary.locator(".coprod-message")).to_have_text("Added.")

        open_activity(ann, 7)
        save_text(ann, NEEDS, COMBINED)
        open_activity(ann, 10)
        save_text(ann, REFLECTION, COMBINED)
        open_activity(ann, 11, step="Your comments")
        save_text(ann, USEFUL, COMBINED)
        save_text(ann, ANYTHING, LONGEST_TEXT)
        open_activity(ann, 12)
        save_text(ann, COMMITMENT, COMBINED)

        # Cy, in the other group: a note, the group's scenario, and a commitment that is a formula.
        save_text(cy, "Our scenario", COMBINED)
        open_activity(cy, 1)
        add_note(cy, ALREADY, COMBINED)
        open_activity(cy, 12)
        save_text(cy, COMMITMENT, FORMULA)
        people["Ann"].screenshot("payloads-writer-1280")

        # --- Bo's page: the other member of Group 1 --------------------------------------------
        app = bo.locator(".coprod-app")
        expect(bo.locator(".coprod-group-line")).to_contain_text(NAMES["Ann"], timeout=LIVE_MS)
        expect(bo.get_by_label("Our scenario", exact=True)).to_have_value(COMBINED, timeout=LIVE_MS)
        checked.add("a member's page: group line", [], 1)
        checked.add("a member's page: group text box", ["scenario"])
        open_activity(bo, 4, step="Our collective assets")
        expect(app).to_contain_text("javascript:alert(1)", timeout=LIVE_MS)
        shown_as_text(bo.locator(".coprod-grid"), "a member's page: Activity 4b", ["assets box"], checked)
        open_activity(bo, 5)
        expect(bo.locator(".coprod-entries").first).to_contain_text("p-link", timeout=LIVE_MS)
        shown_as_text(bo.locator(".coprod-list").first, "a member's page: Activity 5", ["glossary term"], checked,
                      names=("Ann",), texts=(LONGEST_FIELD,))
        open_activity(bo, 7)
        expect(bo.get_by_label(NEEDS, exact=True)).to_have_value(COMBINED, timeout=LIVE_MS)
        checked.add("a member's page: Activity 7 grid cell box", ["needs grid cell"])
        open_activity(bo, 12)
        wall = bo.locator(".coprod-wall")
        expect(wall).to_contain_text("p-svg", timeout=LIVE_MS)
        shown_as_text(wall, "a member's page: commitments wall", ["commitment"], checked, names=("Ann",))
        people["Bo"].screenshot("payloads-member-375")

        # --- the facilitator's boards ----------------------------------------------------------
        boards = {
            1: (["note (Group 1)", "note (Group 2)"], ("Ann", "Cy"), (LONGEST_TEXT,)),
            4: (["assets box"], ("Ann",), ()),
            5: (["glossary term"], ("Ann",), (LONGEST_FIELD,)),
            7: (["needs grid cell"], (), ()),
            10: (["reflection"], ("Ann",), ()),
            11: (["evaluation open answer"], (), (LONGEST_TEXT,)),
            12: (["commitment"], ("Ann", "Cy"), (FORMULA,)),
        }
        for number, (fields, names, texts) in boards.items():
            board = show_board(console, number)
            if number == 10:  # reflections (and 11's open answers) are private: folded until asked for
                console.get_by_label("Show private answers (not for the projector)").check()
            expect(board).to_contain_text("p-script", timeout=LIVE_MS)
            shown_as_text(board, f"facilitator's board, Activity {number}", fields, checked, names=names, texts=texts)
            if number == 1:
                facilitator.screenshot("payloads-board1-1280")
        console_section(console, "Room and groups")
        for name in NAMES.values():
            expect(console.get_by_label(f"Group of {name}")).to_be_visible()
        assert console.locator(f".coprod-console-body :is({DANGER})").count() == 0
        checked.add("console: room and groups", [], len(NAMES))

        # --- results revealed to the room, on Bo's page --------------------------------------------
        for number, fields, names in ((1, ["note (Group 1)", "note (Group 2)"], ("Ann", "Cy")),
                                      (12, ["commitment"], ("Ann",))):
            show_board(console, number)
            console.get_by_label("Show this activity's results to participants").check()
            open_activity(bo, number)
            results = room_results(bo, timeout=LIVE_MS)
            expect(results.get_by_role("heading", name=re.compile("^The room's results"))).to_be_visible(
                timeout=LIVE_MS)
            shown_as_text(results, f"revealed results on a member's page, Activity {number}", fields, checked,
                          names=names)
        people["Bo"].screenshot("payloads-revealed-375")

        # --- the report and the exports, made from the console --------------------------------------
        console_section(console, "Take home")

        def download(label: str) -> Path:
            with console.expect_download(timeout=180_000) as made:
                console.get_by_role("button", name=label).click()
            path = tmp_path / made.value.suggested_filename
            made.value.save_as(path)
            return path

        every_field = ["note (Group 1)", "note (Group 2)", "assets box", "glossary term", "needs grid cell",
                       "reflection", "evaluation open answer", "commitment"]
        report = Visitor(browser, room, LAPTOP)
        try:
            report.page.goto(download("Facilitator's full report, with private answers (web page)").as_uri())
            shown_as_text(report.page.locator("body"), "report (web page)", every_field, checked,
                          names=tuple(NAMES), texts=(LONGEST_TEXT, LONGEST_FIELD))
            page_is_safe(report)
        finally:
            report.close()
        full_pdf = download("Facilitator's full report, with private answers (PDF)")
        text = subprocess.run(["pdftotext", str(full_pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        # pdftotext joins words broken at a hyphen ("p-\nscript" -> "pscript"): compare without
        # blank space and hyphens.
        flat = re.sub(r"[\s-]+", "", text)
        ascii_payloads = [name for name, payload in PAYLOADS.items() if payload.isascii()]
        for name in ascii_payloads:
            assert flat.count(re.sub(r"[\s-]+", "", PAYLOADS[name])) >= len(every_field), \
                f"report PDF: {name} is not printed as typed in every field"
        # pdftotext reorders right-to-left and joining characters, so only the ASCII payloads are
        # compared; the count column holds payload x field checks, not names.
        checked.add(f"report (PDF read back; its {len(ascii_payloads)} ASCII payloads x 8 fields)", [],
                    len(every_field) * len(ascii_payloads))

        import openpyxl

        workbook = openpyxl.load_workbook(download("Every answer (Excel)"))
        cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
        answers = [str(c.value) for row in workbook["answers"].iter_rows() for c in row if c.value is not None]
        stored = ["scenario (Group 1)", "scenario (Group 2)", *every_field]
        for name, payload in PAYLOADS.items():
            assert sum(value.count(payload) for value in answers) >= len(stored), f"Excel: {name}"
        assert any(cell.value == FORMULA and cell.data_type == "s" for cell in cells)
        checked.add("export: Excel, read back (no formula cell)", stored)
        with zipfile.ZipFile(download("Every answer (CSV files, zipped)")) as archive:
            csv_text = archive.read("answers.csv").decode("utf-8")
        assert "'" + FORMULA.replace('"', '""') in csv_text, "the formula is not protected in the CSV"
        for name, payload in PAYLOADS.items():
            assert csv_text.count(payload.replace('"', '""')) >= len(stored), f"CSV: {name}"
        checked.add("export: CSV, read back (formula protected)", stored)

        for visitor in (facilitator, *people.values()):
            page_is_safe(visitor)
    finally:
        for visitor in (facilitator, *people.values()):
            visitor.close()
    (ARTIFACTS / "security-payloads.txt").write_text(checked.table())
    print("\n" + checked.table())


def test_no_formula_cell_reads_back(tmp_path):
    """The exports' reader check itself: an XLSX cell written as a formula is seen as one."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = FORMULA
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    cell = openpyxl.load_workbook(data).active["A1"]
    assert cell.data_type == "f"  # so the assertion above can fail
