"""Activity 1 end to end through `coprod serve`: join, answer, post, and the live board."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from coprod.store import Store
from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    assert_no_axe_violations,
    assert_page_is_clean,
    start_server,
)
from tests.browser.steps import open_activity, show_board

ALREADY = "What do I already know about co-production?"
WANT = "What do I want to know about co-production?"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> مرحبا 👋🏽'


def join(visitor, name: str):
    page = visitor.open(visitor.server.join_url)
    expect(page.get_by_label("Workshop code")).to_have_value(visitor.server.code)
    page.get_by_label("Your name (as others will see it)").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_-]{32}$"))
    open_activity(page, 1)  # people start at the course's first activity (the ladder): go to Activity 1
    expect(page.get_by_role("heading", name=ALREADY)).to_be_visible()
    return page


def add_response(page, question: str, text: str):
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=question))
    section.get_by_label("Add a response").fill(text)
    section.get_by_role("button", name=f"Add response to: {question}").click()
    expect(section.locator(".coprod-response-text", has_text=text)).to_be_visible()
    expect(section.get_by_label("Add a response")).to_have_value("")
    return section


def post(section, text: str):
    response = section.locator("li.coprod-response", has_text=text)
    response.get_by_label("Post to the board").check()
    # The kernel's word, not only the checkbox the browser ticked itself.
    expect(section.locator(".coprod-message")).to_have_text("Posted to the board.")
    expect(response.get_by_label("Post to the board")).to_be_checked()


def test_join_page(visitor_factory):
    visitor = visitor_factory(PHONE)
    page = visitor.open(visitor.server.join_url)
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    expect(page.get_by_label("Workshop code")).to_have_value(visitor.server.code)
    expect(page.get_by_text("What is stored, and who sees it")).to_be_visible()
    visitor.screenshot("join-375")
    assert_page_is_clean(visitor)
    assert_no_axe_violations(visitor, "join")


def test_wrong_code_is_explained(visitor_factory):
    visitor = visitor_factory(PHONE)
    page = visitor.open(visitor.server.join_url)
    page.get_by_label("Workshop code").fill("ZZZZZZ")
    page.get_by_label("Your name (as others will see it)").fill("Sam")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("alert")).to_contain_text("There is no workshop with the code 'ZZZZZZ'")
    assert_page_is_clean(visitor)


def test_two_participants_post_and_the_board_updates_live(visitor_factory):
    facilitator = visitor_factory(LAPTOP)
    console = facilitator.open(facilitator.server.facilitator_url)
    board = show_board(console, 1)

    ann = visitor_factory(PHONE)
    page = join(ann, "Ann")
    section = add_response(page, ALREADY, "Doing things with people, not for them")
    add_response(page, ALREADY, "It takes time")
    add_response(page, ALREADY, "Nothing much yet")
    post(section, "Doing things with people, not for them")
    post(section, "It takes time")
    # A third choice is not possible: the last checkbox is disabled once two are posted.
    third = section.locator("li.coprod-response", has_text="Nothing much yet").get_by_label("Post to the board")
    expect(third).to_be_disabled()
    want = add_response(page, WANT, "Where to start")
    post(want, "Where to start")
    ann.screenshot("activity1-375")
    assert_page_is_clean(ann)
    assert_no_axe_violations(ann, "activity1")

    bob = visitor_factory(LAPTOP)
    page = join(bob, "Bob")
    section = add_response(page, WANT, HOSTILE)
    post(section, HOSTILE)
    bob.screenshot("activity1-1280")
    assert_page_is_clean(bob)

    # The board was open all along: it shows everything posted, without a reload.
    notes = board.locator("ul.coprod-collate-notes li")
    expect(notes.filter(has_text="Doing things with people, not for them (Ann)")).to_have_count(1, timeout=15_000)
    expect(notes.filter(has_text="It takes time (Ann)")).to_have_count(1)
    expect(notes.filter(has_text="Where to start (Ann)")).to_have_count(1)
    expect(board).not_to_contain_text("Nothing much yet")  # written, not posted
    # Typed markup is shown as text and never runs.
    expect(notes.filter(has_text="<script>")).to_have_text(f"{HOSTILE} (Bob)", timeout=15_000)
    assert board.locator("img, script").count() == 0
    facilitator.screenshot("facilitator-1280")
    assert_page_is_clean(facilitator)
    assert bob.dialogs == [] and facilitator.dialogs == []
    assert_no_axe_violations(facilitator, "facilitator")


def test_personal_link_restores_everything_on_another_device(visitor_factory):
    laptop = visitor_factory(LAPTOP)
    page = join(laptop, "Chris")
    section = add_response(page, WANT, "How to share power")
    post(section, "How to share power")
    add_response(page, ALREADY, "Not a lot")
    personal_link = page.url

    phone = visitor_factory(PHONE)
    page = phone.open(personal_link)
    expect(page.get_by_text("You are taking part as Chris")).to_be_visible()
    want = page.locator("section.coprod-question", has=page.get_by_role("heading", name=WANT))
    response = want.locator("li.coprod-response", has_text="How to share power")
    expect(response.get_by_label("Post to the board")).to_be_checked()
    expect(page.locator(".coprod-response-text", has_text="Not a lot")).to_be_visible()
    assert_page_is_clean(phone)


def test_facilitator_page_needs_its_secret(visitor_factory, server):
    visitor = visitor_factory(LAPTOP)
    for url in (server.base + "/voila/render/facilitator.ipynb",
                server.base + "/voila/render/facilitator.ipynb?f=not-the-secret"):
        page = visitor.open(url)
        expect(page.get_by_role("heading", name="This page needs the facilitator's link")).to_be_visible()
        assert page.locator(".coprod-console").count() == 0
        assert_page_is_clean(visitor)


def test_unknown_personal_link(visitor_factory, server):
    visitor = visitor_factory(PHONE)
    page = visitor.open(server.base + "/voila/render/index.ipynb?p=forged-token")
    expect(page.get_by_role("heading", name="This link is not recognised")).to_be_visible()
    assert_page_is_clean(visitor)


def test_voila_pages_list_nothing_and_load_nothing_from_outside(visitor_factory, server):
    visitor = visitor_factory(PHONE)
    for path in ("/", "/voila/tree", "/voila/render/no-such-page.ipynb"):
        visitor.page.goto(server.base + path)
        assert "facilitator.ipynb" not in visitor.page.content()
        assert "ipynb" not in visitor.page.inner_text("body")
    visitor.page.goto(server.base + "/")
    expect(visitor.page.get_by_text("Please open the join link")).to_be_visible()
    assert visitor.offsite_requests() == []
    assert_no_axe_violations(visitor, "front-page")


def test_unsaved_text_survives_a_reload(visitor_factory):
    visitor = visitor_factory(PHONE)
    page = join(visitor, "Dee")
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=WANT))
    section.get_by_label("Add a response").fill("Half-written thought, not added yet")
    page.reload()
    page.wait_for_selector("#loading", state="detached")
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=WANT))
    expect(section.get_by_label("Add a response")).to_have_value("Half-written thought, not added yet")
    section.get_by_role("button", name=f"Add response to: {WANT}").click()
    expect(section.locator(".coprod-response-text", has_text="Half-written thought")).to_be_visible()
    page.reload()
    page.wait_for_selector("#loading", state="detached")
    section = page.locator("section.coprod-question", has=page.get_by_role("heading", name=WANT))
    expect(section.locator(".coprod-response-text", has_text="Half-written thought")).to_be_visible()
    expect(section.get_by_label("Add a response")).to_have_value("")


SEND_CODE = """
async ([code]) => {
  const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  const url = `ws://${location.host}${config.baseUrl}api/kernels/${config.kernelId}/channels`;
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  const message = (type, content) => ({
    header: { msg_id: crypto.randomUUID(), username: "x", session: "x", msg_type: type, version: "5.3", date: "" },
    parent_header: {}, metadata: {}, content, channel: "shell", buffers: [],
  });
  const infoRequest = message("kernel_info_request", {});
  const replies = [];
  const answered = new Promise((resolve) => {
    socket.onmessage = (event) => {
      const reply = JSON.parse(event.data);
      replies.push(reply.msg_type || reply.header.msg_type);
      if (reply.parent_header && reply.parent_header.msg_id === infoRequest.header.msg_id) resolve();
    };
  });
  socket.send(JSON.stringify(message("execute_request", {
    code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true,
  })));
  socket.send(JSON.stringify(infoRequest));  // allowed: proves the socket really reaches the kernel
  await answered;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  socket.close();
  return replies;
}
"""


def test_a_page_cannot_make_its_kernel_run_code(visitor_factory, tmp_path):
    visitor = visitor_factory(PHONE)
    page = join(visitor, "Eve")
    marker = tmp_path / "code-ran"
    replies = page.evaluate(SEND_CODE, [f"open({str(marker)!r}, 'w').write('ran')"])
    assert "kernel_info_reply" in replies
    assert "execute_reply" not in replies and "execute_input" not in replies
    assert not marker.exists()
    # The page still works afterwards.
    add_response(page, ALREADY, "Still here")


def test_someone_joining_the_group_leaves_the_scenario_box_of_a_person_writing_alone(visitor_factory, tmp_path):
    """The group panel's line says who is in the group; rewriting it must not draw the scenario's
    box again: the person writing keeps the cursor in it, and their save gets its answer."""
    served = start_server(tmp_path, "Group panel")
    server = next(served)
    try:
        store = Store(server.database)
        workshop = store.workshop_by_code(server.code)
        group = store.create_group(workshop, "Group 1")
        ann, token = store.join(workshop, "Ann")
        store.assign_group(ann, group.id)
        visitor = visitor_factory(PHONE, on=server)
        page = visitor.open(f"{server.join_url.split('?')[0]}?p={token}")
        box = page.get_by_label("Our scenario", exact=True)
        expect(page.get_by_text("You are the first in this group.")).to_be_visible()
        box.click()
        page.keyboard.type("A lunch club")
        writing_in = box.element_handle()
        bo, _ = store.join(workshop, "Bo")
        store.assign_group(bo, group.id)
        expect(page.get_by_text("With Bo.")).to_be_visible()
        assert writing_in.evaluate("e => e.isConnected && e === document.activeElement"), "the box was drawn again"
        page.keyboard.type(" for carers")  # where the cursor was
        expect(box).to_have_value("A lunch club for carers")
        page.get_by_role("button", name="Save: Our scenario").click()
        expect(page.locator(".coprod-text", has=box).locator(".coprod-message")).to_have_text("Saved.")
        visitor.screenshot("group-panel-rewritten-375")
        assert_page_is_clean(visitor)
    finally:
        next(served, None)
