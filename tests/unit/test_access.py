"""What one participant's page can hold: everything its widgets send to the browser, with
every activity open, searched for other groups' work and other people's private answers.

The widgets' whole synced state is what a (possibly hostile) browser receives, so it is
checked, not only what is drawn on the screen.
"""

from __future__ import annotations

import json
from html import escape

import pytest

from coprod.moderation import set_revealed
from coprod.participant import NOTES, ParticipantApp
from coprod.session import Session
from coprod.store import Store
from tests.driving import find
from tests.unit.test_collate import EMAIL, build_workshop

# Ann (in Robins, with Ben) looks at her page.
OTHER_GROUP = ["Wrens & <Co>", "Cat ", "Dan "]
BENS_PRIVATE = ["Ben unposted private note", "Ben of Robins knows co-production", "Ben says it was easy",
                "Ben runs the lunch club", "Ben felt thoughtful", "Ben reflects", "Ben liked the cards"]
SHARED_IN_THE_GROUP = ["Ben value: family time", "Ben is good at listening", "Ben commits to a lunch club",
                       "Robins definition: with people, not for them"]


@pytest.fixture(scope="module")
def built(content):
    store = Store.memory()
    yield build_workshop(store, content, hostile=False)
    store.dispose()


def everything_sent(app: ParticipantApp) -> str:
    """The synced state of every widget of the page, with every activity built."""
    for activity in app.content.activities:
        app.open(activity.id)
    app.open(NOTES)
    states = []
    for root in [app.widget, *app._built.values()]:
        for widget in find(root, object):
            state = widget.get_state()
            states.append(json.dumps({k: v for k, v in state.items() if k not in ("_esm", "_css")},
                                     ensure_ascii=False, default=str))
    return "\n".join(states)


def forms(text: str) -> list[str]:
    """The text as typed, and as escaped into HTML."""
    return [text.strip(), escape(text.strip()), escape(text.strip(), quote=False)]


def test_a_page_holds_nothing_of_another_group_or_anyone_elses_private_answers(built, content):
    ann = ParticipantApp(Session(built.store, content, built.workshop, built.people["Ann"]))
    sent = everything_sent(ann)
    for text in OTHER_GROUP + BENS_PRIVATE + ["Eve unposted private note"]:
        for form in forms(text):
            assert form not in sent, f"Ann's page holds {form!r}"
    for text in [*SHARED_IN_THE_GROUP, EMAIL]:  # the check can see what is there (her own address too)
        assert text in sent
    ben = ParticipantApp(Session(built.store, content, built.workshop, built.people["Ben"]))
    assert EMAIL not in everything_sent(ben)  # Ann's follow-up address is hers alone


def test_results_shown_to_the_room_keep_private_answers_private(built, content):
    for activity in content.activities:
        set_revealed(built.store, built.workshop, activity.id, True)
    try:
        dan = ParticipantApp(Session(built.store, content, built.workshop, built.people["Dan"]))
        sent = everything_sent(dan)
        for activity in content.activities:  # every activity's room results, drawn as he opens each
            dan.open(activity.id)
            sent += dan.results.value
        # The room now sees what was posted to the board, and other groups' group work...
        assert "Ann of Robins knows co-production" in sent
        assert "Robins definition: with people, not for them" in sent
        # ...and still nothing that only its writer and the facilitator see.
        for text in ["Ben unposted private note", "Ben runs the lunch club", "Ben felt thoughtful", "Ben reflects",
                     "Ben liked the cards", "Cat unposted private note", "Cat reflects", EMAIL]:  # Dan is in Wrens
            for form in forms(text):
                assert form not in sent, f"the room's results hold {form!r}"
    finally:
        for activity in content.activities:
            set_revealed(built.store, built.workshop, activity.id, False)
