"""The follow-up months later, as a person lives it: they agree in Activity 12 to be contacted,
the facilitator writes the mail merge with `coprod followup`, and the link in it opens that
person's follow-up questionnaire on a 375 px phone, answered, opened again and changed, then
stopped by the person themselves."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from coprod.cli import cli
from tests.browser.conftest import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    Visitor,
    assert_no_axe_violations,
    assert_page_is_clean,
    start_server,
)
from tests.browser.steps import go_to_step, join, open_step
from tests.browser.test_phone import CUT_OFF, SMALLEST, control_names

PLAN = "What is one thing you plan to do following the training?"
USED = "How have you used this training or the toolkit since the workshop?"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("followup"), "Follow-up")


@pytest.fixture(scope="module")
def link(browser, room, tmp_path_factory):
    """Tess's follow-up link, from the mail merge, after she agreed on the day; Uri did not agree."""
    for name, email in (("Tess", "tess@example.org"), ("Uri", None)):
        visitor = join(browser, room, name, PHONE)
        page = open_step(visitor.page, 12, "Your next step")
        page.get_by_label(PLAN, exact=True).fill(f"{name} will <b>ask carers</b> first")
        page.get_by_role("button", name=f"Save: {PLAN}").click()
        expect(page.locator(".coprod-text", has=page.get_by_label(PLAN, exact=True)).get_by_role("status")
               ).to_have_text("Saved.")
        if email:
            go_to_step(page, "Keeping in touch")
            page.get_by_label(re.compile("^Yes, you may email me")).check()
            page.get_by_label("Email address").fill(email)
            page.get_by_role("button", name="Save my choice").click()
            expect(page.get_by_text("Saved. Only the facilitator's follow-up list")).to_be_visible()
        visitor.close()
    out = tmp_path_factory.mktemp("merge") / "links.csv"
    result = CliRunner().invoke(cli, ["followup", "--database", room.database, "--workshop", room.code,
                                      "--url", room.base, "--output", str(out)])
    assert result.exit_code == 0, result.output
    merge = pd.read_csv(io.BytesIO(out.read_bytes()), encoding="utf-8-sig")
    assert merge["name"].tolist() == ["Tess"]
    assert merge["commitment"].tolist() == ["Tess will <b>ask carers</b> first"]
    return merge["link"][0]


def test_a_followup_answered_on_a_phone_from_its_link_then_changed_then_stopped(browser, room, link):
    tess = Visitor(browser, room, PHONE)
    page = tess.open(link)
    expect(page.get_by_role("heading", name="How has it gone since the workshop?")).to_be_visible()
    plan = page.locator(".coprod-followup-plan")
    expect(plan).to_have_text("Tess will <b>ask carers</b> first")  # her words, as text
    expect(page.get_by_role("heading", name=re.compile(r"^Activity \d+:"))).to_have_count(0)  # only this page

    kept = page.get_by_role("group", name="The one thing I planned to do following the training")
    kept.get_by_role("radio", name="I have started").click()
    expect(kept.get_by_role("radio", name="I have started")).to_be_checked()
    page.get_by_label(USED, exact=True).fill("I ran a meeting with carers")
    page.get_by_role("button", name=f"Save: {USED}").click()
    expect(page.locator(".coprod-text", has=page.get_by_label(USED, exact=True)).get_by_role("status")
           ).to_have_text("Saved.")
    confident = page.get_by_role("group", name="I am confident to take part in co-production")
    confident.get_by_role("radio", name="Agree", exact=True).click()
    expect(confident.get_by_role("radio", name="Agree", exact=True)).to_be_checked()
    # Activity 11's answer was never given on the day: said so, not guessed.
    expect(page.locator("table.coprod-scale-compare")).to_contain_text("Not answered yet")

    assert page.evaluate(CUT_OFF) == []
    tess.screenshot("followup-375")
    assert_no_axe_violations(tess, "followup")
    assert_page_is_clean(tess)
    assert {key: n for key, n in control_names(page).items() if n > 1} == {}, "controls that share a name"
    page.add_style_tag(content="html, html.coprod-size-larger { font-size: 200% !important; }")
    page.wait_for_timeout(300)
    assert page.evaluate(CUT_OFF) == [], "cut off at 375 px with text at 200%"
    tess.screenshot("followup-375-text-200")

    # Opened again: answered once, every answer there, and each can be changed.
    page = tess.open(link)
    expect(page.get_by_text(re.compile("^You answered on"))).to_be_visible()
    kept = page.get_by_role("group", name="The one thing I planned to do following the training")
    expect(kept.get_by_role("radio", name="I have started")).to_be_checked()
    expect(page.get_by_label(USED, exact=True)).to_have_value("I ran a meeting with carers")
    kept.get_by_role("radio", name="Yes, I have done it").click()
    expect(page.locator(".coprod-scale > .coprod-message").first).to_have_text("Saved.")
    page.set_viewport_size(SMALLEST)
    page.wait_for_function(f"({CUT_OFF})().length === 0", timeout=10_000)  # once the page has reflowed
    page.set_viewport_size(LAPTOP)
    tess.screenshot("followup-laptop")
    page.set_viewport_size(PHONE)

    # She asks not to be contacted again: the link stops there and then.
    page.get_by_role("button", name="Please do not contact me again about this training.").click()
    expect(page.get_by_text(re.compile("^We will not contact you again"))).to_be_visible()
    page.get_by_text(re.compile("^We will not contact you again")).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "followup-stop-375.png"))
    page = tess.open(link)
    expect(page.get_by_role("heading", name="This link no longer opens")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    tess.screenshot("followup-stopped-375")
    tess.close()


def test_the_card_sort_board_says_where_the_room_stands(browser, room, link):
    from coprod.content import load
    from coprod.store import Store
    from tests.browser.steps import show_board

    store = Store(room.database)
    workshop = store.find_workshop(room.code)
    people = store.participants(workshop)  # Tess and Uri, from the link's fixture
    people += [store.join(workshop, name)[0] for name in ("Vi", "Wes", "Xan")]
    task = load().activity("defining-co-production").parts[0].tasks[0]
    agreed, divided = task.cards[0], task.cards[1]
    for n, person in enumerate(people):  # all 5 agree on the first; 2 agree, 3 disagree on the second
        store.save(person, "defining-co-production", task.id, agreed.id, {"choice": 0, "pile": "Agree"})
        choice = 0 if n < 2 else 2
        store.save(person, "defining-co-production", task.id, divided.id,
                   {"choice": choice, "pile": task.piles[choice]})
    store.dispose()

    facilitator = Visitor(browser, room, LAPTOP)
    board = show_board(facilitator.open(room.facilitator_url), 2)
    stance = board.locator(".coprod-room-stance").first  # the room's; each group's follows
    expect(stance).to_contain_text("The room agrees on:")
    expect(stance).to_contain_text("(5 agree, 0 disagree, of 5)")
    expect(stance).to_contain_text("The room is split on:")
    expect(stance).to_contain_text("(2 agree, 3 disagree, of 5)")
    stance.scroll_into_view_if_needed()
    facilitator.page.screenshot(path=str(ARTIFACTS / "screenshots" / "card-sort-stance-laptop.png"))
    assert_no_axe_violations(facilitator, "card-sort-stance")
    facilitator.close()
