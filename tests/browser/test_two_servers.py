"""Two `coprod serve` processes sharing one PostgreSQL database: a workshop too big for one
machine. Participants on either server, the facilitator on either, everyone sees everyone's
group work and the boards."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, Visitor, assert_page_is_clean, start_server
from tests.browser.steps import join, open_activity, show_board

LIVE_MS = 15_000
ALREADY = "What do I already know about co-production?"


def test_two_servers_one_workshop(browser, postgres_url, tmp_path):
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(contextlib.contextmanager(start_server)(
            tmp_path / "first", "Two servers", database=postgres_url))
        # The second server reopens the same workshop by its code, on the same database.
        second = stack.enter_context(contextlib.contextmanager(start_server)(
            tmp_path / "second", first.code, database=postgres_url))
        assert second.code == first.code and second.base != first.base

        ada = stack.enter_context(contextlib.closing(join(browser, first, "Ada", PHONE)))
        ben = stack.enter_context(contextlib.closing(join(browser, second, "Ben", LAPTOP)))
        facilitator = stack.enter_context(contextlib.closing(Visitor(browser, second, LAPTOP)))
        console = facilitator.open(second.facilitator_url)
        console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
        expect(console.get_by_role("heading", name="Group 1 (2)")).to_be_visible(timeout=LIVE_MS)
        for visitor in (ada, ben):
            expect(visitor.page.get_by_role("heading", name="Group 1")).to_be_visible(timeout=LIVE_MS)

        # Group work written through one server appears on a page of the other.
        scenario = ada.page.locator(".coprod-group").get_by_label("Our scenario", exact=True)
        scenario.fill("A lunch club run with carers")
        ada.page.locator(".coprod-group").get_by_role("button", name="Save: Our scenario").click()
        expect(ben.page.locator(".coprod-group").get_by_label("Our scenario", exact=True)).to_have_value(
            "A lunch club run with carers", timeout=LIVE_MS)

        # A note posted on the first server reaches the board on the second.
        board = show_board(console, 1)
        open_activity(ada.page, 1)
        section = ada.page.locator("section.coprod-question", has=ada.page.get_by_role("heading", name=ALREADY))
        section.get_by_label("Add a response").fill("Sharing decisions")
        section.get_by_role("button", name=f"Add response to: {ALREADY}").click()
        section.locator("li.coprod-response", has_text="Sharing decisions").get_by_label("Post to the board").check()
        expect(section.locator(".coprod-message")).to_have_text("Posted to the board.")
        expect(board).to_contain_text("Sharing decisions (Ada)", timeout=LIVE_MS)

        # The facilitator's link printed by the first server opens the same console there.
        other = stack.enter_context(contextlib.closing(Visitor(browser, first, LAPTOP)))
        other_board = show_board(other.open(first.facilitator_url), 1)
        expect(other_board).to_contain_text("Sharing decisions (Ada)", timeout=LIVE_MS)
        open_activity(ben.page, 1)
        for visitor in (ada, ben, facilitator, other):
            assert_page_is_clean(visitor)
