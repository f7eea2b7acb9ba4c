"""Steps the browser tests share: moving around the participant app and the console."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
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


def open_activity(page, number: int, *, keyboard: bool = False, step: str | None = None):
    """Open an activity from the menu, at its first step or at the step named ``step`` (the page
    itself opens it where the person last was: tests start from a known step)."""
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
    if step is None:
        first_step(page)
    else:
        go_to_step(page, step)
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


# --- an activity's steps (coprod.activities.stepped): one on the screen at a time ---------------


def step_name(page) -> str:
    """The name of the step on the screen ("" for an activity of one step)."""
    names = page.locator(".coprod-body .coprod-step-count:visible .coprod-step-name")
    return names.inner_text() if names.count() else ""


def step_button(page, name: str):
    return page.locator(".coprod-body").get_by_role("button", name=name, exact=True)


def _tap_step_button(page, name: str) -> bool | None:
    """Tap Back or Next and wait for the step to change: True once it has, False if there is no
    such button, None if it went before it could be tapped (the page moved on its own meanwhile:
    an activity opened again comes back to its first step, a reloaded page to where its person
    was), so that the caller looks again."""
    button = step_button(page, name)
    if not button.count():
        return False
    count = page.locator(".coprod-body .coprod-step-count:visible .coprod-step-of")
    try:
        before = count.inner_text(timeout=5_000)
        button.click(timeout=5_000)
    except PlaywrightTimeout:
        return None
    expect(count).not_to_have_text(before)
    return True


def next_step(page) -> bool:
    """Go to the next step, as a person taps Next; False on the last step."""
    while (tapped := _tap_step_button(page, "Next")) is None:
        pass
    return tapped


def first_step(page) -> None:
    while _tap_step_button(page, "Back") is not False:
        pass


def go_to_step(page, name: str):
    """Go through the open activity's steps, with Back and Next, to the one named ``name``."""
    if step_name(page) == name:
        return page
    first_step(page)
    while step_name(page) != name:
        assert next_step(page), f"no step named {name!r} in this activity"
    return page


def open_step(page, number: int, name: str):
    """Open an activity and go to one of its steps."""
    open_activity(page, number)
    return go_to_step(page, name)


def room_results(page, timeout: float | None = None):
    """The room's results of the open activity, once the facilitator shows them: its last step,
    "What the room said"."""
    results = page.locator(".coprod-body .coprod-room-results")
    expect(results).to_be_attached(**({"timeout": timeout} if timeout else {}))
    go_to_step(page, "What the room said")
    return results
