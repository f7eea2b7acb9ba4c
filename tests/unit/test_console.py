"""The facilitator's console, driven from Python as the browser drives it: its sections,
the session plan, the timer, people, workshops, boards, moderation and downloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

import pytest

from coprod import plan, timer
from coprod.console import Console
from coprod.console.room import join_link, qr_svg
from coprod.moderation import hidden_posts
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.widgets import Download, Nav, Timer
from tests.driving import find, send


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Leeds, March")
    group = fresh_store.create_group(workshop, "Group 1")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id)
              for name in ("Uma", "Vic")}
    return workshop, people


@pytest.fixture
def console(fresh_store, content, room):
    return Console(fresh_store, content, room[0])


def app_for(store, content, workshop, person):
    return ParticipantApp(Session(store, content, workshop, person))


# --- sections ---------------------------------------------------------------------------------


def test_the_console_shows_one_section_at_a_time_chosen_from_its_nav(console):
    [nav] = find(console.widget, Nav)
    assert nav.title == "Console" and [i["id"] for i in nav.items] == ["room", "plan", "boards", "take-home",
                                                                       "workshops"]
    assert console.body.children == (console.panels["room"].widget,)
    send(nav, action="open", id="boards")
    assert nav.value == "boards" and console.body.children == (console.panels["boards"].widget,)
    send(nav, action="open", id="<script>")
    assert nav.value == "boards"


# --- joining ----------------------------------------------------------------------------------


def test_the_room_shows_the_code_the_link_and_a_qr_code_made_here(console, room, monkeypatch):
    workshop, _ = room
    monkeypatch.setenv("COPROD_PUBLIC_URL", "http://10.0.0.5:8866/voila/render")
    assert join_link(workshop) == f"http://10.0.0.5:8866/voila/render/index.ipynb?code={workshop.code}"
    svg = qr_svg(join_link(workshop))
    assert svg.startswith("<svg") and "viewBox" in svg and "http" not in svg.split(">", 1)[1]
    console.panels["room"]._drawn = None
    console.draw()
    shown = console.panels["room"].join.value
    assert workshop.code in shown and "index.ipynb?code=" in shown and "QR code of the join link" in shown


def test_closing_joining_and_renaming_the_workshop(console, fresh_store, room):
    workshop, _ = room
    panel = console.panels["room"]
    panel.open_joining.value = False
    assert not fresh_store.workshop(workshop.id).open and "closed" in panel.join.value
    panel.name.value = "Leeds, <b>April</b>"
    panel.rename.click()
    assert fresh_store.workshop(workshop.id).name == "Leeds, <b>April</b>"
    assert "&lt;b&gt;April" in panel.join.value and "<b>April" not in panel.join.value
    panel.name.value = "   "
    panel.rename.click()
    assert "empty" in panel.said.text and fresh_store.workshop(workshop.id).name == "Leeds, <b>April</b>"


# --- people -----------------------------------------------------------------------------------


def test_rename_and_remove_someone_with_a_second_click_to_confirm(console, fresh_store, content, room):
    workshop, people = room
    panel = console.people
    uma_app = app_for(fresh_store, content, workshop, people["Uma"])
    panel.person.value = people["Uma"].id
    assert panel.new_name.value == "Uma"
    panel.new_name.value = "Uma B."
    panel.rename.click()
    assert fresh_store.participant(people["Uma"].id).display_name == "Uma B."
    uma_app.refresh()
    assert "Uma B." in uma_app.who.value
    panel.remove.click()
    assert fresh_store.participant(people["Uma"].id) is not None and "Click again" in panel.said.text
    panel.remove.click()
    assert fresh_store.participant(people["Uma"].id) is None
    assert [p.display_name for p in fresh_store.participants(workshop)] == ["Vic"]
    assert dict(panel.person.options).get("Uma B.") is None
    uma_app.refresh()
    assert "no longer in this workshop" in uma_app.widget.children[0].value


def test_a_new_personal_link_as_a_qr_code_only_when_asked_for_one_person(console, fresh_store, room):
    import re

    _, people = room
    panel = console.people
    assert panel.link.value == "" and panel.hide_link.layout.display == "none"
    panel.link_button.click()  # nobody chosen
    assert panel.link.value == "" and "Choose a person first" in panel.said.text
    panel.person.value = people["Uma"].id
    panel.link_button.click()  # asks first: the old link stops working, and the projector
    assert panel.link.value == "" and "old link stops working" in panel.said.text
    panel.link_button.click()
    assert "Uma's new personal link" in panel.link.value
    assert "<svg" in panel.link.value and "role='img'" in panel.link.value
    [token] = re.findall(r"index\.ipynb\?p=([A-Za-z0-9_-]+)", panel.link.value)
    assert fresh_store.participant_by_token(token).id == people["Uma"].id  # the new link works
    assert panel.hide_link.layout.display is None
    panel.person.value = people["Vic"].id  # another person: Uma's link goes
    assert panel.link.value == "" and panel.hide_link.layout.display == "none"
    panel.person.value = people["Uma"].id
    panel.link_button.click()
    panel.link_button.click()
    assert fresh_store.participant_by_token(token) is None  # each new link replaces the one before
    panel.hide_link.click()
    assert panel.link.value == ""


def test_a_removed_person_gets_no_new_link(fresh_store, room):
    from coprod.store import NotAllowed

    _, people = room
    fresh_store.remove_participant(people["Vic"])
    with pytest.raises(NotAllowed):
        fresh_store.new_personal_token(people["Vic"])


# --- the plan ---------------------------------------------------------------------------------


def test_the_plan_chooses_orders_and_times_what_participants_see(console, fresh_store, content, room):
    workshop, people = room
    console.open("plan")
    panel = console.panels["plan"]
    rows = {row.activity.id: row for row in panel.rows}
    for row in panel.rows:
        row.include.value = row.activity.id in {"what-do-you-know", "power", "evaluating"}
    rows["power"].minutes.value = 25
    panel.save.click()
    saved = plan.planned(content, fresh_store.settings(workshop.id))
    assert [(s.activity.id, s.minutes) for s in saved] == [("what-do-you-know", None), ("power", 25),
                                                            ("evaluating", None)]
    # The editor keeps every activity where the plan (or the course) has it; evaluating moves to
    # the top, by a click per row above it.
    assert [r.activity.id for r in panel.rows if r.include.value] == ["what-do-you-know", "power", "evaluating"]
    for _ in range(panel.rows.index(rows["evaluating"]) + 1):  # the last click: already first, nothing happens
        rows["evaluating"].up.click()
    assert panel.rows[0] is rows["evaluating"]
    panel.save.click()
    expected = ["evaluating", "what-do-you-know", "power"]
    assert [s.activity.id for s in plan.planned(content, fresh_store.settings(workshop.id))] == expected
    app = app_for(fresh_store, content, workshop, people["Uma"])
    [nav] = find(app.widget, Nav)
    assert [i["id"] for i in nav.items] == [*expected, "my-notes"]
    assert app.open("values") == "This activity is not part of this workshop."
    send(nav, action="open", id="values")  # not in the list it was given: ignored
    assert app.current != "values"
    assert [o[1] for o in panel.current.options] == expected


def test_an_activity_ticked_again_goes_back_to_its_place_in_the_course(console, fresh_store, content, room):
    workshop, _ = room
    console.open("plan")
    panel = console.panels["plan"]
    course = [a.id for a in content.activities]
    rows = {row.activity.id: row for row in panel.rows}
    rows[course[0]].include.value = False
    panel.save.click()
    assert [s.activity.id for s in plan.planned(content, fresh_store.settings(workshop.id))] == course[1:]
    assert panel.rows[0].activity.id == course[0]  # unticked, but still first in the editor
    rows[course[0]].include.value = True
    panel.save.click()
    assert [s.activity.id for s in plan.planned(content, fresh_store.settings(workshop.id))] == course
    assert [o[1] for o in panel.current.options] == course
    # In a plan reordered by hand, an activity ticked again comes after its neighbour in the course.
    for row in panel.rows:
        row.include.value = row.activity.id in {"power", "values", "planning"}
    panel.save.click()
    rows["planning"].up.click()
    rows["planning"].up.click()
    rows["planning"].up.click()
    rows["planning"].up.click()
    panel.save.click()
    rows["assets"].include.value = True
    panel.save.click()
    assert [s.activity.id for s in plan.planned(content, fresh_store.settings(workshop.id))] == [
        "values", "assets", "planning", "power"]


def test_an_empty_plan_is_refused_and_nothing_changes(console, fresh_store, content, room):
    workshop, _ = room
    console.open("plan")
    panel = console.panels["plan"]
    for row in panel.rows:
        row.include.value = False
    panel.save.click()
    assert "not saved" in panel.plan_said.text and "plan" not in fresh_store.settings(workshop.id)


def test_plans_with_odd_stored_values_fall_back_safely(content):
    odd = [{"activity": "power", "minutes": True}, {"activity": "nope"}, "x", {"activity": "power", "minutes": 5},
           {"activity": "values", "minutes": -3}]
    steps = plan.planned(content, {"plan": odd})
    assert [(s.activity.id, s.minutes) for s in steps] == [("power", None), ("values", None)]
    assert len(plan.planned(content, {"plan": "everything"})) == len(content.activities)


def test_the_plan_moving_on_takes_a_participant_off_a_dropped_activity(fresh_store, content, room):
    workshop, people = room
    app = app_for(fresh_store, content, workshop, people["Uma"])
    app.open("values")
    plan.save_plan(fresh_store, workshop, content, [("power", None)])
    app.refresh()
    assert app.current == "power" and "changed the plan" in app.said.text


# --- the timer --------------------------------------------------------------------------------


def test_the_timer_is_an_end_time_everyone_sees(console, fresh_store, content, room):
    workshop, people = room
    console.open("plan")
    panel = console.panels["plan"]
    panel.current.value = "inclusive-language"
    panel.timer_minutes.value = 12
    before = datetime.now(UTC)
    panel.start_timer.click()
    running = timer.running(fresh_store.settings(workshop.id))
    assert running["activity"] == "inclusive-language"
    assert timedelta(minutes=11, seconds=59) < running["ends_at"] - before < timedelta(minutes=12, seconds=5)
    app = app_for(fresh_store, content, workshop, people["Vic"])
    clock = next(t for t in find(app.widget, Timer))
    assert clock.label == "Activity 5" and clock.ends_at == pytest.approx(
        running["ends_at"].timestamp() * 1000)
    panel.more_time.click()
    assert timer.running(fresh_store.settings(workshop.id))["ends_at"] - running["ends_at"] == timedelta(minutes=1)
    panel.stop_timer.click()
    app.refresh()
    assert clock.ends_at == 0 and panel.clock.ends_at == 0
    panel.more_time.click()
    assert "No timer" in panel.said.text


def test_more_time_after_the_end_counts_from_now(fresh_store, room):
    workshop, _ = room
    past = datetime.now(UTC) - timedelta(minutes=30)
    timer.start(fresh_store, workshop, "power", 5, now=past)
    now = datetime.now(UTC)
    timer.add_time(fresh_store, workshop, 2, now=now)
    assert timer.running(fresh_store.settings(workshop.id))["ends_at"] == now + timedelta(minutes=2)
    with pytest.raises(ValueError):
        timer.start(fresh_store, workshop, "power", 0)
    assert timer.running({"timer": {"activity": "power", "ends_at": "not a time"}}) is None


# --- workshops --------------------------------------------------------------------------------


def test_workshops_can_be_created_opened_archived_and_brought_back(console, fresh_store, room):
    workshop, _ = room
    console.open("workshops")
    panel = console.panels["workshops"]
    panel.new_name.value = "Sheffield, May"
    panel.create.click()
    made = fresh_store.find_workshop("Sheffield, May")
    assert made is not None and panel.said.link["text"] == "open its console"
    token = panel.said.link["href"].split("facilitator.ipynb?f=")[1]
    assert fresh_store.workshop_for_facilitator(token) == made
    assert "Sheffield, May" in panel.table.value and "(this one)" in panel.table.value
    panel.chosen.value = made.id
    panel.archive.click()
    assert fresh_store.workshop(made.id).archived and "Sheffield, May" not in panel.table.value
    panel.show_archived.value = True
    assert "archived" in panel.table.value
    panel.chosen.value = made.id
    panel.bring_back.click()
    assert fresh_store.workshop(made.id).open
    panel.chosen.value = workshop.id
    panel.open_console.click()
    token = panel.said.link["href"].split("facilitator.ipynb?f=")[1]
    assert fresh_store.workshop_for_facilitator(token) == workshop


# --- downloads --------------------------------------------------------------------------------


def download(widget, nonce=1):
    """Ask for the file as the browser does, and wait for it to be made (it is made in a thread)."""
    send(widget, action="download", nonce=nonce)
    widget.job.join(timeout=120)


def test_a_download_sends_the_file_as_a_buffer_and_says_so(monkeypatch):
    sent = []
    widget = Download(label="A file", make=lambda: ("a.csv", "text/csv", b"x,y\n1,2\n"))
    monkeypatch.setattr(widget, "send", lambda content, buffers=None: sent.append((content, buffers)))
    download(widget, nonce=3)
    [(message, buffers)] = sent
    assert message == {"action": "file", "name": "a.csv", "type": "text/csv", "nonce": 3}
    assert buffers == [b"x,y\n1,2\n"] and widget.status["kind"] == "saved" and "a.csv is ready" in widget.status["text"]


def test_a_download_that_fails_says_so_without_a_traceback(monkeypatch):
    def broken():
        raise OSError("disk full")

    widget = Download(label="A file", make=broken)
    monkeypatch.setattr(widget, "send", lambda *a, **k: pytest.fail("nothing should be sent"))
    download(widget)
    assert widget.status["kind"] == "error" and "could not be made" in widget.status["text"]
    assert "Traceback" not in widget.status["text"] and "disk full" not in widget.status["text"]


def test_every_take_home_button_makes_its_file(console, fresh_store, content, room, monkeypatch):
    buttons = find(console.panels["take-home"].widget, Download)
    assert len(buttons) >= 7
    for widget in buttons:
        sent = []
        monkeypatch.setattr(widget, "send", lambda content, buffers=None, sent=sent: sent.append((content, buffers)))
        download(widget)
        assert widget.status["kind"] == "saved", (widget.label, widget.status)
        [(message, [data])] = sent
        assert data and message["name"].startswith(("leeds-march", "co-production"))


# --- boards and moderation --------------------------------------------------------------------


def test_a_board_shows_the_room_and_hiding_a_post_hides_it_everywhere(console, fresh_store, content, room):
    workshop, people = room
    uma = people["Uma"]
    fresh_store.save(uma, "what-do-you-know", "know-questions", "n1",
                     {"id": "n1", "question": "already-know", "text": "Loneliness is <b>common</b>", "posted": True})
    console.open("boards")
    panel = console.panels["boards"]
    panel.chosen.value = "what-do-you-know"
    assert "Loneliness is &lt;b&gt;common&lt;/b&gt;" in panel.board.value
    panel.moderate.value = True
    [row] = panel.post_rows.children
    hide = row.children[1]
    assert hide.description == "Hide post 1"
    hide.click()
    assert "Loneliness" not in panel.board.value
    assert len(hidden_posts(fresh_store.settings(workshop.id))) == 1
    [row] = panel.post_rows.children
    assert row.children[1].description == "Show post 1" and "(hidden)" in row.children[0].value
    # Shown to participants only once revealed, and never the hidden post.
    app = app_for(fresh_store, content, workshop, people["Vic"])
    app.open("what-do-you-know")
    assert app.results.value == ""
    panel.reveal.value = True
    app.refresh()
    assert "The room's results" in app.results.value and "Loneliness" not in app.results.value
    row.children[1].click()
    app.refresh()
    assert "Loneliness is &lt;b&gt;common" in app.results.value


def test_activity_7_offers_each_groups_own_stakeholders_and_says_what_was_given(console, fresh_store, content,
                                                                               room):
    _, people = room
    uma = people["Uma"]
    fresh_store.save(uma, "what-do-you-know", "know-questions", "n1",
                     {"id": "n1", "question": "already-know", "text": "A note", "posted": True})
    fresh_store.save(uma, "identifying-stakeholders", "stakeholders", "entries/e1",
                     {"values": {"text": "Library staff", "why-involved": "They see lonely people"}}, scope="group")
    console.open("boards")
    panel = console.panels["boards"]
    panel.chosen.value = "what-do-you-know"
    panel.moderate.value = True
    panel.post_rows.children[0].children[1].click()
    assert panel.said.text.startswith("The post is hidden")
    panel.chosen.value = "stakeholder-needs"
    assert panel.said.text == ""  # a line about another board is not left standing
    [pick] = [c for c in find(panel.extra, object) if getattr(c, "description", "") == "Stakeholder for Group 1"]
    assert pick.options[1] == ("Library staff (from the group's list)", "Library staff")
    assert ("Paid staff", "Paid staff") in pick.options
    [own] = [c for c in find(panel.extra, object) if getattr(c, "description", "").startswith("Or a hypothetical")]
    [give] = [c for c in find(panel.extra, object) if getattr(c, "description", "") == "Give it to Group 1"]
    own.value = "Bus drivers"
    give.click()
    assert panel.said.text == "Group 1's stakeholder is now: Bus drivers."
    [pick] = [c for c in find(panel.extra, object) if getattr(c, "description", "") == "Stakeholder for Group 1"]
    assert pick.value == "Bus drivers"
    pick.value = ""
    assert panel.said.text == "Group 1 has no stakeholder now."


# What each person was told only they and the facilitator see, by activity: (task, item, value, text shown).
PRIVATE = {
    "what-do-you-know": ("know-questions", "n2", {"id": "n2", "question": "want-to-know", "text": "Uma's own note"},
                         "Uma's own note"),
    "power": ("personal-power", "responsibilities", {"text": "Uma runs the lunch club"}, "Uma runs the lunch club"),
    "reflecting": ("reflection", "r1/now-know", {"text": "Uma learnt patience"}, "Uma learnt patience"),
    "evaluating": ("evaluation-questions", "useful-parts", {"text": "Uma liked the cards"}, "Uma liked the cards"),
    "ladder-of-co-production": ("ladder-start", "now", {"choice": 2}, "Uma</th>"),
}


def test_private_answers_are_folded_on_the_boards_until_the_facilitator_asks(console, fresh_store, room):
    from html import escape

    _, people = room
    uma = people["Uma"]
    fresh_store.save(uma, "what-do-you-know", "know-questions", "n1",
                     {"id": "n1", "question": "already-know", "text": "A posted note", "posted": True})
    for activity, (task, item, value, _) in PRIVATE.items():
        fresh_store.save(uma, activity, task, item, value)
    fresh_store.save(uma, "ladder-of-co-production", "ladder-end", "now", {"choice": 3})
    console.open("boards")
    panel = console.panels["boards"]
    assert panel.show_private.value is False
    for activity, (*_, shown) in PRIVATE.items():
        panel.chosen.value = activity
        board = panel.board.value
        assert escape(shown, quote=False) not in board and shown not in board, activity
        if activity != "what-do-you-know":  # Activity 1's board shows posted notes only; the list below folds
            assert "coprod-private-folded" in board and "Show private answers" in board, activity
    panel.chosen.value = "what-do-you-know"
    assert "A posted note" in panel.board.value
    panel.moderate.value = True
    lines = [row.children[0].value for row in panel.post_rows.children if hasattr(row, "children")]
    assert "A posted note" in lines[0] and not any("own note" in line for line in lines)
    assert "1 answer seen only by its writer and you, not listed" in panel.post_rows.children[-1].value
    panel.show_private.value = True
    for activity, (*_, shown) in list(PRIVATE.items())[1:]:
        panel.chosen.value = activity
        board = panel.board.value
        assert escape(shown) in board or shown in board, activity
        assert "Private: seen only by the person who wrote it and the facilitator" in board, activity
    panel.chosen.value = "what-do-you-know"
    [posted, unposted] = [row.children[0].value for row in panel.post_rows.children]
    assert "private" not in posted and "(private: not shared with the room)" in unposted and "own note" in unposted


def test_a_persons_data_downloaded_and_then_deleted_from_the_console(console, fresh_store, room, monkeypatch):
    workshop, people = room
    fresh_store.save(people["Uma"], "planning", "commitment", "text", "I will listen more")
    panel = console.people
    sent = []
    monkeypatch.setattr(panel.data, "send", lambda content, buffers=None: sent.append((content, buffers)))
    download(panel.data)
    assert panel.data.status["text"] == "Choose a person first." and sent == []
    panel.person.value = people["Uma"].id
    download(panel.data, nonce=2)
    [(message, [data])] = sent
    assert message["name"] == f"person-{people['Uma'].id}-data.xlsx" and data[:2] == b"PK"
    panel.forget.click()
    assert fresh_store.participant(people["Uma"].id) is not None and "cannot be undone" in panel.said.text
    panel.forget.click()
    assert fresh_store.everyone(workshop) == [people["Vic"]] and fresh_store.history(workshop.id) == []
    assert "Deleted Uma: 1 answer," in panel.said.text


def test_a_hidden_post_leaves_the_other_participants_pages_but_not_its_writers(fresh_store, content, room):
    from coprod.collate import posts
    from coprod.moderation import set_hidden
    from coprod.widgets import Picker, SharedList

    workshop, people = room
    uma = app_for(fresh_store, content, workshop, people["Uma"])
    vic = app_for(fresh_store, content, workshop, people["Vic"])
    for app in (uma, vic):
        app.open("warning-signs")
    room_list = next(s for s in find(vic.body, SharedList) if s.title.startswith("Our own examples"))
    send(room_list, action="add", values={"text": "Something rude"}, nonce=1)
    uma.refresh()
    [picker] = find(uma.body, Picker)
    assert picker.options[-1]["text"] == "Something rude"
    [post] = [p for p in posts(fresh_store, content, workshop, "warning-signs") if p.preview == "Something rude"]
    set_hidden(fresh_store, workshop, post.answer, True)
    uma.refresh()
    vic.refresh()
    assert "Something rude" not in [o["text"] for o in picker.options]
    uma_list = next(s for s in find(uma.body, SharedList) if s.title.startswith("Our own examples"))
    assert uma_list.value == []
    assert [e["values"]["text"] for e in room_list.value] == ["Something rude"]  # the writer still sees it


def test_someone_removed_leaves_the_boards(console, fresh_store, room):
    _, people = room
    fresh_store.save(people["Vic"], "what-do-you-know", "know-questions", "n1",
                     {"id": "n1", "question": "already-know", "text": "Disruptive note", "posted": True})
    console.open("boards")
    panel = console.panels["boards"]
    panel.chosen.value = "what-do-you-know"
    assert "Disruptive note" in panel.board.value
    fresh_store.remove_participant(people["Vic"])
    console.draw()
    assert "Disruptive note" not in panel.board.value


def test_ending_every_other_facilitator_link(fresh_store, content, room):
    workshop, _ = room
    mine = fresh_store.add_facilitator_key(workshop)
    seen_on_the_projector = fresh_store.add_facilitator_key(workshop)
    other_workshop, other_key = fresh_store.create_workshop("Another room")
    panel = Console(fresh_store, content, workshop, key=mine).panels["workshops"]
    panel.end_others.click()
    assert fresh_store.workshop_for_facilitator(seen_on_the_projector) is None
    assert fresh_store.workshop_for_facilitator(mine).id == workshop.id
    assert fresh_store.workshop_for_facilitator(other_key).id == other_workshop.id  # other workshops untouched
    assert "Ended" in panel.said.text
    stray = Console(fresh_store, content, workshop, key=None).panels["workshops"]
    stray.end_others.click()
    assert "no link was ended" in stray.said.text and fresh_store.workshop_for_facilitator(mine) is not None


def test_the_toolkit_s_instructions_are_the_facilitator_s_speaker_notes(console, content):
    """Participants' pages no longer show the toolkit's instructions (written for the facilitator:
    "The facilitator will hand out..."): the console's boards do, word for word, for the activity
    chosen, and keep them as they are while the board redraws (an opened note stays open)."""
    console.open("boards")
    panel = console.panels["boards"]
    for activity in content.activities:
        if activity.id not in [value for _label, value in panel.chosen.options]:
            continue
        panel.chosen.value = activity.id
        notes = panel.notes.value
        assert f"Instructions for the facilitator (Activity {activity.number})" in notes
        for part in activity.parts:
            for instruction in part.instructions:
                assert escape(instruction.text) in notes, (activity.id, instruction.text[:40])
                assert all(escape(point) in notes for point in instruction.points)
        before = panel.notes
        panel.draw(console.store.settings(console.workshop.id))
        assert panel.notes is before and panel.notes.value == notes
