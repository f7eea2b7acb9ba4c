"""Widgets driven from Python as the browser drives them: custom messages in, traits out.

Each test also plays a crafted client: state updates for any trait, unknown actions,
wrong types and oversized text. They are refused, nothing is stored, and the widget
keeps working.
"""

from __future__ import annotations

import pytest

from coprod.text import MAX_ANSWER
from coprod.widgets import JoinForm, JoinRefused, Notes, Timer
from tests.driving import send, update

QUESTIONS = [{"id": "know", "text": "What do I know?", "hints": []},
             {"id": "want", "text": "What do I want to know?", "hints": []}]


@pytest.fixture
def saved():
    return []


@pytest.fixture
def notes(saved):
    return Notes(questions=QUESTIONS, post_limit=2, goals_question="want", save=saved.append)


def test_add_response_is_saved_then_shown(notes, saved):
    send(notes, action="add", question="know", text="  Doing things with people \x07 ", nonce=1)
    assert [r["text"] for r in notes.value] == ["Doing things with people"]
    assert saved == notes.value
    assert notes.status == {"kind": "saved", "text": "Saved.", "question": "know", "nonce": 1, "seq": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "is empty"), ("   \n", "is empty"), ("x" * (MAX_ANSWER + 1), "the limit is 5,000"), (42, "must be text"),
     (None, "must be text"), (["a"], "must be text")],
)
def test_bad_text_is_refused_with_a_message(notes, saved, text, message):
    send(notes, action="add", question="know", text=text, nonce=7)
    assert notes.value == [] and saved == []
    assert notes.status["kind"] == "error" and message in notes.status["text"]
    assert notes.status["nonce"] == 7  # the browser keeps the text in the box for this request


def test_any_script_and_markup_are_kept_as_typed(notes):
    typed = "<script>alert(1)</script> مرحبا 👋🏽 \u202eevil\u200b"
    send(notes, action="add", question="know", text=typed, nonce=1)
    assert notes.value[0]["text"] == typed


def test_posting_is_limited_per_question(notes, saved):
    for i in range(3):
        send(notes, action="add", question="know", text=f"idea {i}", nonce=i)
    send(notes, action="add", question="want", text="where to start", nonce=9)
    ids = [r["id"] for r in notes.value]
    send(notes, action="post", id=ids[0], posted=True)
    send(notes, action="post", id=ids[1], posted=True)
    send(notes, action="post", id=ids[2], posted=True)  # a third, e.g. from a crafted client
    assert [r["posted"] for r in notes.value] == [True, True, False, False]
    assert notes.status["kind"] == "error" and "Untick one" in notes.status["text"]
    send(notes, action="post", id=ids[3], posted=True)  # the other question has its own two
    assert notes.value[3]["posted"] is True
    send(notes, action="post", id=ids[0], posted=False)
    send(notes, action="post", id=ids[2], posted=True)
    assert [r["posted"] for r in notes.value] == [False, True, True, True]
    assert len(saved) == 4 + 5


def test_remove_keeps_history(notes, saved):
    send(notes, action="add", question="know", text="oops", nonce=1)
    send(notes, action="remove", id=notes.value[0]["id"])
    assert notes.value == []
    assert saved[-1]["removed"] is True and saved[-1]["text"] == "oops"


@pytest.mark.parametrize(
    "content",
    [
        {"action": "add", "question": "no-such-question", "text": "hi", "nonce": 1},
        {"action": "post", "id": "no-such-id", "posted": True},
        {"action": "post", "id": None, "posted": "yes"},
        {"action": "remove", "id": ["x"]},
        {"action": "drop_tables"},
        {"action": 5},
        {"no": "action"},
    ],
)
def test_crafted_messages_change_nothing(notes, saved, content):
    send(notes, action="add", question="know", text="kept", nonce=1)
    before = list(notes.value)
    send(notes, **content)
    assert notes.value == before and len(saved) == 1


def test_malformed_message_payloads_are_ignored(notes, saved):
    notes._dispatch(notes, "not a dict", [])
    notes._dispatch(notes, None, [])
    assert notes.value == [] and saved == []


def test_state_updates_from_the_browser_are_refused(notes, saved):
    send(notes, action="add", question="know", text="mine", nonce=1)
    before = list(notes.value)
    update(notes, value=[{"id": "x", "question": "know", "text": "forged", "posted": True}], post_limit=99,
           no_such_trait=1)
    assert notes.value == before and notes.post_limit == 2 and len(saved) == 1


def test_a_failing_store_keeps_the_text_and_says_so(saved):
    def broken(response):
        raise OSError("disk full")

    notes = Notes(questions=QUESTIONS, post_limit=2, save=broken)
    send(notes, action="add", question="know", text="precious words", nonce=3)
    assert notes.value == []
    assert notes.status["kind"] == "error" and "still here" in notes.status["text"] and notes.status["nonce"] == 3
    # and the widget keeps working once the store is back
    notes._save = saved.append
    send(notes, action="add", question="know", text="precious words", nonce=4)
    assert [r["text"] for r in notes.value] == ["precious words"]


def test_an_unexpected_error_in_a_handler_is_contained(notes, monkeypatch):
    monkeypatch.setattr(notes, "_on_add", lambda msg: 1 / 0)
    send(notes, action="add", question="know", text="x", nonce=5)
    assert notes.status["kind"] == "error" and notes.status["nonce"] == 5


def test_the_timer_is_kernel_owned():
    timer = Timer()
    timer.show("5. Inclusive language", 2_000_000_000)
    update(timer, ends_at=0, label="<script>")
    assert timer.ends_at == 2_000_000_000_000 and timer.label == "5. Inclusive language"


class TestJoinForm:
    def make(self, joined, refuse=None):
        def join(code, name):
            if refuse:
                raise JoinRefused(refuse, field="code")
            joined.append((code, name))

        return JoinForm(code="ABC123", notice="notice", join=join)

    def test_join(self):
        joined = []
        form = self.make(joined)
        send(form, action="join", code="abc123", name="  Ann   Lee ")
        assert joined == [("abc123", "Ann Lee")]
        assert form.status["kind"] == "saved"

    @pytest.mark.parametrize(
        ("code", "name", "field", "words"),
        [("", "Ann", "code", "type the workshop code"), (None, "Ann", "code", "type the workshop code"),
         ("ABC123", "", "name", "is empty"), ("ABC123", "x" * 61, "name", "the limit is 60"),
         ("ABC123", {"a": 1}, "name", "must be text")],
    )
    def test_refused_input(self, code, name, field, words):
        joined = []
        form = self.make(joined)
        send(form, action="join", code=code, name=name)
        assert joined == []
        assert form.status["field"] == field and words in form.status["text"]

    def test_refused_by_the_workshop(self):
        form = self.make([], refuse="This workshop is closed")
        send(form, action="join", code="ABC123", name="Ann")
        assert form.status == {"kind": "error", "field": "code", "text": "This workshop is closed", "seq": 1}
        send(form, action="join", code="ABC123", name="Ann")
        assert form.status["seq"] == 2  # a repeated refusal is a change the browser hears
