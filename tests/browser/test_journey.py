"""The participant's journey through `coprod serve`: a group of three, the facilitator's
controls, group work shared live, and the form-based activities by keyboard and by tap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, assert_no_axe_violations, assert_page_is_clean, start_server
from tests.browser.steps import console_section, go_to_step, join, open_activity, room_results, show_board

RULES = "Our ground rules for language"  # Activity 5's second step
POWER = "Who holds the power"  # Activity 8a's second step, once the group has chosen its example
LIVE_MS = 15_000  # "within a couple of seconds" on a quiet machine; generous for a busy CI


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A workshop of its own, so that the group is exactly these three people."""
    yield from start_server(tmp_path_factory.mktemp("journey"), "Journey")


@pytest.fixture(scope="module")
def people(browser, room):
    """The facilitator's console and three participants, grouped by the facilitator."""
    from tests.browser.conftest import Visitor

    facilitator = Visitor(browser, room, LAPTOP)
    console = facilitator.open(room.facilitator_url)
    expect(console.get_by_role("heading", name="Groups")).to_be_visible()
    members = {}
    for name, viewport in (("Uma", PHONE), ("Vic", LAPTOP), ("Wyn", PHONE)):
        visitor = join(browser, room, name, viewport)
        page = visitor.page
        expect(page.get_by_text("You are not in a group yet")).to_be_visible()
        members[name] = visitor
    console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
    expect(console.get_by_role("status").filter(has_text="Made 1 group.")).to_be_visible()
    for visitor in members.values():
        expect(visitor.page.get_by_role("heading", name="Group 1")).to_be_visible(timeout=LIVE_MS)
    yield facilitator, members
    for visitor in (facilitator, *members.values()):
        visitor.close()


def add_entry(page, list_title: str, values: dict[str, str], button: str, *, keyboard: bool = False):
    box = page.locator(".coprod-list", has=page.get_by_role("heading", name=list_title))
    for label, text in values.items():
        box.get_by_label(label, exact=True).fill(text)
    if keyboard:
        box.get_by_label(next(iter(values)), exact=True).press("Enter")  # Enter submits the form
    else:
        box.get_by_role("button", name=button).click()
    expect(box.locator(".coprod-entry", has_text=next(iter(values.values())))).to_be_visible()
    return box


def test_the_group_sees_each_other_and_writes_its_scenario(people):
    _, members = people
    uma, vic = members["Uma"].page, members["Vic"].page
    expect(uma.get_by_text("With Vic, Wyn.")).to_be_visible()
    scenario = uma.locator(".coprod-group").get_by_label("Our scenario", exact=True)
    scenario.fill("A lunch club that aims to reduce carer isolation")
    uma.locator(".coprod-group").get_by_role("button", name="Save: Our scenario").click()
    expect(uma.locator(".coprod-group").get_by_role("status")).to_have_text("Saved.")
    expect(vic.locator(".coprod-group").get_by_label("Our scenario", exact=True)).to_have_value(
        "A lunch club that aims to reduce carer isolation", timeout=LIVE_MS)
    expect(vic.get_by_text("Last saved by Uma.")).to_be_visible()


def test_glossary_and_ground_rules_are_shared_live(people, artifacts):
    _, members = people
    uma, vic, wyn = (members[n].page for n in ("Uma", "Vic", "Wyn"))
    open_activity(uma, 5, keyboard=True)
    open_activity(vic, 5)
    open_activity(wyn, 5)
    buzz = re.compile("^What 'buzz words'")
    add_entry(uma, buzz, {"Word, jargon or acronym": "LOPF",
                          "What it means, in plain words": "Leeds Older People's Forum"}, "Add", keyboard=True)
    go_to_step(vic, RULES)
    add_entry(vic, RULES, {"Ground rule": "No acronyms without saying what they mean"}, "Add ground rule")
    glossary = wyn.locator(".coprod-list", has=wyn.get_by_role("heading", name=buzz))
    expect(glossary.locator(".coprod-entry", has_text="Leeds Older People's Forum")).to_be_visible(timeout=LIVE_MS)
    expect(glossary.get_by_text("Added by Uma")).to_be_visible()
    go_to_step(wyn, RULES)
    rules = wyn.locator(".coprod-list", has=wyn.get_by_role("heading", name="Our ground rules for language"))
    expect(rules.get_by_text("No acronyms without saying what they mean")).to_be_visible(timeout=LIVE_MS)
    members["Wyn"].screenshot("activity5-375")
    members["Vic"].screenshot("activity5-1280")
    for visitor in members.values():
        assert_page_is_clean(visitor)
    assert_no_axe_violations(members["Wyn"], "activity5")


def test_two_members_writing_at_once_lose_nothing(people):
    _, members = people
    uma, vic = members["Uma"].page, members["Vic"].page
    for page in (uma, vic):
        go_to_step(page, RULES)
    label = "How can these ground rules be implemented? What approaches will you use?"
    uma.get_by_label(label, exact=True).fill("Put the rules on the wall")
    vic.get_by_label(label, exact=True).fill("Read them out at the start")
    uma.get_by_role("button", name=f"Save: {label}").click()
    vic.get_by_role("button", name=f"Save: {label}").click()
    box = uma.locator(".coprod-text", has=uma.get_by_label(label, exact=True))
    expect(box.get_by_role("status")).to_have_text("Saved.")
    # Both texts are merged, in both boxes: no notice to act on, no word lost.
    for page in (uma, vic):
        for words in ("Put the rules on the wall", "Read them out at the start"):
            expect(page.get_by_label(label, exact=True)).to_have_value(re.compile(re.escape(words)),
                                                                        timeout=LIVE_MS)
    assert uma.get_by_label(label, exact=True).input_value() == vic.get_by_label(label, exact=True).input_value()


def test_stakeholder_examples_are_added_with_one_tap(people):
    _, members = people
    wyn, uma = members["Wyn"].page, members["Uma"].page
    open_activity(wyn, 6)
    wyn.get_by_text("Examples of stakeholders in the Time to Shine programme").click()
    wyn.get_by_role("button", name="Add to our list: Transport companies (particularly bus companies)").click()
    stakeholders = wyn.locator(".coprod-entries")
    entry = stakeholders.locator(".coprod-entry", has_text="Transport companies")
    expect(entry).to_be_visible()
    entry.get_by_role("button", name=re.compile("^Edit: Transport")).click()
    editing = wyn.get_by_role("form", name=re.compile("^Editing: Transport"))
    why = editing.get_by_label("Why is it important these stakeholders are involved?")
    why.fill("People need to get to the club")
    editing.get_by_role("button", name="Save changes").click()
    expect(stakeholders).to_contain_text("People need to get to the club")
    open_activity(uma, 6)
    expect(uma.locator(".coprod-entries")).to_contain_text("People need to get to the club", timeout=LIVE_MS)
    assert_no_axe_violations(members["Wyn"], "activity6")
    members["Uma"].screenshot("activity6-375")


def test_evaluation_by_keyboard_and_tap_with_goals_beside_it(people):
    _, members = people
    uma = members["Uma"].page
    open_activity(uma, 1)
    question = uma.get_by_role("heading", name="What do I want to know about co-production?")
    want = uma.locator("section.coprod-question", has=question)
    want.get_by_label("Add a response").fill("How to share power")
    want.get_by_role("button", name=re.compile("^Add response")).click()
    want.locator("li.coprod-response", has_text="How to share power").get_by_label("Post to the board").check()
    expect(want.locator(".coprod-message")).to_have_text("Posted to the board.")
    open_activity(uma, 11)
    goals = uma.get_by_role("group", name="I have met my personal goals for attending the training session")
    expect(goals).to_contain_text("How to share power")
    enjoyed = uma.get_by_role("group", name="I enjoyed the training session")
    enjoyed.get_by_role("radio", name="Strongly disagree").focus()
    uma.keyboard.press("ArrowRight")  # radios move and choose with the arrow keys
    expect(enjoyed.get_by_role("radio", name="Disagree", exact=True)).to_be_checked()
    expect(uma.locator(".coprod-scale > .coprod-message")).to_have_text("Saved.")
    goals.get_by_role("radio", name="Strongly agree").click()
    expect(goals.get_by_role("radio", name="Strongly agree")).to_be_checked()
    expect(uma.locator(".coprod-scale > .coprod-message")).to_have_text("Saved.")
    members["Uma"].screenshot("activity11-375")
    assert_no_axe_violations(members["Uma"], "activity11")


def test_commitments_wall_and_follow_up_consent(people):
    _, members = people
    for name in ("Uma", "Vic"):
        page = members[name].page
        open_activity(page, 12)
        label = "What is one thing you plan to do following the training?"
        page.get_by_label(label, exact=True).fill(f"{name} will start a lunch club")
        page.get_by_role("button", name=f"Save: {label}").click()
    uma = members["Uma"].page
    wall = uma.locator(".coprod-wall")
    expect(wall).to_contain_text("Vic will start a lunch club", timeout=LIVE_MS)
    expect(wall).to_contain_text("Uma will start a lunch club")
    go_to_step(uma, "Keeping in touch")
    uma.get_by_label(re.compile("^Yes, you may email me")).check()
    uma.get_by_label("Email address").fill("uma@example.org")
    uma.get_by_role("button", name="Save my choice").click()
    expect(uma.get_by_text("Saved. Only the facilitator's follow-up list")).to_be_visible()
    vic = members["Vic"].page
    assert "uma@example.org" not in vic.content()
    members["Vic"].screenshot("activity12-1280")
    assert_no_axe_violations(members["Uma"], "activity12")


def test_reflection_personal_power_notes_and_comfort(people):
    _, members = people
    page = members["Vic"].page
    open_activity(page, 10)
    page.get_by_label("What do you now know about co-production?", exact=True).fill("That it takes time")
    page.get_by_role("button", name="Save: What do you now know about co-production?").click()
    expect(page.get_by_text("Last saved by Vic.").first).to_be_visible()
    page.get_by_role("button", name="Start a new reflection").click()
    expect(page.get_by_role("heading", name=re.compile("^Reflection 2"))).to_be_visible()
    page.locator("details.coprod-earlier summary").click()
    expect(page.locator("details.coprod-earlier")).to_contain_text("That it takes time")

    open_activity(page, 8, step="Your power and influence")
    page.get_by_label("What power and influence do you have", exact=True).fill("I chair the volunteers' meeting")
    page.get_by_role("button", name="Save: What power and influence do you have").click()
    expect(page.get_by_text("Last saved by Vic.").first).to_be_visible()

    if not page.locator("details.coprod-nav-box").evaluate("d => d.open"):
        page.locator("summary.coprod-nav-summary").click()
    page.get_by_role("navigation", name="Activities").get_by_role("button", name="My notes").click()
    page.get_by_role("textbox", name="My notes").fill("Ask about the bus pass scheme")
    page.get_by_role("button", name="Save: My notes").click()
    expect(page.get_by_text("Last saved by Vic.")).to_be_visible()

    page.get_by_text("Text size and contrast").click()
    page.get_by_label("Larger").check()
    page.get_by_label("High contrast").check()
    expect(page.locator("html")).to_have_class(re.compile("coprod-size-larger"))
    members["Vic"].screenshot("comfort-larger-1280")
    assert_no_axe_violations(members["Vic"], "my-notes-high-contrast")


def test_the_facilitator_locks_and_brings_everyone(people):
    facilitator, members = people
    console = console_section(facilitator.page, "Plan, timer and locks")
    console.get_by_label("Lock 9. Thinking about warning signs").check()
    wyn = members["Wyn"].page
    if not wyn.locator("details.coprod-nav-box").evaluate("d => d.open"):
        wyn.locator("summary.coprod-nav-summary").click()
    locked = wyn.get_by_role("button", name=re.compile("^9\\. .*\\(locked\\)$"))
    expect(locked).to_be_visible(timeout=LIVE_MS)
    locked.click()
    expect(wyn.get_by_text("The facilitator has not opened this activity yet.")).to_be_visible()
    console.get_by_label("Current activity").select_option(label="10. Reflecting on what we have learnt about "
                                                                  "co-production")
    console.get_by_role("button", name="Bring everyone to this activity").click()
    for visitor in members.values():
        expect(visitor.page.get_by_role("heading", name=re.compile("^Activity 10:"))).to_be_visible(timeout=LIVE_MS)
        expect(visitor.page.get_by_text("The facilitator brought everyone to 10.")).to_be_visible()
    facilitator.screenshot("console-1280")
    assert_page_is_clean(facilitator)
    assert_no_axe_violations(facilitator, "console")
    console.get_by_label("Lock 9. Thinking about warning signs").uncheck()
    expect(wyn.get_by_role("button", name=re.compile("^9\\. .*\\(locked\\)$"))).to_have_count(0, timeout=LIVE_MS)


def test_partners_add_to_each_others_assets(people):
    _, members = people
    uma, vic = members["Uma"].page, members["Vic"].page
    open_activity(uma, 4)
    uma.get_by_label("Your partner").select_option(label="Vic")
    question = uma.get_by_role("heading", name="What am I good at? (Vic)")
    section = uma.locator("section.coprod-question", has=question)
    section.get_by_label("Add a response").fill("Listening to people")
    section.get_by_role("button", name=re.compile("^Add response")).click()
    expect(section.locator(".coprod-response-text", has_text="Listening to people")).to_be_visible()
    open_activity(vic, 4)
    own = vic.locator("section.coprod-question", has=vic.get_by_role("heading", name="What am I good at?", exact=True))
    added = own.locator("li.coprod-response", has_text="Listening to people")
    expect(added).to_be_visible(timeout=LIVE_MS)
    expect(added).to_contain_text("Added by Uma")


def test_statement_cards_sorted_compared_and_pulled_into_the_definition(people):
    _, members = people
    uma, vic = members["Uma"].page, members["Vic"].page
    card = "Co-production is making sure service users make all the key decisions"
    for page, pile, keyboard in ((uma, "Disagree", True), (vic, "Agree", False)):
        open_activity(page, 2)
        group = page.get_by_role("group", name=card)
        if keyboard:
            group.get_by_role("radio", name="Agree", exact=True).focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
        else:
            group.get_by_role("radio", name=pile, exact=True).click()
        expect(group.get_by_role("radio", name=pile, exact=True)).to_be_checked()
        go_to_step(page, "Compare your piles")
        expect(page.locator(".coprod-piles")).to_contain_text("1 of 14 cards sorted")
    uma.get_by_label("Your partner").select_option(label="Vic")
    expect(uma.locator(".coprod-differences")).to_contain_text("Cards you and Vic sorted differently (1)")
    sorted_table = uma.locator(".coprod-group-sort")
    expect(sorted_table.locator("tbody tr").first).to_contain_text(card, timeout=LIVE_MS)
    uma.get_by_label("Statement to add to our definition").select_option(label=card)
    uma.get_by_role("button", name="Add it to our definition").click()
    definition = "Our definition of co-production is..."
    go_to_step(vic, "Our definition")
    expect(vic.get_by_label(definition, exact=True)).to_have_value(card, timeout=LIVE_MS)
    members["Uma"].screenshot("activity2-sorted-375")
    assert_no_axe_violations(members["Uma"], "activity2-sorted")


def test_warning_signs_two_picks_and_the_facilitators_board(people):
    facilitator, members = people
    uma, vic, wyn = (members[n].page for n in ("Uma", "Vic", "Wyn"))
    for page in (uma, vic, wyn):
        open_activity(page, 9)
    add_entry(wyn, "Our own examples of things that can go wrong",
              {"Something that can go wrong": "Meetings clash with caring duties"}, "Add to the room's list")
    picks = uma.get_by_role("group", name="Choose 2 problems for your group to work on")
    expect(picks.get_by_label("Meetings clash with caring duties")).to_be_visible(timeout=LIVE_MS)
    picks.get_by_label("The chair of the group who was holding everyone together is going to leave").check()
    picks.get_by_label("Meetings clash with caring duties").check()
    third = picks.get_by_label("You cannot find any service users who want to take part in the co-production journey")
    third.check()
    expect(uma.locator(".coprod-picker > .coprod-message")).to_contain_text("You can choose 2")
    expect(third).not_to_be_checked()
    signs = "What are the warning signs of the problem arising"
    uma.get_by_label(re.compile(f"^{signs} \\(")).first.fill("People stop coming")  # "(<problem>)" follows
    uma.get_by_role("button", name=f"Save: {signs}").first.click()
    vic_picks = vic.get_by_role("group", name="Choose 2 problems for your group to work on")
    expect(vic_picks.get_by_label("Meetings clash with caring duties")).to_be_checked(timeout=LIVE_MS)
    board = show_board(facilitator.page, 9)
    expect(board).to_contain_text("Meetings clash with caring duties", timeout=LIVE_MS)
    expect(board).to_contain_text("People stop coming", timeout=LIVE_MS)
    members["Uma"].screenshot("activity9-375")
    assert_no_axe_violations(members["Uma"], "activity9")


def test_stakeholder_needs_given_filled_and_revealed(people):
    facilitator, members = people
    console = facilitator.page
    show_board(console, 7)
    vic, wyn = members["Vic"].page, members["Wyn"].page
    open_activity(vic, 7)
    open_activity(wyn, 7)
    expect(wyn.get_by_text("The facilitator will give your group a stakeholder")).to_be_visible()
    console.get_by_label("Stakeholder for Group 1").select_option(label="Paid staff")
    expect(vic.get_by_role("heading", name="Your group's stakeholder: Paid staff")).to_be_visible(timeout=LIVE_MS)
    need = "What might they need to be involved?"
    vic.get_by_label(need, exact=True).fill("Time in their working day")
    vic.get_by_role("button", name=f"Save: {need}").click()
    board = console.locator(".coprod-live-board")
    expect(board).to_contain_text("Time in their working day", timeout=LIVE_MS)
    assert wyn.locator(".coprod-room-results .coprod-needs-table").count() == 0  # hidden until revealed
    console.get_by_label("Show this activity's results to participants").check()
    results = room_results(wyn, timeout=LIVE_MS)
    grid = results.locator(".coprod-needs-table")
    expect(grid).to_contain_text("Time in their working day", timeout=LIVE_MS)
    expect(grid.get_by_role("rowheader")).to_contain_text("Paid staff")
    members["Wyn"].screenshot("activity7-375")
    assert_no_axe_violations(members["Wyn"], "activity7")


def test_values_tree_roots_trunk_and_leaves(people):
    _, members = people
    uma, vic = members["Uma"].page, members["Vic"].page
    open_activity(uma, 3)
    happy = uma.locator("section.coprod-question", has=uma.get_by_role("heading", name="What makes you feel happy?"))
    happy.get_by_label("Add a response").fill("Time with family")
    happy.get_by_role("button", name=re.compile("^Add response")).click()
    expect(happy.locator(".coprod-response-text", has_text="Time with family")).to_be_visible()
    open_activity(vic, 3, step="Our values tree")
    expect(vic.get_by_label("Time with family (Uma)")).to_be_visible(timeout=LIVE_MS)
    add_entry(vic, "The trunk: our groups of values", {"Name of a group of values": "Belonging"}, "Add a group")
    vic.get_by_label("Time with family (Uma)").select_option(label="Belonging")
    vic.get_by_text("Make a trunk group a leaf").click()
    vic.get_by_role("button", name="Add to our list: Belonging").click()
    go_to_step(uma, "Our values tree")
    tree = uma.locator(".coprod-tree")
    expect(tree.get_by_role("img", name="Our values tree")).to_be_visible(timeout=LIVE_MS)
    expect(tree.locator("svg")).to_contain_text("Belonging (1)", timeout=LIVE_MS)
    expect(tree.get_by_role("link", name="Download the tree (SVG)")).to_have_attribute("download", "values-tree.svg")
    members["Uma"].screenshot("activity3-tree-375")
    members["Vic"].screenshot("activity3-tree-1280")
    assert_no_axe_violations(members["Vic"], "activity3")


def test_power_ratings_and_heatmap(people):
    _, members = people
    uma, wyn = members["Uma"].page, members["Wyn"].page
    open_activity(uma, 8)
    open_activity(wyn, 8)
    uma.get_by_role("group", name="Which example is your group working on?").get_by_role(
        "radio", name="Example Three: Dealing with a complaint").click()
    go_to_step(wyn, POWER)
    rates = wyn.get_by_role("table", name="Decision: Who sees the complaint?")
    expect(rates).to_be_visible(timeout=LIVE_MS)
    rates.get_by_label("Managers: Holds now").select_option(label="A lot")
    rates.get_by_label("Managers: Should hold").select_option(label="Some")
    go_to_step(uma, "Power now and as it should be")
    heat = uma.get_by_role("table", name="Who sees the complaint?", exact=True)
    expect(heat.get_by_role("row", name=re.compile("^Managers"))).to_contain_text("↓ 1 less", timeout=LIVE_MS)
    members["Uma"].screenshot("activity8-power-375")
    assert_no_axe_violations(members["Uma"], "activity8-power")


NAMELESS = """
() => [...document.querySelectorAll('#rendered_cells button, #rendered_cells input, #rendered_cells textarea,'
                                    + ' #rendered_cells select')]
  .filter((e) => e.offsetParent !== null)
  .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                   || (e.labels && [...e.labels].some((l) => l.textContent.trim()))
                   || (e.tagName === 'BUTTON' && e.textContent.trim())))
  .map((e) => e.outerHTML.slice(0, 120))
"""


@pytest.mark.parametrize("number", [*range(0, 13), "notes"])
def test_every_activity_page_is_accessible(people, number):
    _, members = people
    for name in ("Wyn", "Vic"):  # a phone and a laptop
        visitor = members[name]
        page = visitor.page
        if number == "notes":
            if not page.locator("details.coprod-nav-box").evaluate("d => d.open"):
                page.locator("summary.coprod-nav-summary").click()
            page.get_by_role("navigation", name="Activities").get_by_role("button", name="My notes").click()
            expect(page.get_by_role("heading", name="My notes", exact=True)).to_be_visible()
        else:
            open_activity(page, number)
        width = page.viewport_size["width"]
        visitor.screenshot(f"activity-{number}-{width}")
        assert page.evaluate(NAMELESS) == [], "controls without an accessible name"
        for radio in page.get_by_role("radio").all():  # checked state is exposed, not only drawn
            assert radio.get_attribute("type") == "radio"
        assert_page_is_clean(visitor)
    assert_no_axe_violations(members["Wyn"], f"activity-{number}")


def test_the_personal_link_restores_everything(people, browser, room):
    from tests.browser.conftest import Visitor

    _, members = people
    link = members["Uma"].page.url
    assert re.search(r"[?&]p=", link)
    again = Visitor(browser, room, LAPTOP)
    try:
        page = again.open(link)
        expect(page.get_by_text("You are taking part as Uma")).to_be_visible()
        expect(page.locator(".coprod-group").get_by_label("Our scenario", exact=True)).to_have_value(
            "A lunch club that aims to reduce carer isolation")
        open_activity(page, 11)
        goals = page.get_by_role("group", name="I have met my personal goals for attending the training session")
        expect(goals.get_by_role("radio", name="Strongly agree")).to_be_checked()
        open_activity(page, 5)
        expect(page.get_by_text("Leeds Older People's Forum")).to_be_visible()
        assert_page_is_clean(again)
    finally:
        again.close()
