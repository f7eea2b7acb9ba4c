"""An activity one step at a time (issue 15): the steps come from the content, the state moves
Back and Next within them, the room's results are one more step while shown, and the step is
kept for the person in the store, on any device, until the facilitator brings everyone."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import ipywidgets as w
import pytest

from coprod.activities.stepped import HIDDEN, Stepped
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.steps import RESULTS, StepState, plan, saved_step
from tests.driving import find


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Room")
    group = fresh_store.create_group(workshop, "Group 1")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id) for name in ("Uma", "Vic")}
    return workshop, {name: Session(fresh_store, content, workshop, p) for name, p in people.items()}


def test_the_steps_come_from_the_parts_and_tasks(content):
    steps = {a.id: [(s.id, s.name, [t.id for t in s.tasks]) for s in plan(a)] for a in content.activities}
    # A comment box joins the scale it comments on; a part's first task starts a step.
    assert steps["defining-co-production"] == [
        ("statement-cards", "Defining co-production cards", ["statement-cards"]),
        ("our-definition", "Our definition", ["our-definition"]),
        ("agreeing-reflection", "How easy was it to agree?", ["agreeing-reflection", "agreeing-comment"])]
    assert [s[0] for s in steps["power"]] == ["power-scenarios", "personal-power"]
    assert [s.opens_part for s in plan(content.activity("values"))] == [True, True, False]
    # Every task is in exactly one step, in the content's order, and every step has a name.
    for activity in content.activities:
        tasks = [t.id for p in activity.parts for t in p.tasks]
        assert [t for s in steps[activity.id] for t in s[2]] == tasks
        assert all(s[1] for s in steps[activity.id])
        assert len({s[0] for s in steps[activity.id]}) == len(steps[activity.id])


def test_a_task_with_no_name_joins_the_step_before_it(content):
    activity = content.activity("planning")
    tasks = activity.parts[0].tasks
    unnamed = activity.model_copy(update={"parts": [activity.parts[0].model_copy(update={
        "tasks": [tasks[0], tasks[1].model_copy(update={"step": None, "title": None})]})]})
    assert [[t.id for t in s.tasks] for s in plan(unnamed)] == [["commitment", "follow-up"]]


def test_back_and_next_stay_within_the_steps():
    state = StepState(["a", "b", "c"])
    assert (state.current, state.number, state.count) == ("a", 1, 3)
    assert state.back() is False and state.current == "a"
    assert state.next() and state.next() and state.current == "c"
    assert state.next() is False and state.number == 3
    assert state.back() and state.current == "b"


def test_a_saved_step_the_content_no_longer_has_starts_at_the_first():
    assert StepState(["a", "b"], "b").current == "b"
    assert StepState(["a", "b"], "gone").current == "a"
    assert StepState(["a", "b"], None).current == "a"
    with pytest.raises(ValueError):
        StepState([])


def test_the_results_are_a_last_step_while_shown():
    state = StepState(["a", "b"], "b")
    state.show_results(True)
    assert (state.count, state.current) == (3, "b")
    assert state.next() and state.current == RESULTS
    state.show_results(False)  # the facilitator hid them again: back on the last real step
    assert (state.count, state.current) == (2, "b")
    assert StepState(["a"], RESULTS).current == "a"  # not shown: not a step to start at


def test_saved_step_is_the_latest_for_that_activity(room):
    _, sessions = room
    uma = sessions["Uma"]
    uma.save("app", "position", "values", {"step": "values-tree"})
    uma.save("app", "position", "power", {"step": "personal-power"})
    uma.save("app", "position", "current", {"item": "power"})
    uma.save("app", "position", "values", {"step": "values-reflection"})
    assert saved_step(uma.mine("app", "position"), "values") == "values-reflection"
    assert saved_step(uma.mine("app", "position"), "power") == "personal-power"
    assert saved_step(uma.mine("app", "position"), "assets") is None


def shown(stepped: Stepped) -> list[str]:
    return [step_id for step_id, box in stepped.boxes.items() if HIDDEN not in box._dom_classes]


def test_one_step_is_shown_with_where_it_is_and_the_buttons_that_lead_somewhere(room):
    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("defining-co-production")
    stepped = app._built["defining-co-production"]
    assert shown(stepped) == ["statement-cards"]
    assert "Step 1 of 4" in stepped.count.value and "Defining co-production cards" in stepped.count.value
    assert HIDDEN in stepped.back._dom_classes and HIDDEN not in stepped.next._dom_classes
    seq = stepped.place.seq
    stepped.next.click()  # the card sort's own second page: comparing
    assert shown(stepped) == ["statement-cards/compare"] and "Step 2 of 4" in stepped.count.value
    assert "Compare your piles" in stepped.count.value
    # To the new step's name, at the top of the screen below the timer.
    assert stepped.place.seq == seq + 1 and stepped.place.target == "defining-co-production/step"
    assert "data-coprod-heading='defining-co-production/step'" in stepped.count.value
    stepped.next.click()
    assert shown(stepped) == ["our-definition"] and "Step 3 of 4" in stepped.count.value
    stepped.next.click()
    assert HIDDEN in stepped.next._dom_classes and HIDDEN not in stepped.back._dom_classes
    # An activity of one step has no count and no buttons.
    app.open("warning-signs")
    single = app._built["warning-signs"]
    assert single.count.value == "" and HIDDEN in single.buttons._dom_classes


def test_a_task_with_pages_of_its_own_takes_a_step_for_each(room):
    from coprod.widgets import Scale

    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("power")
    stepped = app._built["power"]
    assert list(stepped.boxes) == ["power-scenarios", "power-scenarios/rate", "power-scenarios/talk",
                                   "personal-power"]
    assert stepped.names["power-scenarios/rate"] == "Who holds the power"
    # The choice of scenario on the first, what to rate (nothing until one is chosen) on the second.
    assert find(stepped.boxes["power-scenarios"], Scale)
    rate = stepped.boxes["power-scenarios/rate"]
    assert "Choose which example your group is working on" in " ".join(h.value for h in find(rate, w.HTML))


def test_the_step_is_kept_for_the_person_on_another_device(room):
    _, sessions = room
    phone = ParticipantApp(sessions["Uma"])
    phone.open("power")
    for _ in range(3):
        phone._built["power"].next.click()
    laptop = ParticipantApp(sessions["Uma"])  # a new page: the store is all it knows
    assert laptop.current == "power"
    assert laptop._built["power"].current == "personal-power"
    vic = ParticipantApp(sessions["Vic"])  # another person's step is their own
    vic.open("power")
    assert vic._built["power"].current == "power-scenarios"


def bring_everyone(store, workshop, activity_id: str) -> None:
    time.sleep(0.01)  # a call after the moves before it, on the store's clock
    store.set_setting(workshop, "current_activity", {"activity": activity_id, "at": datetime.now(UTC).isoformat()})


def test_bring_everyone_starts_the_activity_from_its_first_step(room):
    workshop, sessions = room
    store = sessions["Uma"].store
    app = ParticipantApp(sessions["Uma"])
    app.open("power")
    app._built["power"].next.click()
    assert app._built["power"].current == "power-scenarios/rate"
    moves = app.place.seq
    bring_everyone(store, workshop, "power")  # already there, on step 2
    app.refresh()
    assert app._built["power"].current == "power-scenarios"
    assert (app.place.target, app.place.seq) == ("power", moves + 1)
    # Someone whose page was closed when the call came opens it at the first step too...
    vic = ParticipantApp(sessions["Vic"])
    vic.open("assets")
    vic._built["assets"].next.click()
    vic.open("values")  # and elsewhere
    bring_everyone(store, workshop, "assets")
    again = ParticipantApp(sessions["Vic"])
    assert (again.current, again._built["assets"].current) == ("assets", "what-do-i-bring")
    # ... and a step taken after the call is kept on the next visit.
    again._built["assets"].next.click()
    assert ParticipantApp(sessions["Vic"])._built["assets"].current == "collective-assets"


def test_revealed_results_are_the_last_step_what_the_room_said(room):
    from coprod.moderation import set_revealed

    workshop, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("planning")
    stepped = app._built["planning"]
    assert stepped.state.count == 2
    set_revealed(sessions["Uma"].store, workshop, "planning", True)
    app.refresh()
    assert stepped.state.count == 3 and stepped.results_box.children == (app.results,)
    stepped.next.click()
    stepped.next.click()
    assert "Step 3 of 3" in stepped.count.value and "What the room said" in stepped.count.value
    assert HIDDEN not in stepped.results_box._dom_classes
    assert "The room's results: 12." in app.results.value
    set_revealed(sessions["Uma"].store, workshop, "planning", False)
    app.refresh()
    assert stepped.state.count == 2 and stepped.current == "follow-up" and stepped.results_box.children == ()
