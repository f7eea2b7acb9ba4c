"""Three phones of one group type into "Our scenario" at once (issue 17): every page ends with
the same text, every word each person typed is in it, and nobody's cursor or focus is taken."""

from __future__ import annotations

import random
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Visitor, assert_page_is_clean, start_server

LIVE_MS = 15_000
TYPING_S = 30
NAMES = ("Ada", "Bea", "Cy")

WHERE_AM_I = """(ta) => ({active: document.activeElement === ta, before: ta.value.slice(0, ta.selectionStart),
                        collapsed: ta.selectionStart === ta.selectionEnd, value: ta.value})"""


@pytest.fixture(scope="module")
def group_of_three(browser, tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("together"), "Writing together")
    room = next(server)
    facilitator = Visitor(browser, room, PHONE)
    console = facilitator.open(room.facilitator_url)
    phones = {}
    for name in NAMES:
        visitor = Visitor(browser, room, PHONE)
        page = visitor.open(room.join_url)
        page.get_by_label("Your name (as others will see it)").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("You are not in a group yet")).to_be_visible()
        phones[name] = visitor
    console.get_by_role("button", name=re.compile("Split everyone into groups")).click()
    expect(console.get_by_role("status").filter(has_text="Made 1 group.")).to_be_visible()
    for visitor in phones.values():
        expect(visitor.page.get_by_role("heading", name="Group 1")).to_be_visible(timeout=LIVE_MS)
    yield phones
    for visitor in (facilitator, *phones.values()):
        visitor.close()
    next(server, None)


def scenario(page):
    return page.locator(".coprod-group").get_by_label("Our scenario", exact=True)


def test_three_phones_typing_at_once_keep_every_word_and_their_cursors(group_of_three):
    rng = random.Random(17)
    phones = group_of_three
    boxes = {name: scenario(v.page) for name, v in phones.items()}
    for box in boxes.values():
        box.click()
        box.press("End")
    typed = {name: [] for name in NAMES}  # the words each typed, in order
    word = dict.fromkeys(NAMES, "")  # the word being typed, and what is left of it
    left = dict.fromkeys(NAMES, "")
    due = {name: time.monotonic() + rng.uniform(0, 0.5) for name in NAMES}
    finished = {}  # word -> when its last letter was typed
    seen = {}  # (word, phone) -> how long after that it was in that phone's box
    keys = 0
    end = time.monotonic() + TYPING_S
    while time.monotonic() < end:
        name = min(due, key=due.get)
        time.sleep(max(0.0, due[name] - time.monotonic()))
        page, box = phones[name].page, boxes[name]
        if not left[name]:
            word[name] = f"{name.lower()}{len(typed[name]) + 1}"
            left[name] = word[name] + " "
        # Before each key: the box has the focus, no selection, and the cursor in this person's
        # text: in the middle of a word, right after what they typed of it; between words,
        # after their last word (others' words written at that very place may come before it,
        # so that the next word is not glued to theirs).
        where = box.evaluate(WHERE_AM_I)
        done = word[name][:len(word[name]) + 1 - len(left[name])]
        assert where["active"] and where["collapsed"], (name, where)
        if done:
            assert where["before"].endswith(done), (name, done, where["before"][-40:])
        else:
            assert where["before"][-1:] in ("", " "), (name, where["before"][-40:])
            assert not typed[name] or typed[name][-1] in re.findall(r"\w+", where["before"]), name
        in_box = set(re.findall(r"\w+", where["value"]))
        for other_word, at in finished.items():
            if (other_word, name) not in seen and not other_word.startswith(name.lower()) and other_word in in_box:
                seen[(other_word, name)] = time.monotonic() - at
        page.keyboard.type(left[name][0])
        keys += 1
        left[name] = left[name][1:]
        if not left[name]:
            typed[name].append(word[name])
            finished[word[name]] = time.monotonic()
            due[name] = time.monotonic() + rng.uniform(0.3, 1.5)  # a pause between words
        else:
            due[name] = time.monotonic() + rng.uniform(0.04, 0.25)
    for name in NAMES:  # finish the half-typed words
        page = phones[name].page
        if left[name]:
            page.keyboard.type(left[name])
            typed[name].append(word[name])
    everyone = [w for name in NAMES for w in typed[name]]
    assert keys > 200 and len(everyone) > 30

    deadline = time.monotonic() + 20
    while True:
        texts = {name: boxes[name].input_value() for name in NAMES}
        if len(set(texts.values())) == 1 and set(everyone) == set(re.findall(r"\w+", texts[NAMES[0]])):
            break  # the same on every page: each word typed, and no half or glued word
        assert time.monotonic() < deadline, (texts, {name: phones[name].errors for name in NAMES})
        time.sleep(0.25)
    text = texts[NAMES[0]]
    # Others' words reached each phone while it was typing: how long after they were typed
    # (measured at that phone's next key, so an upper bound).
    delays = sorted(seen.values())
    assert {phone for _, phone in seen} == set(NAMES) and len(delays) > len(everyone)
    median, p95 = delays[len(delays) // 2], delays[int(len(delays) * 0.95)]
    print(f"\n{keys} keys, {len(everyone)} words; others' words on a phone after {median:.1f} s (median), "
          f"{p95:.1f} s (p95); the text: {len(text)} characters")
    assert median < 3
    for name in NAMES:
        assert boxes[name].evaluate("ta => document.activeElement === ta")
        assert_page_is_clean(phones[name])
        assert phones[name].errors == []
    # A reload shows the same text: it is what the store holds.
    page = phones[NAMES[0]].page
    page.reload()
    page.wait_for_selector("#loading", state="detached")
    expect(scenario(page)).to_have_value(text, timeout=LIVE_MS)


def test_who_is_typing_is_shown(group_of_three):
    ada, bea = group_of_three["Ada"].page, group_of_three["Bea"].page
    scenario(bea).click()
    scenario(bea).press("End")
    bea.keyboard.type(" bea says hello")
    expect(ada.locator(".coprod-group .coprod-typing")).to_have_text("Bea is typing…", timeout=LIVE_MS)
    expect(scenario(ada)).to_have_value(re.compile("bea says hello"), timeout=LIVE_MS)
    expect(ada.locator(".coprod-group .coprod-typing")).to_have_text("", timeout=LIVE_MS)


def test_words_typed_while_away_merge_when_the_page_is_back(group_of_three):
    """Words typed just before the connection went (here: the page left before its save went
    out) stay on the device with the text they were written from, and merge when the page is
    back, with what others saved meanwhile."""
    ada, bea = group_of_three["Ada"].page, group_of_three["Bea"].page
    expect(scenario(ada)).to_have_value(scenario(bea).input_value(), timeout=LIVE_MS)
    link = ada.url
    scenario(ada).click()
    scenario(ada).press("End")
    ada.keyboard.type(" typed while away")
    ada.goto("about:blank")  # gone before the save went out (0.6 s after a pause)
    scenario(bea).click()
    scenario(bea).press("End")
    bea.keyboard.type(" written meanwhile")
    bea.locator(".coprod-group").get_by_role("button", name="Save: Our scenario").click()
    expect(bea.locator(".coprod-group").get_by_role("status")).to_have_text("Saved.")
    ada.goto(link)
    ada.wait_for_selector("#loading", state="detached")
    for page in (ada, bea):
        expect(scenario(page)).to_have_value(re.compile("written meanwhile"), timeout=LIVE_MS)
        expect(scenario(page)).to_have_value(re.compile("typed while away"), timeout=LIVE_MS)
    assert scenario(ada).input_value() == scenario(bea).input_value()
