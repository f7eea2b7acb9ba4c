"""The dot vote in Chromium, on a copy of the course with the where-to-spend-our-time extension
enabled (it ships disabled): a person on a 375 px phone spreads three dots with taps and with
the keyboard, hears how many are left, finds them kept after a reload, and the facilitator's
board shows the totals; the axe audit finds nothing."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    Visitor,
    assert_no_axe_violations,
    assert_page_is_clean,
    start_server,
)
from tests.browser.steps import join, open_activity, show_board
from tests.browser.test_phone import CUT_OFF, SMALLEST, control_names
from tests.extended_content import extended_copy

EXTENSION = "where-to-spend-our-time"
NUMBER = 13
VALUES = "Activity 3: Exploring your values"
POWER = "Activity 8: Examining power in co-production"
LIVE_MS = 15_000


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dots")
    content = extended_copy(tmp / "content", [EXTENSION])
    yield from start_server(tmp, "Dots", args=("--content", str(content)))


def dots(page):
    return page.get_by_role("group", name="Your dots")


def option(page, text: str):
    return dots(page).locator(".coprod-dots-option").filter(has=page.locator(".coprod-dots-text", has_text=text))


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def reflowed(page, seconds: float = 10) -> list[str]:
    """What is cut off once the page has reflowed (polled from here: the pages' Content-Security-
    Policy refuses the eval that Playwright's wait_for_function polls with)."""
    deadline = time.monotonic() + seconds
    while (cut := page.evaluate(CUT_OFF)) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return cut


def test_dots_spread_with_taps_and_keys_kept_and_counted_on_the_board(browser, room):
    person = join(browser, room, "Ada", PHONE)
    page = person.page
    open_activity(page, NUMBER)
    vote = dots(page)
    left = vote.locator(".coprod-dots-left")
    expect(left).to_have_text("3 of 3 dots left")
    expect(left).to_have_attribute("aria-live", "polite")
    # Every "+" and "−" is named for its option, and big enough for a finger.
    add_values = vote.get_by_role("button", name=f"Add a dot to {VALUES}", exact=True)
    take_values = vote.get_by_role("button", name=f"Take a dot off {VALUES}", exact=True)
    expect(vote.get_by_role("button", name=re.compile("^Add a dot to "))).to_have_count(12)
    box = add_values.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    expect(take_values).to_have_attribute("aria-disabled", "true")

    # Taps: two dots on one activity. How many are left stays on the screen, under the options,
    # while the first options are at its top and the last are far below.
    add_values.click()
    vote.get_by_role("button", name=re.compile("^Add a dot to Activity 1: ")).scroll_into_view_if_needed()
    assert on_screen(page, left)
    expect(left).to_have_text("2 of 3 dots left")
    add_values.click()
    expect(left).to_have_text("1 of 3 dots left")
    expect(option(page, VALUES).locator(".coprod-dots-words")).to_have_text("2 dots")

    # The keyboard: Tab to a "+" and press Enter, then Space on the same button once all are placed.
    add_power = vote.get_by_role("button", name=f"Add a dot to {POWER}", exact=True)
    add_power.focus()
    page.keyboard.press("Enter")
    expect(left).to_have_text("0 of 3 dots left")
    expect(option(page, POWER).locator(".coprod-dots-words")).to_have_text("1 dot")
    expect(add_power).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Space")
    expect(person.page.locator(".coprod-dots .coprod-message")).to_contain_text("No dots left")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Add a dot to {POWER}"
    assert on_screen(page, person.page.locator(".coprod-dots .coprod-message"))
    page.screenshot(path=ARTIFACTS / "screenshots" / "dot-vote-375-screen.png")
    person.screenshot("dot-vote-375")
    assert_page_is_clean(person)
    assert_no_axe_violations(person, "dot-vote-375")
    assert page.evaluate(CUT_OFF) == []
    assert {key: n for key, n in control_names(page).items() if n > 1} == {}, "controls that share a name"
    # The smallest phone, and text at 200%: nothing cut off, and the count still on the screen.
    page.set_viewport_size(SMALLEST)
    assert reflowed(page) == []
    page.add_style_tag(content="html, html.coprod-size-larger { font-size: 200% !important; }")
    page.wait_for_timeout(300)
    assert page.evaluate(CUT_OFF) == [], "cut off at 320 px with text at 200%"
    # Tabbing back up to a "+": it is scrolled to above the sticky count, not hidden under it.
    add_values.focus()
    assert on_screen(page, left) and on_screen(page, add_values)
    assert add_values.bounding_box()["y"] + add_values.bounding_box()["height"] <= \
        page.locator(".coprod-dots-footer").bounding_box()["y"]
    page.screenshot(path=ARTIFACTS / "screenshots" / "dot-vote-320-text-200-screen.png")
    person.screenshot("dot-vote-320-text-200")
    page.set_viewport_size(PHONE)

    # Kept: the page opened again shows the same dots.
    page.reload()
    page.wait_for_selector("#loading", state="detached")
    open_activity(page, NUMBER)
    expect(dots(page).locator(".coprod-dots-left")).to_have_text("0 of 3 dots left")
    expect(option(page, VALUES).locator(".coprod-dots-words")).to_have_text("2 dots")
    expect(option(page, POWER).locator(".coprod-dots-words")).to_have_text("1 dot")

    # A second person, on a laptop, takes one of the dots they place off again with "−".
    other = join(browser, room, "Bea", LAPTOP)
    open_activity(other.page, NUMBER)
    their = dots(other.page)
    their.get_by_role("button", name=f"Add a dot to {POWER}", exact=True).click()
    their.get_by_role("button", name=f"Add a dot to {VALUES}", exact=True).click()
    expect(their.locator(".coprod-dots-left")).to_have_text("1 of 3 dots left")
    their.get_by_role("button", name=f"Take a dot off {VALUES}", exact=True).click()
    expect(their.locator(".coprod-dots-left")).to_have_text("2 of 3 dots left")
    other.screenshot("dot-vote-1280")
    assert_no_axe_violations(other, "dot-vote-1280")

    # The facilitator's board: the room's totals, most dots first, the numbers in words.
    facilitator = Visitor(browser, room, LAPTOP)
    console = facilitator.open(room.facilitator_url)
    board = show_board(console, NUMBER)
    expect(board).to_contain_text("The room: 4 dots from 2 people, most dots first.", timeout=LIVE_MS)
    rows = board.locator(".coprod-dotbar-row")
    expect(rows.nth(0)).to_contain_text(VALUES)
    expect(rows.nth(0)).to_contain_text("2 dots")
    expect(rows.nth(1)).to_contain_text(POWER)
    expect(rows.nth(1)).to_contain_text("2 dots")
    expect(board).not_to_contain_text("Ada")
    facilitator.screenshot("dot-vote-board-1280")
    assert_page_is_clean(facilitator)

    # Shown to the room: the projector, and each person's page, show the totals and no name.
    screen = Visitor(browser, room, LAPTOP)
    screen.open(room.presenter_url)
    remote = console.locator(".coprod-remote")
    remote.get_by_role("button", name=re.compile(r"^Next: run 0\. ")).click()
    remote.get_by_role("button", name=re.compile(rf"^Next: run {NUMBER}\. ")).click()
    expect(screen.page.get_by_role("heading", level=1)).to_have_text(f"Activity {NUMBER}: Where to spend our time",
                                                                      timeout=LIVE_MS)
    remote.get_by_role("button", name=f"Show the results of {NUMBER} to the room").click()
    shown = screen.page.locator(".coprod-presenter-results")
    expect(shown).to_contain_text("The room: 4 dots from 2 people, most dots first.", timeout=LIVE_MS)
    expect(shown.locator(".coprod-dotbar-row").first).to_contain_text("2 dots")
    expect(page.locator(".coprod-room-results")).to_contain_text("The room: 4 dots from 2 people", timeout=LIVE_MS)
    for visitor in (screen, person):
        text = visitor.page.inner_text("body")
        assert "Bea" not in text.replace("You are taking part as Bea", "")
    screen.screenshot("dot-vote-presenter-1280")
    assert_no_axe_violations(screen, "dot-vote-presenter")
    for visitor in (person, other, facilitator, screen):
        visitor.close()
