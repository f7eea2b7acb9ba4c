"""The presenter view on the projector, driven from the console's remote, through `coprod serve`.

A room of two groups (made up by coprod.demo, with private answers of known words added) is
run from the console through every activity of the plan: run, show the results, next. Two
projectors follow it (1920x1080 and 1280x720): the heading, the timer, the results. At every
step the projector's text and its kernel's whole widget state are searched for private
answers, an email, a hidden post and names beside anyone's own answers; its link opens
nothing else, and the console's key is not needed for it.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, Visitor, assert_no_axe_violations, assert_page_is_clean, start_server
from tests.browser.steps import join
from tests.widget_client import WidgetClient

LIVE_MS = 15_000
FULL_HD = {"width": 1920, "height": 1080}
HD = {"width": 1280, "height": 720}
MARK = "Quietmark"  # in every private answer below: never on the projector
EMAIL = "quietmark.person@example.org"
HIDDEN = "Hiddenmark note the facilitator hid"
TIMED = {"what-do-you-know": 5, "defining-co-production": 10, "power": 20, "evaluating": 7}


def fill_room(database: str, content) -> tuple[str, list[str]]:
    """A workshop of two groups of three who have done every activity, with private answers and a
    hidden post of known words; the plan runs every activity, some timed. Its join code, and the
    names of its people."""
    from coprod.demo import make_demo
    from coprod.moderation import set_hidden
    from coprod.plan import save_plan
    from coprod.store import Store

    store = Store(database)
    store.migrate()
    workshop = make_demo(store, content, groups=2, people_per_group=3, name="Projector test")
    store.save_budget = None
    ann, ben = store.participants(workshop)[:2]
    private = [("what-do-you-know", "know-questions", "mark-1", {"question": "want-to-know", "text": f"{MARK} note"}),
               ("defining-co-production", "agreeing-comment", "text", {"text": f"{MARK} comment"}),
               ("assets", "what-do-i-bring", "mark-2", {"question": "good-at", "text": f"{MARK} asset"}),
               ("power", "personal-power", "power", {"text": f"{MARK} power card"}),
               ("power", "power-feelings", "text", {"text": f"{MARK} feelings"}),
               ("reflecting", "reflection", "r1/still-have", {"text": f"{MARK} reflection"}),
               ("evaluating", "evaluation-questions", "useful-parts", {"text": f"{MARK} questionnaire"})]
    for activity, task, item, value in private:
        store.save(ann, activity, task, item, value)
    store.set_contact(ann, EMAIL)
    hidden = store.save(ben, "what-do-you-know", "know-questions", "mark-3",
                        {"question": "already-know", "text": HIDDEN, "posted": True})
    set_hidden(store, workshop, next(a for a in store.current(workshop.id, "what-do-you-know", "know-questions")
                                     if a.id == hidden), True)
    save_plan(store, workshop, content, [(a.id, TIMED.get(a.id)) for a in content.activities])
    names = [p.display_name for p in store.participants(workshop)]
    store.dispose()
    return workshop.code, names


@pytest.fixture(scope="module")
def room(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("presenter")
    database = f"sqlite:///{folder / 'workshop.sqlite3'}"
    code, names = fill_room(database, content)
    for server in start_server(folder, code, database=database):
        server.names = names
        yield server


@pytest.fixture(scope="module")
def content():
    from coprod.content import load

    return load()


def widget_state(server, visitor: Visitor) -> str:
    """Every widget model's state in the kernel of the page the visitor shows."""
    client = WidgetClient(server.base, visitor.page.content())
    try:
        return json.dumps(client.states(), ensure_ascii=False)
    finally:
        client.close()


def assert_nothing_private(server, visitor: Visitor, where: str) -> str:
    text = visitor.page.inner_text("body")
    state = widget_state(server, visitor)
    for seen, what in ((text, "text"), (state, "widget state")):
        for secret in (MARK, EMAIL, "quietmark.person", "Hiddenmark"):
            assert secret not in seen, f"{where}: the presenter view's {what} holds {secret!r}"
    # No name beside anyone's own answer: a posted note, a commitment on the wall.
    assert visitor.page.locator(".coprod-collate-notes .coprod-by, .coprod-collate-texts .coprod-by").count() == 0
    models = {m["state"].get("_model_name") for m in json.loads(state).values()}
    controls = {"ButtonModel", "CheckboxModel", "DropdownModel", "TextModel", "TextareaModel", "BoundedIntTextModel"}
    assert not models & controls, f"{where}: the presenter view has controls {models & controls}"
    return text


def text_size(visitor: Visitor, selector: str) -> float:
    return visitor.page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_the_presenter_view_follows_a_session_run_from_the_remote(browser, room, content):
    facilitator = Visitor(browser, room, LAPTOP)
    screens = {"1920": Visitor(browser, room, FULL_HD), "1280": Visitor(browser, room, HD)}
    late = join(browser, room, "Uma", PHONE)  # a participant's phone, brought along by each Run
    try:
        console = facilitator.open(room.facilitator_url)
        remote = console.locator(".coprod-remote")
        link = remote.get_by_role("link", name="Open the presenter view (for the projector)")
        expect(link).to_have_attribute("href", room.presenter_url)
        for size, screen in screens.items():
            page = screen.open(room.presenter_url)
            expect(page.locator(".coprod-presenter-body .coprod-big-code")).to_have_text(room.code)
            expect(page.get_by_role("img", name="QR code of the join link").locator("svg")).to_be_visible()
            qr = page.get_by_role("img", name="QR code of the join link").bounding_box()
            assert qr["height"] >= 0.5 * screen.page.viewport_size["height"], qr
            screen.screenshot(f"presenter-join-{size}")
            assert_nothing_private(room, screen, "join")
            assert_page_is_clean(screen)
        assert_no_axe_violations(screens["1920"], "presenter-join")
        assert_no_axe_violations(facilitator, "console-remote")

        big, small = screens["1920"], screens["1280"]
        for activity in content.activities:
            remote.get_by_role("button", name=re.compile(rf"^Next: run {activity.number}\. ")).click()
            heading = f"Activity {activity.number}: {activity.title}"
            for screen in screens.values():
                expect(screen.page.get_by_role("heading", level=1)).to_have_text(heading, timeout=LIVE_MS)
                clock = screen.page.get_by_role("timer")
                if activity.id in TIMED:
                    expect(clock).to_contain_text(
                        re.compile(rf"Time left for Activity {activity.number}: {TIMED[activity.id] - 1}:\d\d"))
                else:
                    expect(clock).to_have_count(0)
                expect(screen.page.locator(".coprod-brief")).to_be_visible()
            expect(remote.locator(".coprod-remote-now")).to_contain_text(heading)
            expect(late.page.get_by_role("heading", name=re.compile(rf"^Activity {activity.number}:"))
                   ).to_be_visible(timeout=LIVE_MS)
            if activity.number == 2:
                facilitator.screenshot("console-remote-1280")
            # Read from the back of the room: the brief's text and the heading scale with the screen.
            assert text_size(small, ".coprod-brief-aim") >= 21 and text_size(big, ".coprod-brief-aim") >= 32
            assert text_size(small, ".coprod-presenter-heading h1") >= 40
            for size, screen in screens.items():
                screen.screenshot(f"presenter-{activity.number:02d}-brief-{size}")
                assert_nothing_private(room, screen, f"Activity {activity.number}'s brief")
            assert_no_axe_violations(small, f"presenter-{activity.number:02d}-brief")
            remote.get_by_role("button", name=f"Show the results of {activity.number} to the room").click()
            for screen in screens.values():
                expect(screen.page.get_by_role("heading", name="The room's results")).to_be_visible(timeout=LIVE_MS)
            expect(remote.get_by_role("button", name=f"Hide the results of {activity.number} again")).to_be_visible()
            for size, screen in screens.items():
                # Nothing wider than the screen: a projector cannot scroll sideways.
                assert screen.page.evaluate(
                    "() => [...document.querySelectorAll('.coprod-presenter-results table')]"
                    ".every(t => t.getBoundingClientRect().right <= window.innerWidth)"), (activity.id, size)
                screen.screenshot(f"presenter-{activity.number:02d}-results-{size}")
                assert_nothing_private(room, screen, f"Activity {activity.number}'s results")
            assert_no_axe_violations(big, f"presenter-{activity.number:02d}-results")
            if activity.id == "what-do-you-know":  # the wall of notes, without their writers
                expect(big.page.locator(".coprod-collate-notes li").first).to_be_visible()
            if activity.id == "defining-co-production":  # a diverging bar per statement and group
                table = big.page.locator("table.coprod-sort-bars")
                expect(table.get_by_role("columnheader")).to_have_text(["Statement", "Group 1", "Group 2"])
                assert table.locator("tbody tr").count() == 14
            if activity.id == "power":  # every group's heatmaps, side by side on a wide screen
                groups = big.page.locator(".coprod-presenter-results .coprod-collate-group")
                assert groups.nth(0).bounding_box()["y"] == groups.nth(1).bounding_box()["y"]
            if activity.id == "evaluating":
                expect(big.page.locator(".coprod-presenter-results .coprod-bars")).to_be_visible()
        expect(remote.get_by_role("button", name="Next: none (the plan's end)")).to_be_disabled()
        assert_page_is_clean(facilitator)
        for screen in screens.values():
            assert_page_is_clean(screen)
    finally:
        for visitor in (facilitator, late, *screens.values()):
            visitor.close()


def test_the_presenter_link_opens_nothing_else(browser, room):
    key = room.presenter_url.split("?v=")[1]
    facilitator_key = room.facilitator_url.split("?f=")[1]
    base = room.presenter_url.split("/presenter.ipynb")[0]
    visitor = Visitor(browser, room, LAPTOP)
    try:
        for url in (f"{base}/facilitator.ipynb?f={key}", f"{base}/facilitator.ipynb?v={key}"):
            page = visitor.open(url)
            expect(page.get_by_role("heading", name="This page needs the facilitator's link")).to_be_visible()
            state = widget_state(room, visitor)
            assert "ButtonModel" not in state and "DropdownModel" not in state and "CheckboxModel" not in state
        for url in (f"{base}/presenter.ipynb?v={facilitator_key}", f"{base}/presenter.ipynb?f={facilitator_key}",
                    f"{base}/index.ipynb?p={key}"):
            page = visitor.open(url)
            expect(page.get_by_role("heading", name=re.compile("needs the presenter view's link|not recognised"))
                   ).to_be_visible()
        assert_page_is_clean(visitor)
    finally:
        visitor.close()


def test_the_remote_on_a_phone(browser, room):
    phone = Visitor(browser, room, PHONE)
    try:
        page = phone.open(room.facilitator_url)
        remote = page.locator(".coprod-remote")
        for name in ("Run this activity", re.compile("^(Show|Hide) the results"), re.compile("^Next: ")):
            button = remote.get_by_role("button", name=name)
            expect(button).to_be_visible()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.screenshot("console-remote-375")
        assert_no_axe_violations(phone, "console-remote-phone")
    finally:
        phone.close()
