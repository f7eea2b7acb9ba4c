"""Steps the browser tests share: moving around the participant app and the console."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def console_section(page, name: str):
    """Open a section of the facilitator's console by its navigation button."""
    page.get_by_role("navigation", name="Console").get_by_role("button", name=name).click()
    expect(page.get_by_role("navigation", name="Console").get_by_role("button", name=name)).to_have_attribute(
        "aria-current", "page")
    return page


def choose_activity(select, number: int) -> None:
    """Choose an activity by its number in a dropdown (ipywidgets writes the spaces as no-break ones).
    The options arrive with the widget's state, maybe after the dropdown itself: wait for them."""
    option = select.locator("option", has_text=re.compile(f"^{number}\\.[\\s\xa0]"))
    expect(option).to_have_count(1)
    select.select_option(label=option.text_content())


def show_board(page, number: int):
    """Open the console's boards at one activity's board."""
    console_section(page, "Boards")
    choose_activity(page.get_by_label("Board", exact=True), number)
    expect(page.locator(".coprod-board-title")).to_contain_text(f"Activity {number}:")
    return page.locator(".coprod-live-board")


def open_activity(page, number: int, *, keyboard: bool = False):
    summary = page.locator("summary.coprod-nav-summary")
    if not page.locator("details.coprod-nav-box").evaluate("d => d.open"):
        summary.click()
    button = page.get_by_role("navigation", name="Activities").get_by_role("button", name=re.compile(f"^{number}\\. "))
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    heading = page.get_by_role("heading", name=re.compile(f"^Activity {number}:"))
    expect(heading).to_be_visible()
    return page


def join(browser, server, name: str, viewport: dict):
    """A new person's browser joining ``server``'s workshop as ``name``, on a screen of
    ``viewport``: their Visitor, once the app shows them an activity."""
    from tests.browser.conftest import Visitor

    visitor = Visitor(browser, server, viewport)
    page = visitor.open(server.join_url)
    page.get_by_label("Your name (as others will see it)").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Activity \d+:"))).to_be_visible()
    return visitor
