"""The participant app and the facilitator's board, built in Python against a store in memory."""

from __future__ import annotations

import ipywidgets as w
import pytest

from coprod.app import activity_page, facilitator_app, participant_app
from coprod.boards import LiveFeed
from coprod.console import Console
from coprod.session import Session
from coprod.tasks.questions.builder import personal_goals
from coprod.widgets import JoinForm, Nav, Notes, PersonalLink
from tests.driving import find, send


@pytest.fixture
def workshop(fresh_store):
    return fresh_store.create_workshop("Tuesday")


@pytest.fixture
def served(monkeypatch):
    monkeypatch.setenv("COPROD_SERVE", "1")


def join(store, content, code, name="Ann"):
    app = participant_app(store=store, content=content, params={"code": code}, live=False)
    [form] = find(app, JoinForm)
    assert form.code == code
    send(form, action="join", code=code, name=name)
    return to_activity_one(app, content)


def to_activity_one(app, content):
    """People start on the course's first activity (the ladder extension, when it is enabled);
    these tests are about Activity 1, so they go there, as a participant does from the nav."""
    [nav] = find(app, Nav)
    assert nav.value == content.course.order[0]
    send(nav, action="open", id="what-do-you-know")
    return app


def test_join_then_activity_one(fresh_store, content, workshop, served):
    ws, _ = workshop
    app = join(fresh_store, content, ws.code)
    assert find(app, JoinForm) == []
    [link] = find(app, PersonalLink)
    token = link.query.removeprefix("p=")
    participant = fresh_store.participant_by_token(token)
    assert participant.display_name == "Ann" and participant.workshop_id == ws.id
    [notes] = find(app, Notes)
    assert [q["text"] for q in notes.questions] == [
        "What do I already know about co-production?", "What do I want to know about co-production?"]
    assert notes.post_limit == 2 and notes.goals_question == "want-to-know"


def test_wrong_or_closed_code(fresh_store, content, workshop, served):
    ws, _ = workshop
    app = participant_app(store=fresh_store, content=content, params={"code": ws.code})
    [form] = find(app, JoinForm)
    send(form, action="join", code="NOPE99", name="Ann")
    assert "no workshop with the code 'NOPE99'" in form.status["text"]
    fresh_store.set_open(ws, False)
    send(form, action="join", code=ws.code.lower(), name="Ann")
    assert "closed" in form.status["text"]
    assert fresh_store.participants(ws) == []


def test_personal_link_restores_answers(fresh_store, content, workshop, served):
    ws, _ = workshop
    app = join(fresh_store, content, ws.code)
    [notes] = find(app, Notes)
    send(notes, action="add", question="want-to-know", text="Where to start", nonce=1)
    send(notes, action="add", question="want-to-know", text="The barriers", nonce=2)
    send(notes, action="add", question="already-know", text="Not much", nonce=3)
    send(notes, action="post", id=notes.value[0]["id"], posted=True)
    send(notes, action="remove", id=notes.value[1]["id"])
    token = find(app, PersonalLink)[0].query.removeprefix("p=")

    again = participant_app(store=fresh_store, content=content, params={"p": token}, live=False)
    [restored] = find(again, Notes)
    assert restored.value == notes.value
    session = Session(fresh_store, content, ws, fresh_store.participant_by_token(token))
    activity = content.activity("what-do-you-know")
    assert personal_goals(session, activity, activity.parts[0].tasks[0]) == ["Where to start"]


def test_unknown_token_gets_a_message_not_a_traceback(fresh_store, content, served):
    app = participant_app(store=fresh_store, content=content, params={"p": "forged"})
    assert find(app, Notes) == []
    assert "not recognised" in app.children[-1].value


def test_without_a_workshop_it_is_the_workbook(fresh_store, content):
    app = to_activity_one(participant_app(store=fresh_store, content=content, params={}), content)
    [notes] = find(app, Notes)
    send(notes, action="add", question="already-know", text="Alone at home", nonce=1)
    again = activity_page("what-do-you-know", store=fresh_store, content=content, params={})
    assert [r["text"] for r in find(again, Notes)[0].value] == ["Alone at home"]
    assert find(app, PersonalLink) == []


def test_activity_page_under_serve_sends_people_to_the_course_page(fresh_store, content, workshop, served):
    ws, _ = workshop
    token = fresh_store.join(ws, "Ann")[1]
    for params in ({}, {"p": token}):  # even a good link: the plan, locks and live updates live in the app
        page = activity_page("what-do-you-know", store=fresh_store, content=content, params=params)
        assert find(page, Notes) == [] and "personal link" in page.children[-1].value


def test_facilitator_needs_the_secret(fresh_store, content, workshop, served):
    ws, secret = workshop
    for params in ({}, {"f": "guess"}, {"code": ws.code}):
        page = facilitator_app(store=fresh_store, content=content, params=params, live=False)
        assert "needs the facilitator" in page.children[-1].value
    page = facilitator_app(store=fresh_store, content=content, params={"f": secret}, live=False)
    assert ws.code in " ".join(h.value for h in find(page, w.HTML))


def test_board_collates_posted_notes_and_sees_new_ones(fresh_store, content, workshop, served):
    ws, _ = workshop
    console = Console(fresh_store, content, ws)
    console.open("boards")
    console.panels["boards"].chosen.value = "what-do-you-know"  # the first board is the ladder's
    board = console.panels["boards"].board
    live = LiveFeed(fresh_store, ws)
    live.subscribe(console.draw)
    assert "Nothing posted yet" in board.value
    assert live.refresh() is True and live.refresh() is False  # the first look, then nothing new

    pages = {}
    for name in ("Ann", "Bob"):
        [notes] = find(join(fresh_store, content, ws.code, name), Notes)
        send(notes, action="add", question="already-know", text=f"{name} posts", nonce=1)
        send(notes, action="add", question="already-know", text=f"{name} keeps", nonce=2)
        send(notes, action="post", id=notes.value[0]["id"], posted=True)
        pages[name] = notes

    assert live.refresh() is True
    assert "Ann posts" in board.value and "Bob posts" in board.value
    assert "keeps" not in board.value  # not posted: only the writer and the facilitator's exports have it

    send(pages["Ann"], action="post", id=pages["Ann"].value[0]["id"], posted=False)
    send(pages["Bob"], action="remove", id=pages["Bob"].value[0]["id"])
    assert live.refresh() is True
    assert "Ann posts" not in board.value and "Bob posts" not in board.value

    other, _ = fresh_store.create_workshop("Another room")
    other_console = Console(fresh_store, content, other)
    other_console.open("boards")
    other_console.panels["boards"].chosen.value = "what-do-you-know"
    assert "Nothing posted yet" in other_console.panels["boards"].board.value


def test_participants_see_only_their_own_answers(fresh_store, content, workshop, served):
    ws, _ = workshop
    [ann] = find(join(fresh_store, content, ws.code, "Ann"), Notes)
    send(ann, action="add", question="already-know", text="Ann's private thought", nonce=1)
    send(ann, action="post", id=ann.value[0]["id"], posted=True)
    [bob] = find(join(fresh_store, content, ws.code, "Bob"), Notes)
    assert bob.value == []


def test_markup_in_names_is_shown_as_text(fresh_store, content, served):
    ws, secret = fresh_store.create_workshop("<b>Room</b> & co")
    app = join(fresh_store, content, ws.code, name="<img src=x onerror=alert(1)>")
    html = " ".join(h.value for h in find(app, w.HTML))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Room&lt;/b&gt; &amp; co" in html
    page = facilitator_app(store=fresh_store, content=content, params={"f": secret}, live=False)
    shown = " ".join(h.value for h in find(page, w.HTML))
    assert "&lt;b&gt;Room&lt;/b&gt;" in shown and "<b>Room" not in shown


def test_a_page_in_another_voila_is_never_the_workbook(fresh_store, content, monkeypatch):
    monkeypatch.delenv("COPROD_SERVE", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    app = participant_app(store=fresh_store, content=content, params={})
    assert find(app, Notes) == [] and find(app, JoinForm)
    page = facilitator_app(store=fresh_store, content=content, params={})
    assert "needs the facilitator" in page.children[-1].value


def test_one_person_in_two_tabs_cannot_post_more_than_two(fresh_store, content, workshop, served):
    ws, _ = workshop
    app = join(fresh_store, content, ws.code)
    token = find(app, PersonalLink)[0].query.removeprefix("p=")
    [first] = find(app, Notes)
    for i in range(3):
        send(first, action="add", question="already-know", text=f"idea {i}", nonce=i)
    [second] = find(participant_app(store=fresh_store, content=content, params={"p": token}, live=False), Notes)
    send(first, action="post", id=first.value[0]["id"], posted=True)
    send(first, action="post", id=first.value[1]["id"], posted=True)
    send(second, action="post", id=second.value[2]["id"], posted=True)  # this tab has not seen the two
    assert [r["posted"] for r in second.value] == [True, True, False]
    assert "Untick one" in second.status["text"]


def test_a_view_that_fails_is_drawn_again_at_the_next_look(fresh_store, workshop):
    ws, _ = workshop
    feed = LiveFeed(fresh_store, ws)
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a widget closed under it")

    feed.begin()
    feed.subscribe(flaky)
    assert feed.refresh() is False and not calls  # nothing changed since the page was drawn
    fresh_store.set_setting(ws, "locked", [])
    assert feed.refresh() is True and len(calls) == 1  # failed
    assert feed.refresh() is True and len(calls) == 2  # tried again, though nothing else changed
    assert feed.refresh() is False and len(calls) == 2


def test_a_write_while_the_page_is_drawn_is_seen_at_the_first_look(fresh_store, workshop):
    ws, _ = workshop
    feed = LiveFeed(fresh_store, ws).begin()  # as a served page does, before it reads the store
    fresh_store.set_setting(ws, "locked", ["values"])  # lands while the page draws itself
    drawn = []
    feed.subscribe(lambda: drawn.append(1))
    assert feed.refresh() is True and drawn == [1]


def test_group_texts_are_looked_at_between_the_page_s_full_redraws(fresh_store, workshop):
    """What a group writes together reaches its pages four times a second while the room is
    busy (the once-a-second look was half a second of a word's way to the others, on average);
    the rest of the page is still redrawn at most once a second, so a busy room does not redraw
    every page 4 times a second, and a quiet room is looked at once a second."""
    import itertools
    import time

    from coprod import boards

    ws, _ = workshop
    feed = LiveFeed(fresh_store, ws).begin()
    full, live = [], []
    feed.subscribe(lambda: full.append(time.monotonic()))
    feed.subscribe_live(lambda: live.append(time.monotonic()))
    looks = []
    version = fresh_store.version
    fresh_store.version = lambda workshop_id: looks.append(1) or version(workshop_id)
    feed.start()
    try:
        time.sleep(2.1)
        assert len(looks) <= 3, "a quiet room is looked at once a second"
        started = time.monotonic()
        for n in range(12):  # someone saving 4 times a second for 3 s
            fresh_store.set_setting(ws, "locked", [str(n)])
            last_write = time.monotonic()
            time.sleep(0.25)
        time.sleep(boards.POLL_SECONDS + 0.3)
    finally:
        feed.stop()
    assert len(live) >= 6, live  # most of the writes were seen between the full redraws
    assert all(b - a >= boards.POLL_SECONDS * 0.9 for a, b in itertools.pairwise(full)), full
    assert 2 <= len(full) <= 5, full
    assert full[0] > started and full[-1] > last_write  # the last write is drawn in full too
    assert feed._seen == fresh_store.version(ws.id)
