"""The dot vote (coprod/tasks/dot_vote/): its stored vote checked against the task whatever a
crafted client sends, its page driven from Python as the browser drives it, its board (most dots
first, numbers in words, no names for the room, option texts escaped), and its YAML."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from coprod.activities import build_activity
from coprod.collate import Room
from coprod.content import Activity, DotVoteTask, Part
from coprod.session import Session
from coprod.store import Answer, SaveBudget
from coprod.store.known_settings import LOCKED
from coprod.tasks.dot_vote.answer import ANSWERS, Dots, counts, totals, votes
from coprod.tasks.dot_vote.brief import brief
from coprod.tasks.dot_vote.builder import build
from coprod.tasks.dot_vote.collation import render
from coprod.tasks.dot_vote.widget import DotVote
from tests.driving import find, send

OPTIONS = [{"id": "tea", "text": "Tea"}, {"id": "cake", "text": "Cake <b>& more</b>"}, {"id": "talk", "text": "Talk"}]
EXTENSION = "where-to-spend-our-time"


def task_of(**fields) -> DotVoteTask:
    return DotVoteTask(**{"id": "vote", "type": "dot_vote", "options": OPTIONS, **fields})


def activity_of(task: DotVoteTask) -> Activity:
    return Activity(id="choosing", number=20, title="Choosing",
                    parts=[Part(id="main", aim="To choose.", instructions=[], tasks=[task])])


def answer(value, *, scope="participant", item="dots", owner=1) -> Answer:
    return Answer(id=1, scope=scope, owner_id=owner, activity="choosing", task="vote", item=item,
                  value=value, author_id=owner, author_name="Ada", created_at=None)


# --- the stored vote ------------------------------------------------------------------------


def test_a_vote_within_the_task_is_read_in_the_options_order_without_empty_ones():
    task = task_of()
    assert counts(task, {"dots": {"talk": 1, "tea": 2, "cake": 0}}) == {"tea": 2, "talk": 1}
    assert counts(task, {"dots": {}}) == {}
    assert ANSWERS.read(answer({"dots": {"tea": 1}})) == Dots(dots={"tea": 1})
    assert Dots(dots={"tea": 1}).stored() == {"dots": {"tea": 1}}


@pytest.mark.parametrize("value", [
    {"dots": {"tea": -1}},  # negative
    {"dots": {"tea": 4}},  # more dots than the task gives
    {"dots": {"tea": 2, "cake": 1, "talk": 1}},  # too many in all
    {"dots": {"coffee": 1}},  # an option the task does not have
    {"dots": {"tea": "2"}},  # a string for a count
    {"dots": {"tea": 1.0}},
    {"dots": {"tea": True}},
    {"dots": {"<script>alert(1)</script>": 1}},  # HTML for an option id
    {"dots": ["tea"]},
    {"dots": "tea"},
    {"votes": {"tea": 1}},
    "tea", 3, None, [],
])
def test_a_crafted_vote_counts_for_nothing(value):
    task = task_of()
    assert counts(task, value) is None
    assert votes(task, [answer(value)]) == []
    assert totals(task, [answer(value)]) == {"tea": 0, "cake": 0, "talk": 0}


def test_one_dot_per_option_when_the_task_says_so():
    assert counts(task_of(one_per_option=True), {"dots": {"tea": 2}}) is None
    assert counts(task_of(one_per_option=True), {"dots": {"tea": 1, "cake": 1}}) == {"tea": 1, "cake": 1}


def test_an_export_has_a_column_per_option_with_dots():
    from coprod.exports.flatten import flatten

    assert flatten("dots", Dots(dots={"tea": 2, "talk": 1}).stored()) == [("dots/dots/tea", 2), ("dots/dots/talk", 1)]


def test_votes_of_another_item_or_scope_are_left_out():
    task = task_of()
    assert votes(task, [answer({"dots": {"tea": 1}}, item="other")]) == []
    assert votes(task, [answer({"dots": {"tea": 1}}, scope="group")]) == []
    assert len(votes(task_of(who="group"), [answer({"dots": {"tea": 1}}, scope="group")])) == 1


# --- the YAML ----------------------------------------------------------------------------


def test_the_task_s_fields_are_checked():
    assert task_of().dots == 3 and not task_of().one_per_option and task_of().scope == "participant"
    assert task_of(who="group").scope == "group"
    for bad, message in [({"who": "pair"}, "individual"), ({"who": "facilitator"}, "individual"),
                         ({"dots": 0}, "greater than"), ({"dots": 21}, "less than"),
                         ({"one_per_option": True, "dots": 4}, "never be placed"),
                         ({"options": OPTIONS[:1]}, "at least 2"),
                         ({"options": [OPTIONS[0], OPTIONS[0]]}, "duplicate option id"),
                         ({"colour": "red"}, "Extra inputs")]:
        with pytest.raises(ValidationError, match=message):
            task_of(**bad)


def test_coprod_check_passes_the_course_with_the_extension_enabled(tmp_path):
    from click.testing import CliRunner

    from coprod.cli import cli
    from tests.extended_content import extended_copy

    result = CliRunner().invoke(cli, ["check", str(extended_copy(tmp_path / "content", [EXTENSION]))])
    assert result.exit_code == 0, result.output
    assert "14 activities, all valid" in result.stdout and EXTENSION in result.stdout


def test_the_extension_ships_disabled_and_loads_when_enabled(content, extended_content):
    assert EXTENSION not in {a.id for a in content.activities}
    activity = extended_content.activity(EXTENSION)
    assert extended_content.is_extension(EXTENSION)
    [task] = activity.parts[0].tasks
    assert isinstance(task, DotVoteTask) and task.dots == 3 and task.who == "individual"
    # Its options are the toolkit's activities, one each.
    toolkit = [a.id for a in content.activities if not content.is_extension(a.id)]
    assert [o.id for o in task.options] == toolkit


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Room")
    group = fresh_store.create_group(workshop, "Group 1")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id) for name in ("Uma", "Vic")}
    alone = fresh_store.join(workshop, "Wyn")[0]
    sessions = {name: Session(fresh_store, content, workshop, person) for name, person in
                {**people, "Wyn": alone}.items()}
    return fresh_store, workshop, sessions


def tap(vote: DotVote, option: str, delta: int = 1) -> dict:
    send(vote, action="change", option=option, delta=delta)
    return vote.status


def test_dots_are_spread_with_taps_saved_as_they_go_and_kept(room):
    store, workshop, sessions = room
    task = task_of()
    activity = activity_of(task)
    vote = build(activity, task, sessions["Uma"])
    assert isinstance(vote, DotVote) and vote.value == {} and vote.dots == 3 and vote.label == "Your dots"
    assert tap(vote, "tea")["kind"] == "saved"
    tap(vote, "tea")
    tap(vote, "talk")
    assert vote.value == {"tea": 2, "talk": 1}
    refused = tap(vote, "cake")
    assert refused["kind"] == "error" and "No dots left" in refused["text"]
    assert vote.value == {"tea": 2, "talk": 1}
    tap(vote, "tea", -1)
    tap(vote, "cake")
    assert vote.value == {"tea": 1, "cake": 1, "talk": 1}
    tap(vote, "cake", -1)
    tap(vote, "cake", -1)  # nothing left to take off: nothing changes
    assert vote.value == {"tea": 1, "talk": 1}
    current = store.current(workshop.id, "choosing", "vote", scope="participant",
                            owner_id=sessions["Uma"].participant.id)
    assert [(a.item, a.value) for a in current] == [("dots", {"dots": {"tea": 1, "talk": 1}})]
    # Opened again (a reload, another device), the vote is as it was left.
    assert build(activity, task, sessions["Uma"]).value == {"tea": 1, "talk": 1}
    assert build(activity, task, sessions["Vic"]).value == {}  # each person's own


@pytest.mark.parametrize("message", [
    {"option": "coffee", "delta": 1}, {"option": "tea", "delta": 2}, {"option": "tea", "delta": -3},
    {"option": "tea", "delta": True}, {"option": "tea", "delta": "1"}, {"option": "tea", "delta": 1.0},
    {"option": ["tea"], "delta": 1},
    {"option": "<img src=x onerror=alert(1)>", "delta": 1}, {"delta": 1}, {"option": "tea"},
])
def test_crafted_messages_store_nothing(room, message):
    store, workshop, sessions = room
    task = task_of()
    vote = build(activity_of(task), task, sessions["Uma"])
    send(vote, action="change", **message)
    send(vote, action="set", value={"tea": 99})  # no such action
    assert vote.value == {} and store.current(workshop.id, "choosing", "vote") == []


def test_a_browser_s_state_update_is_ignored(room):
    from tests.driving import update

    _, _, sessions = room
    task = task_of()
    vote = build(activity_of(task), task, sessions["Uma"])
    update(vote, value={"tea": 99}, dots=50, locked=False)
    assert vote.value == {} and vote.dots == 3


def test_one_per_option(room):
    _, _, sessions = room
    task = task_of(one_per_option=True, dots=2)
    vote = build(activity_of(task), task, sessions["Uma"])
    tap(vote, "tea")
    assert "One dot each at most" in tap(vote, "tea")["text"] and vote.value == {"tea": 1}


def test_a_change_made_on_another_device_is_counted_before_the_next_tap(room):
    _, _, sessions = room
    task = task_of()
    activity = activity_of(task)
    phone, laptop = build(activity, task, sessions["Uma"]), build(activity, task, sessions["Uma"])
    tap(phone, "tea")
    tap(phone, "tea")
    tap(laptop, "cake")  # the laptop had drawn no dots, but the store has two
    assert laptop.value == {"tea": 2, "cake": 1}
    assert "No dots left" in tap(phone, "talk")["text"]


def test_a_group_s_vote_is_one_vote_shared_by_its_members(room):
    store, workshop, sessions = room
    task = task_of(who="group")
    activity = activity_of(task)
    uma, vic = build(activity, task, sessions["Uma"]), build(activity, task, sessions["Vic"])
    assert uma.label == "Our group's dots"
    tap(uma, "tea")
    tap(vic, "talk")
    sessions["Uma"].changed()
    assert uma.value == vic.value == {"tea": 1, "talk": 1}
    assert [a.scope for a in store.current(workshop.id, "choosing", "vote")] == ["group"]
    # Someone without a group has nothing to vote with yet.
    alone = build(activity, task, sessions["Wyn"])
    assert not isinstance(alone, DotVote) and "group" in alone.value


def test_nothing_changes_once_the_facilitator_closes_the_activity(room):
    store, workshop, sessions = room
    task = task_of()
    activity = activity_of(task)
    vote = build(activity, task, sessions["Uma"])
    tap(vote, "tea")
    LOCKED.write(store, workshop, [activity.id])
    said = tap(vote, "talk")
    assert said["kind"] == "error" and "closed" in said["text"] and vote.locked and vote.value == {"tea": 1}
    LOCKED.write(store, workshop, [])
    sessions["Uma"].changed()
    assert not vote.locked
    assert tap(vote, "talk")["kind"] == "saved"


def test_the_save_budget_s_refusal_is_said_in_its_own_words(room):
    store, _, sessions = room
    store.save_budget = SaveBudget(burst=1, per_second=0.0001)
    task = task_of()
    vote = build(activity_of(task), task, sessions["Uma"])
    tap(vote, "tea")
    said = tap(vote, "tea")
    assert said["kind"] == "error" and "wait a moment" in said["text"] and vote.value == {"tea": 1}


def test_the_extension_s_page_draws_the_dots_under_the_task_s_title(fresh_store, extended_content):
    workshop, _ = fresh_store.create_workshop("Room")
    person = fresh_store.join(workshop, "Uma")[0]
    session = Session(fresh_store, extended_content, workshop, person)
    [vote] = find(build_activity(extended_content.activity(EXTENSION), session), DotVote)
    assert len(vote.options) == 12 and vote.options[0]["text"].startswith("Activity 1: ")


# --- the board ---------------------------------------------------------------------------


def filled_room(store, workshop, sessions, task):
    activity = activity_of(task)
    for name, taps in {"Uma": ["cake", "cake", "tea"], "Vic": ["cake"], "Wyn": ["talk", "talk"]}.items():
        vote = build(activity, task, sessions[name])
        for option in taps:
            tap(vote, option)
    return activity


def test_the_board_shows_the_room_and_each_group_most_dots_first(room, content):
    store, workshop, sessions = room
    task = task_of()
    activity = filled_room(store, workshop, sessions, task)
    out = render(Room.read(store, content, workshop), activity, activity.parts[0], task, 4)
    board = out.room
    assert "The room: 6 dots from 3 people, most dots first." in board
    # Cake (3) before Talk (2) before Tea (1); the counts written out beside the bars.
    assert board.index("Cake") < board.index("Talk") < board.index(">Tea<")
    assert "<strong class='coprod-dotbar-count'>3 dots</strong>" in board and "1 dot<" in board
    assert "Cake &lt;b&gt;&amp; more&lt;/b&gt;" in board and "<b>" not in board
    group = next(key for key in out.groups if key is not None)
    assert "This group: 4 dots from 2 people" in out.groups[group]
    assert "People not in a group: 2 dots from 1 person" in out.groups[None]


def test_no_name_stands_beside_a_vote_for_the_room(room, content):
    store, workshop, sessions = room
    task = task_of()
    activity = filled_room(store, workshop, sessions, task)
    for audience in ("room", "facilitator"):
        out = render(Room.read(store, content, workshop, audience=audience), activity, activity.parts[0], task, 4)
        shown = out.room + "".join(out.groups.values())
        assert not any(name in shown for name in ("Uma", "Vic", "Wyn"))


def test_a_crafted_vote_in_the_store_does_not_reach_the_board(room, content):
    store, workshop, sessions = room
    task = task_of()
    activity = activity_of(task)
    store.save(sessions["Uma"].participant, "choosing", "vote", "dots", {"dots": {"tea": 50}})
    store.save(sessions["Vic"].participant, "choosing", "vote", "dots", {"dots": {"<script>": 1}})
    out = render(Room.read(store, content, workshop), activity, activity.parts[0], task, 4)
    assert "No dots placed yet." in out.room and "<script>" not in out.room


def test_an_empty_room_options_without_dots_and_the_brief(room, content):
    store, workshop, sessions = room
    task = task_of()
    activity = activity_of(task)
    vote = build(activity, task, sessions["Uma"])
    tap(vote, "tea")
    tap(vote, "tea", -1)  # every dot taken off again: no vote
    empty = render(Room.read(store, content, workshop), activity, activity.parts[0], task, 4)
    assert "No dots placed yet." in empty.room
    tap(vote, "talk")
    board = render(Room.read(store, content, workshop), activity, activity.parts[0], task, 4).room
    assert "The room: 1 dot from 1 person" in board
    assert ("<strong>No dots:</strong></p><ul class='coprod-dotbar-none-list'><li dir='auto'>Tea</li>"
            "<li dir='auto'>Cake &lt;b&gt;&amp; more&lt;/b&gt;</li></ul>") in board
    assert "Which is best? The whole room" in render(Room.read(store, content, workshop), activity, activity.parts[0],
                                                     task_of(title="Which is best?"), 4).room
    heading, body = brief(task)
    assert heading == "Spread your dots" and "Each of you has 3 dots" in body and "Cake &lt;b&gt;" in body
    assert "Each group has" in brief(task_of(who="group"))[1]
