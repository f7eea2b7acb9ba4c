"""The facilitator's console through `coprod serve`, with four participants in two groups:
joining screen, allocation by hand, the session plan, the timer, live boards, reveal,
moderation, the evaluation chart, downloads read back, and axe on every section."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, assert_no_axe_violations, assert_page_is_clean, start_server
from tests.browser.steps import choose_activity, console_section, join, open_activity, room_results, show_board

LIVE_MS = 15_000
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> ‮evil‬ 👋🏽'
ALREADY = "What do I already know about co-production?"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("console"), "Console test")


@pytest.fixture(scope="module")
def people(browser, room):
    """The console, and Ada, Ben (phones), Cai and Dee (laptops), joined and not yet grouped."""
    from tests.browser.conftest import Visitor

    facilitator = Visitor(browser, room, LAPTOP)
    facilitator.open(room.facilitator_url)
    members = {}
    for name, viewport in (("Ada", PHONE), ("Ben", PHONE), ("Cai", LAPTOP), ("Dee", LAPTOP)):
        visitor = join(browser, room, name, viewport)
        members[name] = visitor
    yield facilitator, members
    for visitor in (facilitator, *members.values()):
        visitor.close()


def test_the_join_screen_for_the_projector(people, room):
    facilitator, _ = people
    console = facilitator.page
    panel = console.locator(".coprod-join-panel")
    expect(panel.locator(".coprod-big-code")).to_have_text(room.code)
    expect(panel.get_by_role("link")).to_have_attribute("href", re.compile(rf"index\.ipynb\?code={room.code}$"))
    qr = panel.get_by_role("img", name="QR code of the join link")
    expect(qr.locator("svg")).to_be_visible()
    console.get_by_label("Show the join code large (for the projector)").check()
    expect(console.locator(".coprod-join-large")).to_be_visible()
    size = qr.bounding_box()
    assert size["width"] >= 500, f"the QR code is {size['width']} px wide on a 900 px high screen"
    facilitator.screenshot("console-join-large-1280")
    assert_page_is_clean(facilitator)
    assert_no_axe_violations(facilitator, "console-room")
    console.get_by_label("Show the join code large (for the projector)").uncheck()


def test_the_console_on_a_phone_fits_its_screen(browser, room):
    """A facilitator checking the room from a phone: every section readable without sideways scrolling."""
    from tests.browser.conftest import Visitor

    phone = Visitor(browser, room, PHONE)
    try:
        console = phone.open(room.facilitator_url)
        for name in ("Room and groups", "Plan, timer and locks", "Boards", "Take home", "Workshops"):
            box = console.locator("details.coprod-nav-box")
            if not box.evaluate("d => d.open"):  # on a phone the sections fold away after each choice
                box.locator("summary").click()
            console.get_by_role("navigation", name="Console").get_by_role("button", name=name).click()
            expect(box.locator("summary")).to_have_text(f"Console: now {name}")
            overflow = console.evaluate("""() => [document.documentElement, document.querySelector('#rendered_cells')]
                .filter(Boolean).map(e => e.scrollWidth - e.clientWidth)""")
            assert max(overflow) <= 1, f"{name}: {overflow} px wider than the phone's screen"
            phone.screenshot(f"console-{name.split()[0].lower().rstrip(',')}-375")
        assert_page_is_clean(phone)
        assert_no_axe_violations(phone, "console-phone")
    finally:
        phone.close()


def test_allocation_by_hand_into_two_groups(people):
    facilitator, members = people
    console = console_section(facilitator.page, "Room and groups")
    console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
    expect(console.get_by_role("status").filter(has_text="Made 1 group.")).to_be_visible()
    console.get_by_role("button", name="Add an empty group").click()
    expect(console.get_by_role("heading", name="Group 2 (0)")).to_be_visible()
    for name in ("Cai", "Dee"):
        console.get_by_label(f"Group of {name}").select_option(label="Group 2")
        expect(console.get_by_role("status").filter(has_text=f"Moved {name}.")).to_be_visible()
    expect(console.get_by_role("heading", name="Group 1 (2)")).to_be_visible()
    for name, group in (("Ada", "Group 1"), ("Ben", "Group 1"), ("Cai", "Group 2"), ("Dee", "Group 2")):
        expect(members[name].page.get_by_role("heading", name=group)).to_be_visible(timeout=LIVE_MS)
    expect(members["Cai"].page.get_by_text("With Dee.")).to_be_visible()


def test_the_session_plan_is_what_participants_see(people):
    facilitator, members = people
    console = console_section(facilitator.page, "Plan, timer and locks")
    keep = {"1", "9", "11"}
    for row in console.locator(".coprod-plan-row").all():
        box = row.get_by_role("checkbox")
        number = re.search(r"Run (\d+)\.", row.inner_text()).group(1)
        box.set_checked(number in keep)
    console.get_by_label("Minutes for 1 (0: untimed)").fill("5")
    console.get_by_role("button", name="Move 11 up").click()  # 11 before 10, which is left out anyway
    console.get_by_role("button", name="Save the plan").click()
    expect(console.get_by_role("status").filter(has_text="Saved: 3 activities.")).to_be_visible()
    ada = members["Ada"].page
    if not ada.locator("details.coprod-nav-box").evaluate("d => d.open"):  # folded on a phone
        ada.locator("summary.coprod-nav-summary").click()
    nav = ada.get_by_role("navigation", name="Activities")
    expect(nav.get_by_role("button")).to_have_count(4, timeout=LIVE_MS)  # three activities and My notes
    expect(nav.get_by_role("button", name=re.compile("^2\\. "))).to_have_count(0)
    assert_no_axe_violations(facilitator, "console-plan")


def test_the_timer_everyone_sees(people):
    facilitator, members = people
    console = console_section(facilitator.page, "Plan, timer and locks")
    choose_activity(console.get_by_label("Current activity"), 1)
    console.get_by_role("button", name="Bring everyone to this activity").click()
    expect(console.get_by_label("Timer minutes")).to_have_value("5")  # from the plan
    console.get_by_role("button", name="Start the timer for this activity").click()
    for visitor in members.values():
        clock = visitor.page.get_by_role("timer")
        expect(clock).to_contain_text(re.compile(r"Time left for Activity 1: [45]:\d\d"), timeout=LIVE_MS)
    members["Ada"].screenshot("timer-375")
    console.get_by_role("button", name="Stop the timer").click()
    expect(members["Ben"].page.get_by_role("timer")).to_have_count(0, timeout=LIVE_MS)


def post_note(page, text: str):
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=ALREADY))
    section.get_by_label("Add a response").fill(text)
    section.get_by_role("button", name=f"Add response to: {ALREADY}").click()
    response = section.locator("li.coprod-response", has_text=text[:20])
    response.get_by_label("Post to the board").check()
    expect(section.locator(".coprod-message")).to_have_text("Posted to the board.")


def test_live_board_moderation_and_reveal(people):
    facilitator, members = people
    console = facilitator.page
    board = show_board(console, 1)
    post_note(members["Ada"].page, "Sharing power with people who use services")
    post_note(members["Cai"].page, HOSTILE)
    expect(board).to_contain_text("Sharing power with people who use services", timeout=LIVE_MS)
    expect(board).to_contain_text('<script>alert("x")</script>', timeout=LIVE_MS)
    expect(board.get_by_role("heading", name="Group 1")).to_be_visible()
    expect(board.get_by_role("heading", name="Group 2")).to_be_visible()
    assert board.locator("img, script").count() == 0
    facilitator.screenshot("console-board1-1280")
    assert_no_axe_violations(facilitator, "console-board")

    ben = members["Ben"].page
    assert ben.get_by_role("heading", name=re.compile("^The room's results")).count() == 0  # hidden until shown
    console.get_by_label("Hide or show single posts").check()
    hostile_row = console.locator(".coprod-moderation .widget-hbox", has_text="onerror")
    hostile_row.get_by_role("button", name=re.compile("^Hide post")).click()
    expect(board).not_to_contain_text("onerror", timeout=LIVE_MS)
    expect(hostile_row).to_contain_text("(hidden)")
    console.get_by_label("Show this activity's results to participants").check()
    results = room_results(ben, timeout=LIVE_MS)
    expect(results.get_by_role("heading", name=re.compile("^The room's results"))).to_be_visible(timeout=LIVE_MS)
    expect(results).to_contain_text("Sharing power with people who use services")
    expect(results).not_to_contain_text("onerror")
    members["Ben"].screenshot("results-revealed-375")
    assert_no_axe_violations(members["Ben"], "results-revealed")
    for visitor in (facilitator, *members.values()):
        assert_page_is_clean(visitor)
        assert visitor.dialogs == []


def test_the_evaluation_chart_and_its_table(people):
    facilitator, members = people
    for name, choice in (("Ada", "Strongly agree"), ("Ben", "Agree"), ("Dee", "Strongly agree")):
        page = members[name].page
        open_activity(page, 11)
        enjoyed = page.get_by_role("group", name="I enjoyed the training session")
        enjoyed.get_by_role("radio", name=choice, exact=True).click()
        expect(page.locator(".coprod-scale > .coprod-message").first).to_have_text("Saved.")
    board = show_board(facilitator.page, 11)
    expect(board.get_by_role("img", name=re.compile("."))).to_be_visible(timeout=LIVE_MS)
    row = board.get_by_role("row", name=re.compile("I enjoyed the training session"))
    expect(row).to_contain_text("2")
    facilitator.screenshot("console-evaluation-1280")
    assert_no_axe_violations(facilitator, "console-evaluation")


def test_take_home_files_are_what_was_entered(people, tmp_path):
    facilitator, _ = people
    console = console_section(facilitator.page, "Take home")
    assert_no_axe_violations(facilitator, "console-take-home")

    def download(label: str) -> Path:
        with console.expect_download(timeout=120_000) as made:
            console.get_by_role("button", name=label).click()
        path = tmp_path / made.value.suggested_filename
        made.value.save_as(path)
        return path

    import openpyxl

    workbook = openpyxl.load_workbook(download("Every answer (Excel)"))
    texts = [cell.value for row in workbook["answers"].iter_rows() for cell in row]
    assert any(isinstance(t, str) and "Sharing power with people who use services" in t for t in texts)
    anonymous = openpyxl.load_workbook(download("Anonymised: no names, no email addresses (Excel)"))
    cells = [str(c.value) for sheet in anonymous for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(name in cell for cell in cells for name in ("Ada", "Ben", "Cai", "Dee"))

    shared = download("Report for the room (PDF, to print)")
    text = subprocess.run(["pdftotext", str(shared), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sharing power with people who use services" in text and "for the room" in text
    report = download("Facilitator's full report, with private answers (PDF)")
    assert report.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(report), str(tmp_path / "report")], check=True)
    pages = sorted(tmp_path.glob("report*.png"))
    assert pages
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sharing power with people who use services" in text and "Group 2" in text
    assert "onerror" not in text  # the hidden post stays out of the report
    sheets = download("Printable activity sheets (PDF)")
    assert sheets.read_bytes().startswith(b"%PDF")
    expect(console.get_by_role("status").filter(has_text=re.compile(r"\.pdf is ready"))).to_have_count(3)


def test_a_new_workshop_from_the_console(people, browser, room):
    from tests.browser.conftest import Visitor

    facilitator, _ = people
    console = console_section(facilitator.page, "Workshops")
    console.get_by_label("New workshop's name").fill("Second session")
    console.get_by_role("button", name="Create the workshop").click()
    link = console.get_by_role("link", name="open its console")
    expect(link).to_be_visible()
    assert_no_axe_violations(facilitator, "console-workshops")
    other = Visitor(browser, room, LAPTOP)
    try:
        page = other.open(link.get_attribute("href"))
        expect(page.locator(".coprod-join-lead")).to_contain_text("Second session")
        assert_page_is_clean(other)
    finally:
        other.close()


LONG_NAME = "Margaret Featherstonehaugh-Cholmondeley"
ARABIC_NAME = "فاطمة"


def _clipped(locator) -> list[str]:
    """The texts of the elements whose words do not all show (ipywidgets gave labels one line)."""
    return locator.evaluate_all("els => els.filter(e => e.scrollHeight > e.clientHeight + 1"
                                " || e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")


def test_private_answers_folded_labels_whole_and_reflections_readable(people, room, browser):
    """The console on the projector: what people were told only they and the facilitator see is folded
    until asked for; a long name and a right-to-left one are whole in the group list; Activity 7's labels
    name their group; Activity 10's second reflection sits under its question."""
    from coprod.store import Store
    from tests.browser.conftest import Visitor

    facilitator, _ = people
    store = Store(room.database)
    try:
        workshop = store.find_workshop(room.code)
        group = next(g for g in store.groups(workshop) if g.name == "Group 1")
        for name in (LONG_NAME, ARABIC_NAME):
            store.assign_group(store.join(workshop, name)[0], group.id)
        ada = next(p for p in store.participants(workshop) if p.display_name == "Ada")
        store.save(ada, "reflecting", "reflection", "r1/now-know", {"text": "Ada first: it takes time"})
        store.save(ada, "reflecting", "reflection", "r1/still-have", {"text": "Ada first: who pays?"})
        store.save(ada, "reflecting", "reflection", "r2/started", {"at": "2026-12-02T10:00"})
        store.save(ada, "reflecting", "reflection", "r2/now-know", {"text": "Ada second: trust comes first"})
        store.save(ada, "power", "personal-power", "responsibilities", {"text": "Ada runs the lunch club"})
        store.set_setting(workshop, "plan", [{"activity": a, "minutes": None} for a in (
            "what-do-you-know", "stakeholder-needs", "power", "warning-signs", "reflecting", "evaluating")])
    finally:
        store.dispose()

    console = console_section(facilitator.page, "Room and groups")
    for name in (LONG_NAME, ARABIC_NAME):
        expect(console.get_by_label(f"Group of {name}")).to_be_visible(timeout=LIVE_MS)
    assert _clipped(console.locator(".coprod-move .widget-label")) == []

    board = show_board(console, 10)
    private = console.get_by_label("Show private answers (not for the projector)")
    expect(private).not_to_be_checked()
    expect(board.locator(".coprod-private-folded")).to_contain_text("each person's reflections")
    expect(board).not_to_contain_text("Ada second")
    facilitator.screenshot("console-board10-folded-1280")
    assert_no_axe_violations(facilitator, "console-board-private-folded")
    private.check()
    expect(board).to_contain_text("Ada second: trust comes first", timeout=LIVE_MS)
    expect(board.locator(".coprod-private-label").first).to_have_text(
        "Private: seen only by the person who wrote it and the facilitator")
    # Each answer under its question: the second reflection's answer below "What do you now know...".
    for answer in ("Ada first: who pays?", "Ada second: trust comes first"):
        dd = board.locator("dd", has_text=answer)
        dt = dd.locator("xpath=preceding-sibling::dt[1]")
        below, beside = dt.bounding_box(), dd.bounding_box()
        assert beside["y"] >= below["y"] + below["height"] - 1, (answer, below, beside)
    facilitator.screenshot("console-board10-private-shown-1280")
    assert_no_axe_violations(facilitator, "console-board-private-shown")

    choose_activity(console.get_by_label("Board", exact=True), 8)
    expect(board).to_contain_text("Ada runs the lunch club", timeout=LIVE_MS)
    private.uncheck()
    expect(board).not_to_contain_text("Ada runs the lunch club", timeout=LIVE_MS)
    expect(board.locator(".coprod-private-folded")).to_contain_text("each person's card")

    choose_activity(console.get_by_label("Board", exact=True), 7)
    for number in (1, 2):
        expect(console.get_by_label(f"Stakeholder for Group {number}")).to_be_visible()
    assert _clipped(console.locator(".coprod-console-boards .widget-label")) == []
    console.get_by_label("Or a hypothetical one for Group 1").fill("Bus drivers")
    console.get_by_role("button", name="Give it to Group 1").click()
    expect(console.get_by_role("status").filter(has_text="Group 1's stakeholder is now: Bus drivers.")).to_be_visible()
    facilitator.screenshot("console-board7-1280")

    phone = Visitor(browser, room, PHONE)
    try:
        page = phone.open(room.facilitator_url)
        box = page.locator("details.coprod-nav-box")
        if not box.evaluate("d => d.open"):
            box.locator("summary").click()
        assert _clipped(page.locator(".coprod-move .widget-label")) == []
        phone.screenshot("console-room-names-375")
        if not box.evaluate("d => d.open"):
            box.locator("summary").click()
        page.get_by_role("navigation", name="Console").get_by_role("button", name="Boards").click()
        expect(box.locator("summary")).to_have_text("Console: now Boards")  # it folds away on a phone
        choose_activity(page.get_by_label("Board", exact=True), 10)
        board = page.locator(".coprod-live-board")
        expect(board.locator(".coprod-board-title")).to_contain_text("Activity 10:")
        expect(board.locator(".coprod-private-folded")).to_be_visible()
        page.get_by_label("Show private answers (not for the projector)").check()
        expect(board).to_contain_text("Ada second: trust comes first", timeout=LIVE_MS)
        dd = board.locator("dd", has_text="Ada second")
        dt = dd.locator("xpath=preceding-sibling::dt[1]")
        assert dd.bounding_box()["y"] >= dt.bounding_box()["y"] + dt.bounding_box()["height"] - 1
        phone.screenshot("console-board10-private-shown-375")
        assert_no_axe_violations(phone, "console-board-private-phone")
        assert_page_is_clean(phone)
    finally:
        phone.close()
