"""The participant on a small phone (issue 15): nothing cut off at 320 and 375 px, every control
named once, the page at the top of an activity when the facilitator moves everyone, the timer
in sight, and the join link opened again on the same phone continuing as the same person."""

from __future__ import annotations

import re
from collections import Counter

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
from tests.browser.steps import (
    choose_activity,
    console_section,
    first_step,
    go_to_step,
    join,
    next_step,
    open_activity,
    room_results,
    show_board,
    step_button,
    step_name,
)

LIVE_MS = 15_000
SMALLEST = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("phone"), "Phones")


@pytest.fixture(scope="module")
def people(browser, room):
    """The facilitator, and a group of three: Pat on a 320 px phone, Quin on a 375 px one, Lou on a laptop."""
    facilitator = Visitor(browser, room, LAPTOP)
    console = facilitator.open(room.facilitator_url)
    expect(console.get_by_role("heading", name="Groups")).to_be_visible()
    members = {}
    for name, viewport in (("Pat", SMALLEST), ("Quin", PHONE), ("Lou", LAPTOP)):
        visitor = join(browser, room, name, viewport)
        members[name] = visitor
    console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
    for visitor in members.values():
        expect(visitor.page.get_by_role("heading", name="Group 1")).to_be_visible(timeout=LIVE_MS)
    # The widest parts, drawn: a stakeholder's needs grid (7) and the power ratings (8a).
    show_board(console, 7)
    console.get_by_label("Stakeholder for Group 1").select_option(label="Paid staff")
    pat = members["Pat"].page
    open_activity(pat, 8)
    pat.get_by_role("group", name="Which example is your group working on?").get_by_role(
        "radio", name="Example Three: Dealing with a complaint").click()
    go_to_step(pat, "Who holds the power")
    expect(pat.get_by_role("table", name="Decision: Who sees the complaint?")).to_be_visible(timeout=LIVE_MS)
    yield facilitator, members
    for visitor in (facilitator, *members.values()):
        visitor.close()


# Everything drawn that reaches past the screen's edges, or that a box hides by clipping it
# (a table's far column, an ipywidgets button's text cut to "…"), and whether the page scrolls
# sideways. Visually hidden text for screen readers (clipped to 1 px on purpose) is left out.
CUT_OFF = """
() => {
  const width = document.documentElement.clientWidth;
  const name = (e) => (e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\\s+/).slice(0, 3).join('.') : '') + ' "'
    + (e.innerText || e.value || '').trim().slice(0, 40) + '"');
  const hiddenOnPurpose = (e) => {
    for (let n = e; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      if ((s.clip && s.clip !== 'auto') || (s.clipPath && s.clipPath !== 'none')) return true;
      if (n.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const found = [];
  const cells = document.querySelector('#rendered_cells');
  for (const box of [document.documentElement, document.body, cells]) {
    if (box && box.scrollWidth > box.clientWidth + 1) found.push('scrolls sideways: ' + name(box));
  }
  for (const e of (cells || document.body).querySelectorAll('*')) {
    if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || hiddenOnPurpose(e)) continue;
    if (r.right > width + 1 || r.left < -1) {
      found.push(`past the edge (${Math.round(r.left)}..${Math.round(r.right)} of ${width}): ` + name(e));
      continue;
    }
    const s = getComputedStyle(e);
    if (['hidden', 'auto', 'scroll', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) {
      found.push(`clips its content (${e.scrollWidth} in ${e.clientWidth}): ` + name(e));
    }
  }
  return found;
}
"""

CONTROL_ROLES = {"button", "link", "textbox", "checkbox", "combobox", "listbox", "slider", "spinbutton",
                 "switch", "tab", "menuitem", "searchbox"}


def control_names(page) -> Counter:
    """Every control's role and accessible name, as the browser gives them to a screen reader.
    Radio buttons are left out: in a named group, "Agree" under each statement is right."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    names = Counter()
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        names[(role, (node.get("name") or {}).get("value", ""))] += 1
    return names


def go_to(page, number):
    if number == "notes":
        if not page.locator("details.coprod-nav-box").evaluate("d => d.open"):
            page.locator("summary.coprod-nav-summary").click()
        page.get_by_role("navigation", name="Activities").get_by_role("button", name="My notes").click()
        expect(page.get_by_role("heading", name="My notes", exact=True)).to_be_visible()
    else:
        open_activity(page, number)


# Buttons, checkboxes and radio buttons whose target (the box itself, or the label around it,
# which takes the tap too) is less than 44 px high: WCAG 2.5.5's size, which GOV.UK uses too.
SMALL_TARGETS = """
() => {
  const small = [];
  const controls = document.querySelectorAll('#rendered_cells button, #rendered_cells [role=button],'
    + ' #rendered_cells input[type=checkbox], #rendered_cells input[type=radio]');
  for (const e of controls) {
    if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') continue;
    const folded = e.closest('details');  // inside a closed <details>: not on the screen
    if (folded && !folded.open && !e.closest('summary')) continue;
    const boxes = [e, e.closest('label'), ...(e.labels || [])].filter(Boolean).map((b) => b.getBoundingClientRect());
    const height = Math.max(...boxes.map((b) => b.height));
    if (height < 43.5) {
      small.push(`${Math.round(height)} px: ${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "`
        + (e.innerText || e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) || '')
          .trim().slice(0, 50) + '"');
    }
  }
  return small;
}
"""


def each_step(page):
    """Every step of the open activity, from its first: yields each step's name ("" for an
    activity of one step) once the step is on the screen."""
    first_step(page)
    while True:
        page.wait_for_timeout(300)  # a step's own widgets draw a moment after it is shown
        yield step_name(page)
        if not next_step(page):
            return


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def check_step(visitor, shot: str) -> None:
    page = visitor.page
    width = page.viewport_size["width"]
    visitor.screenshot(shot)
    cut = page.evaluate(CUT_OFF)
    assert cut == [], f"cut off at {width} px ({shot}):\n" + "\n".join(cut)
    repeated = {key: n for key, n in control_names(page).items() if n > 1}
    assert repeated == {}, f"controls that share an accessible name ({shot})"
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"touch targets under 44 px ({shot}):\n" + "\n".join(small)


@pytest.mark.parametrize("number", [*range(0, 13), "notes"])
def test_every_step_fits_320_and_375_px_and_its_controls_are_named_once(people, number):
    _, members = people
    for name in ("Pat", "Quin", "Lou"):
        visitor = members[name]
        page = visitor.page
        go_to(page, number)
        width = page.viewport_size["width"]
        seen = []
        for index, step in enumerate(each_step(page) if number != "notes" else [""]):
            check_step(visitor, f"step-{number}-{index + 1}-{slug(step) or 'all'}-{width}")
            if name == "Quin":
                assert_no_axe_violations(visitor, f"step-{number}-{index + 1}")
            seen.append(step)
        assert_page_is_clean(visitor)
        assert len(set(seen)) == len(seen), f"steps named alike: {seen}"


@pytest.mark.parametrize("number", [*range(0, 13), "notes"])
def test_every_step_fits_375_px_with_text_at_200_percent(people, number):
    _, members = people
    visitor = members["Quin"]
    page = visitor.page
    go_to(page, number)
    page.add_style_tag(content="html, html.coprod-size-larger { font-size: 200% !important; }")
    try:
        for index, step in enumerate(each_step(page) if number != "notes" else [""]):
            visitor.screenshot(f"step-{number}-{index + 1}-375-text-200")
            cut = page.evaluate(CUT_OFF)
            assert cut == [], f"cut off at 375 px with text at 200% (step {step!r}):\n" + "\n".join(cut)
            overlaps = page.evaluate(OVERLAPS)
            assert overlaps == [], f"lines that overlap at 200% (step {step!r}):\n" + "\n".join(overlaps)
    finally:
        page.evaluate("document.querySelectorAll('style').forEach(s => s.textContent.includes('200%') && s.remove())")


# Lines of text drawn over one another: an element whose height is less than its own line
# height (a fixed height holding text that wrapped), the way a card's title ran into its text.
OVERLAPS = """
() => {
  const found = [];
  for (const e of document.querySelectorAll('#rendered_cells *')) {
    if (e.offsetParent === null || !e.childNodes.length) continue;
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(e);
    if (s.overflowY === 'visible' && e.scrollHeight > e.clientHeight + 2 && s.display !== 'inline'
        && e.clientHeight > 0) {
      found.push(`${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')} text ${e.scrollHeight} px`
        + ` in a box of ${e.clientHeight}: "${e.innerText.trim().slice(0, 40)}"`);
    }
  }
  return found;
}
"""


def test_the_step_is_kept_on_another_device_and_bring_everyone_starts_from_the_first(people, browser, room):
    facilitator, members = people
    quin = members["Quin"].page
    open_activity(quin, 2, step="Our definition")
    expect(quin.locator(".coprod-body .coprod-step-of:visible")).to_have_text("Step 3 of 4")
    laptop = Visitor(browser, room, LAPTOP)  # the same person on another device
    try:
        page = laptop.open(quin.url)  # opens where the person last was: the activity, and its step
        expect(page.get_by_role("heading", name=re.compile("^Activity 2:"))).to_be_visible()
        expect(page.locator(".coprod-body .coprod-step-name:visible")).to_have_text("Our definition")
        expect(page.get_by_label("Our definition of co-production is...", exact=True)).to_be_visible()
        laptop.screenshot("step-kept-2-2-1280")
    finally:
        laptop.close()
    # Back goes to the step before, its count and name at the top of the screen and focused.
    step_button(quin, "Back").click()
    where = quin.locator(".coprod-body .coprod-step-count:visible p")
    expect(where).to_be_focused()
    expect(where.locator(".coprod-step-of")).to_have_text("Step 2 of 4")
    top = where.evaluate("p => p.getBoundingClientRect().top")
    assert 0 <= top < quin.viewport_size["height"] / 3, f"the step's name is {top} px down the screen"
    heading = quin.get_by_role("heading", name=re.compile("^Activity 2:"))
    next_step(quin)
    console = console_section(facilitator.page, "Plan, timer and locks")
    choose_activity(console.get_by_label("Current activity"), 2)
    console.get_by_role("button", name="Bring everyone to this activity").click()
    expect(quin.locator(".coprod-body .coprod-step-of:visible")).to_have_text("Step 1 of 4", timeout=LIVE_MS)
    expect(heading).to_be_focused()
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < quin.viewport_size["height"] / 3, f"the heading is {top} px down the screen"


def test_bring_everyone_shows_the_activitys_top_and_the_timer_stays_in_sight(people):
    facilitator, members = people
    quin = members["Quin"].page
    open_activity(quin, 8)
    quin.locator(".coprod-body").evaluate("b => b.lastElementChild.scrollIntoView({block: 'end'})")
    console = console_section(facilitator.page, "Plan, timer and locks")
    choose_activity(console.get_by_label("Current activity"), 4)
    console.get_by_role("button", name="Bring everyone to this activity").click()
    heading = quin.get_by_role("heading", name=re.compile("^Activity 4:"))
    expect(heading).to_be_focused(timeout=LIVE_MS)
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < quin.viewport_size["height"] / 3, f"the heading is {top} px down the screen"
    # A timer: in sight at the top of the screen wherever the person scrolls.
    console.get_by_role("button", name="Start the timer for this activity").click()
    clock = quin.locator(".coprod-app-timer .coprod-timer-clock")
    expect(clock).to_contain_text(re.compile(r"Time left for Activity 4: \d+:\d\d"), timeout=LIVE_MS)
    for where in ("end", "center"):
        quin.locator(".coprod-body").evaluate(f"b => b.lastElementChild.scrollIntoView({{block: '{where}'}})")
        box = clock.bounding_box()
        # At the top of the page's scrolling area (inside its small padding).
        assert box is not None and 0 <= box["y"] <= 20, f"the timer is at {box} after scrolling"
    quin.screenshot(path=ARTIFACTS / "screenshots" / "phone-timer-view-375.png")  # the screen, as seen
    console.get_by_role("button", name="Stop the timer").click()
    expect(clock).to_be_hidden(timeout=LIVE_MS)


def test_the_join_link_again_on_the_same_phone_continues_as_the_same_person(browser, room):
    phone = Visitor(browser, room, PHONE)
    try:
        page = phone.open(room.join_url)
        page.get_by_label("Your name (as others will see it)").fill("Rae")
        page.get_by_role("button", name="Join").click()
        expect(page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_-]{32}$"))
        personal = page.url
        open_activity(page, 1)
        section = page.locator("section.coprod-question").first
        section.get_by_label("Add a response").fill("Sharing power")
        section.get_by_role("button", name=re.compile("^Add response to")).click()
        expect(section.locator(".coprod-response-text", has_text="Sharing power")).to_be_visible()

        page = phone.open(room.join_url)  # the personal link lost: the join link again
        back = page.get_by_role("link", name="Continue as Rae")
        expect(back).to_be_focused()
        expect(page.get_by_label("Your name (as others will see it)")).to_be_hidden()
        phone.screenshot("join-again-375")
        assert_no_axe_violations(phone, "join-again")
        back.click()
        expect(page).to_have_url(personal)
        page.wait_for_selector("#loading", state="detached")
        expect(page.get_by_text("You are taking part as Rae")).to_be_visible()
        open_activity(page, 1)
        expect(page.locator(".coprod-response-text", has_text="Sharing power")).to_be_visible()

        page = phone.open(room.join_url)
        page.get_by_role("button", name="I am someone else").click()
        expect(page.get_by_label("Your name (as others will see it)")).to_be_focused()
        expect(page.get_by_role("link", name="Continue as Rae")).to_have_count(0)
        assert_page_is_clean(phone)
    finally:
        phone.close()


def test_a_new_device_gets_the_join_form(visitor_factory, room):
    visitor = visitor_factory(PHONE, on=room)
    page = visitor.open(room.join_url)
    expect(page.get_by_label("Your name (as others will see it)")).to_be_focused()
    expect(page.get_by_role("link", name=re.compile("^Continue as"))).to_have_count(0)


def test_a_greyed_out_box_says_why_and_each_response_is_named(people):
    _, members = people
    visitor = members["Pat"]
    page = visitor.page
    open_activity(page, 1)
    section = page.locator("section.coprod-question").first
    for text in ("Working together", "Sharing power", "Taking time"):
        section.get_by_label("Add a response").fill(text)
        section.get_by_role("button", name=re.compile("^Add response to")).click()
        expect(section.locator(".coprod-response-text", has_text=text)).to_be_visible()
    for text in ("Working together", "Sharing power"):
        box = section.get_by_role("checkbox", name=re.compile(f"^Post to the board ?: {text}$"))
        box.check()
        expect(box).to_be_checked()
    third = section.get_by_role("checkbox", name=re.compile("^Post to the board ?: Taking time$"))
    expect(third).to_be_disabled()
    reason = "You have chosen 2 already: untick one to post this one instead."
    expect(section.locator("li.coprod-response", has_text="Taking time")).to_contain_text(reason)
    expect(third).to_have_accessible_description(reason)
    visitor.screenshot("phone-disabled-reason-320")
    repeated = {key: n for key, n in control_names(page).items() if n > 1}
    assert repeated == {}, "controls that share an accessible name"
    assert_no_axe_violations(visitor, "phone-activity1-posted")


def test_revealed_results_on_a_phone_the_evaluations_chart_and_private_reflections(people, browser, room):
    facilitator, members = people
    quin = members["Quin"].page
    open_activity(quin, 10)
    quin.get_by_label("What do you now know about co-production?", exact=True).fill("That it takes time")
    quin.get_by_role("button", name="Save: What do you now know about co-production?").click()
    expect(quin.get_by_text("Last saved by Quin.").first).to_be_visible()
    open_activity(quin, 11)
    for statement, choice in (("I enjoyed the training session", "Strongly agree"),
                              ("The activities in this training were useful", "Agree")):
        quin.get_by_role("group", name=statement).get_by_role("radio", name=choice, exact=True).click()
    console = facilitator.page
    for number in (10, 11):
        show_board(console, number)
        console.get_by_label("Show this activity's results to participants").check()
    results = room_results(quin, timeout=LIVE_MS)
    chart = results.get_by_role("img", name=re.compile("^Bar chart of how people rated"))
    expect(chart).to_be_visible(timeout=LIVE_MS)
    heading = results.get_by_role("heading", name=re.compile("^How the room rated"))
    figures = results.locator("caption", has_text="The same figures as a table")
    tops = [e.evaluate("e => e.getBoundingClientRect().top") for e in (heading, chart, figures)]
    assert tops == sorted(tops), "the chart sits between the heading and the table"
    # The results' tables are cards on a phone: nothing to scroll sideways to.
    assert results.locator("table").first.evaluate("t => getComputedStyle(t).display") == "block"
    cut = quin.evaluate(CUT_OFF)
    assert cut == [], "revealed results cut off at 375 px:\n" + "\n".join(cut)
    quin.locator(".coprod-room-results").scroll_into_view_if_needed()
    quin.screenshot(path=ARTIFACTS / "screenshots" / "phone-revealed-11-view-375.png")
    assert_no_axe_violations(members["Quin"], "phone-revealed-11")
    open_activity(quin, 10)
    results = room_results(quin, timeout=LIVE_MS)
    expect(results).to_contain_text("What each person writes is theirs", timeout=LIVE_MS)
    expect(results).not_to_contain_text("Nothing has been made")
    expect(results).not_to_contain_text("That it takes time")

    laptop = Visitor(browser, room, LAPTOP)  # the same person on a laptop: tables stay tables
    try:
        page = laptop.open(quin.url)
        open_activity(page, 2, step="Compare your piles")
        table = page.locator("table.coprod-stack").first
        expect(table).to_be_visible()
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        laptop.screenshot("laptop-activity-2-1280")
        open_activity(page, 11)
        room_results(page)
        laptop.screenshot("laptop-revealed-11-1280")
    finally:
        laptop.close()
    for number in (10, 11):
        show_board(console, number)
        console.get_by_label("Show this activity's results to participants").uncheck()


def test_the_facilitator_shows_a_lost_personal_link_as_a_qr_code(people, browser, room):
    facilitator, _ = people
    sol = join(browser, room, "Sol", PHONE)
    try:
        old = sol.page.url
        console = console_section(facilitator.page, "Room and groups")
        assert console.locator(".coprod-person-qr").count() == 0  # nothing shown unasked
        console.get_by_label("Person", exact=True).select_option(label="Sol")
        show = console.get_by_role("button", name="Show a new personal link (QR code)")
        show.click()
        expect(console.get_by_role("status").filter(has_text="old link stops working")).to_be_visible()
        assert console.locator(".coprod-person-qr").count() == 0  # asked once more first
        console.get_by_role("button", name="Yes, a new link for Sol").click()
        qr = console.get_by_role("img", name="QR code of Sol's personal link")
        expect(qr).to_be_visible()
        link = console.locator(".coprod-person-link-text").inner_text()
        facilitator.screenshot("console-personal-link-qr-1280")
        assert_no_axe_violations(facilitator, "console-personal-link")
        console.get_by_role("button", name="Hide the personal link").click()
        expect(qr).to_have_count(0)

        phone = Visitor(browser, room, PHONE)  # the person's other phone, from the code or the link
        try:
            page = phone.open(link)
            expect(page.get_by_text("You are taking part as Sol")).to_be_visible()
            page = phone.open(old)  # the old link no longer works
            expect(page.get_by_text("You are taking part as Sol")).to_have_count(0)
        finally:
            phone.close()
    finally:
        sol.close()
