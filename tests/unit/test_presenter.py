"""The presenter view (the projector's page) and the console's remote that drives it: its own
key, what it shows at each step of a session, and nothing private in anything it sends."""

from __future__ import annotations

import json
from html import escape

import pytest

from coprod import timer
from coprod.app import facilitator_app, presenter_app
from coprod.console.remote import RemotePanel
from coprod.moderation import revealed, set_revealed
from coprod.plan import save_plan
from coprod.presenter import PresenterView
from coprod.running import next_step, run_activity
from coprod.store import Store
from coprod.tasks.card_sort.collation import diverging_bar
from tests.driving import find
from tests.unit.test_access import forms
from tests.unit.test_collate import EMAIL, build_workshop


@pytest.fixture(scope="module")
def built(content):
    store = Store.memory()
    yield build_workshop(store, content, hostile=True)
    store.dispose()


def sent(view: PresenterView) -> str:
    """Everything the view's widgets send to the browser."""
    return "\n".join(json.dumps({k: v for k, v in widget.get_state().items() if k not in ("_esm", "_css")},
                                ensure_ascii=False, default=str) for widget in find(view.widget, object))


# What only its writer and the facilitator see, of everyone (test_collate's workshop).
PRIVATE = [f"{name} {said}" for name in ("Ann", "Ben", "Cat", "Dan", "Eve")
           for said in ("unposted private note", "says it was easy", "is good at listening", "runs the lunch club",
                        "felt thoughtful", "reflects", "liked the cards")] + [EMAIL]


def test_the_presenter_key_opens_the_view_only_and_the_console_key_does_not_open_it(fresh_store, content):
    workshop, facilitator = fresh_store.create_workshop("Leeds")
    presenter = fresh_store.presenter_key(workshop, facilitator)
    assert presenter and presenter != facilitator and facilitator not in presenter
    assert fresh_store.presenter_key(workshop, facilitator) == presenter  # one link, printed and shown
    assert fresh_store.presenter_key(workshop, "made-up") is None
    other, _ = fresh_store.create_workshop("York")
    assert fresh_store.presenter_key(other, facilitator) is None  # not this workshop's key
    refused = facilitator_app(store=fresh_store, content=content, params={"f": presenter}, live=False)
    assert "needs the facilitator" in refused.children[-1].value
    for params in ({"v": facilitator}, {"f": facilitator}, {"v": "x" * 500}, {}):
        page = presenter_app(store=fresh_store, content=content, params=params, live=False)
        assert "needs the presenter view" in page.children[-1].value
    page = presenter_app(store=fresh_store, content=content, params={"v": presenter}, live=False)
    assert "coprod-join-large" in sent_of(page) and workshop.code in sent_of(page)
    # Ending the console's other links ends their presenter views too, and keeps this one's.
    second = fresh_store.add_facilitator_key(workshop)
    second_view = fresh_store.presenter_key(workshop, second)
    fresh_store.end_other_facilitator_keys(workshop, facilitator)
    assert fresh_store.workshop_for_presenter(second_view) is None
    assert fresh_store.workshop_for_presenter(presenter).id == workshop.id
    fresh_store.forget_workshop(workshop)
    assert fresh_store.workshop_for_presenter(presenter) is None


def sent_of(widget) -> str:
    return "\n".join(json.dumps(w.get_state(), default=str, ensure_ascii=False) for w in find(widget, object)
                     if hasattr(w, "get_state"))


def test_the_view_has_no_control(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Leeds")
    view = PresenterView(fresh_store, content, workshop)
    kinds = {type(w).__name__ for w in find(view.widget, object)}
    assert kinds <= {"VBox", "HBox", "HTML", "Timer", "Layout", "HTMLStyle", "BoxLayout"}, kinds


def test_the_view_follows_the_remote_through_a_session_and_shows_nothing_private(built, content):
    store, workshop = built.store, built.workshop
    key = store.add_facilitator_key(workshop)
    save_plan(store, workshop, content, [(a.id, 5 if a.number % 2 else None) for a in content.activities])
    remote = RemotePanel(store, content, workshop, key=key)
    view = PresenterView(store, content, workshop)
    assert view.shown == ("join",)
    store.set_open(workshop, False)
    view.draw()
    assert view.shown == ("waiting",)
    store.set_open(workshop, True)
    seen = ""
    for activity in content.activities:
        remote.draw(store.settings(workshop.id))
        remote._next()
        settings = store.settings(workshop.id)
        view.draw()
        assert view.shown == ("brief", activity.id), activity.id
        assert f"Activity {activity.number}: {escape(activity.title)}" in view.heading.value
        assert workshop.code in view.join.value  # joining is still open: the code in a corner
        running = timer.running(settings)
        assert (running is not None and running["activity"] == activity.id) == bool(activity.number % 2)
        assert view.clock.ends_at == (running["ends_at"].timestamp() * 1000 if running else 0)
        seen += sent(view)
        remote._toggle_results()
        assert revealed(store.settings(workshop.id), activity.id)
        view.draw()
        assert view.shown == ("results", activity.id)
        seen += sent(view)
    assert next_step(content, store.settings(workshop.id)) is None
    assert "Where the room stands" in seen  # the card sort's agreement, above its bars
    # What the room may see is there, so the search below can find things...
    for shared in ["Ann of Robins knows co-production", "Robins definition: with people, not for them",
                   "Ann commits to a lunch club", "Wrens &amp; &lt;Co&gt; carers"]:
        assert shared in seen, shared
    # ...and nothing that only its writer and the facilitator see, no email, and no name beside
    # anyone's own answer (a posted note, a commitment on the wall).
    for text in PRIVATE:
        for form in forms(text):
            assert form not in seen, f"the presenter view sent {form!r}"
    assert "knows co-production <span class='coprod-by'" not in seen
    assert "Eve: meetings at times carers cannot come" in seen
    assert "carers cannot come <span class='coprod-by'" not in seen
    assert "Added by" not in seen
    assert "Last saved by" not in seen  # a group's text, written together, without one writer's name
    for name in ("Ann", "Ben", "Cat", "Dan", "Eve"):
        assert f"<p class='coprod-by' dir='auto'>{name}</p>" not in seen
    assert "<script>" not in seen and "<img src=x" not in seen  # the hostile texts stay text
    for activity in content.activities:
        set_revealed(store, workshop, activity.id, False)


def test_running_an_untimed_activity_stops_the_last_ones_timer(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Leeds")
    save_plan(fresh_store, workshop, content, [("values", 10), ("assets", None)])
    run_activity(fresh_store, workshop, content, "values")
    assert timer.running(fresh_store.settings(workshop.id))["activity"] == "values"
    fresh_store.set_setting(workshop, "locked", ["assets"])
    run_activity(fresh_store, workshop, content, "assets")
    settings = fresh_store.settings(workshop.id)
    assert timer.running(settings) is None and settings["locked"] == []
    with pytest.raises(ValueError):
        run_activity(fresh_store, workshop, content, "power")  # not in the plan


def test_a_diverging_bar_puts_the_first_piles_left_and_the_last_right():
    bar = diverging_bar(["Agree", "Not sure", "Disagree"], [2, 2, 0])
    left, right = bar.split("coprod-diverge-right")
    assert "width:50.00%" in left and ">2<" in left  # agree: half of four people, left of centre
    assert "width:25.00%" in left and "width:25.00%" in right  # not sure: across the line
    assert "2 agree, 2 not sure, 0 disagree" in bar
    assert "Not sorted yet" in diverging_bar(["Agree", "Disagree"], [0, 0])
