"""Each person's save budget (coprod/store/budget.py): a page saving without pause stops being
stored, identical saves add no row, a real class is never refused, the person is told why in
words, and the facilitator sees who reached a limit.

Time is the store's clock, moved on by the tests (nothing sleeps). The store tests run on an
in-memory store, a SQLite file and PostgreSQL, as test_store.py's do.
"""

from __future__ import annotations

import pytest

from coprod.console.people import PeoplePanel
from coprod.demo import make_demo
from coprod.participant import NOTES, ParticipantApp
from coprod.session import Session
from coprod.store import NotAllowed, SaveBudget, SaveLimit, Store
from coprod.store.budget import NOTE_EVERY, TOO_FAST, TOO_MUCH, limits_reached
from coprod.widgets import Notes, TextEntry
from tests.driving import find, send

START = 1_800_000_000.0  # the clock's reading when a test starts: any fixed moment


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "file", "postgresql"])
def store(request, tmp_path):
    if request.param == "memory":
        store = Store.memory()
    elif request.param == "file":
        store = Store(f"sqlite:///{tmp_path / 'budget.sqlite3'}")
    else:
        store = Store(request.getfixturevalue("postgres_url"))
    store.migrate()
    store.clock = Clock()
    yield store
    store.dispose()


@pytest.fixture
def memory_store():
    store = Store.memory()
    store.clock = Clock()
    yield store
    store.dispose()


def room(store: Store, *names: str):
    workshop, _ = store.create_workshop("Budget")
    return workshop, [store.join(workshop, name)[0] for name in names]


def rows(store: Store, person=None) -> int:
    """Answers stored (by one person), leaving out where people are in the app."""
    with store.db.read() as tx:
        if person is None:
            return tx.scalar("SELECT count(*) FROM answers WHERE task <> 'position'")
        return tx.scalar("SELECT count(*) FROM answers WHERE author_id = ?", (person.id,))


def flood(store: Store, person, saves: int, *, text: str = "", step: float = 0.0) -> list[SaveLimit]:
    """``saves`` different answers from one person, ``step`` seconds apart; the refusals."""
    refused = []
    for n in range(saves):
        try:
            store.save(person, "app", "notes", "text", {"text": f"{n} {text}"})
        except SaveLimit as limit:
            refused.append(limit)
        store.clock.now += step
    return refused


# --- the rate ----------------------------------------------------------------------------------


def test_a_page_saving_without_pause_stops_being_stored_past_the_burst(store):
    _, (flo, ann) = room(store, "Flo", "Ann")
    burst = store.save_budget.burst
    refused = flood(store, flo, 4000)
    assert rows(store, flo) == burst and len(refused) == 4000 - burst
    assert {limit.kind for limit in refused} == {"rate"} and str(refused[0]) == TOO_FAST
    assert isinstance(refused[0], NotAllowed)
    store.save(ann, "app", "notes", "text", {"text": "Ann is not held up by Flo"})  # a budget is per person
    store.clock.now += 10  # ten seconds later: ten more saves, then refused again
    assert len(flood(store, flo, 11)) == 1 and rows(store, flo) == burst + 10


def test_the_budget_is_shared_by_a_persons_pages(store):
    """Each page is a kernel with its own Store: the count is the database's, not a page's."""
    _, (flo,) = room(store, "Flo")
    other_page = Store(store.url) if store.db.path or store.db.dialect == "postgresql" else store
    other_page.clock = store.clock
    try:
        assert flood(store, flo, store.save_budget.burst) == []
        with pytest.raises(SaveLimit):
            other_page.save(flo, "app", "notes", "text", {"text": "from my laptop too"})
    finally:
        if other_page is not store:
            other_page.dispose()
    assert rows(store, flo) == store.save_budget.burst


def test_a_refusal_is_not_asked_of_the_database_again_until_a_token_is_back(memory_store, monkeypatch):
    store = memory_store
    _, (flo,) = room(store, "Flo")
    flood(store, flo, store.save_budget.burst + 1)
    writes = []
    write = store.db.write
    monkeypatch.setattr(store.db, "write", lambda: writes.append(1) or write())
    assert len(flood(store, flo, 1000)) == 1000 and writes == []  # a page hammering away costs no transaction
    store.clock.now += 1
    flood(store, flo, 1)
    assert writes == [1]


# --- the total size -------------------------------------------------------------------------


def test_the_total_size_stops_a_page_that_keeps_to_the_rate(store):
    """A save a second, for as long as it takes: the size budget ends it (20 MB by default)."""
    store.save_budget = SaveBudget(total_bytes=300_000)
    _, (flo, ann) = room(store, "Flo", "Ann")
    refused = flood(store, flo, 150, text="x" * 4_990, step=1.0)
    stored = rows(store, flo)
    assert 50 <= stored < 60 and {limit.kind for limit in refused} == {"size"} and len(refused) == 150 - stored
    assert str(refused[0]) == TOO_MUCH
    with store.db.read() as tx:
        grown = tx.scalar("SELECT sum(length(value)) FROM answers WHERE author_id = ?", (flo.id,))
    assert grown <= 300_000
    store.save(ann, "app", "notes", "text", {"text": "Ann still saves"})


def test_answers_saved_before_budgets_were_kept_count_towards_the_size(memory_store):
    store = memory_store
    _, (flo,) = room(store, "Flo")
    store.save_budget = None  # as a database from before migration 0006 holds answers with no budget
    for n in range(20):
        store.save(flo, "app", "notes", "text", {"text": f"{n} " + "x" * 990})
    with store.db.write() as tx:
        tx.execute("DELETE FROM save_budgets")
    store.save_budget = SaveBudget(total_bytes=27_000)  # 20 rows of about 1 220 bytes held, room for 2
    with pytest.raises(SaveLimit) as refused:
        for n in range(10):
            store.save(flo, "app", "notes", "text", {"text": f"later {n} " + "x" * 990})
    assert refused.value.kind == "size" and rows(store, flo) == 22


# --- identical saves ------------------------------------------------------------------------


def test_identical_saves_store_one_row_and_spend_nothing(store):
    workshop, (flo, ann) = room(store, "Flo", "Ann")
    group = store.create_group(workshop, "G")
    flo, ann = store.assign_group(flo, group.id), store.assign_group(ann, group.id)
    ids = {store.save(flo, "a", "t", "i", {"text": "same"}) for _ in range(1000)}
    assert len(ids) == 1 and rows(store, flo) == 1
    texts = {store.save_unless_changed(flo, "a", "text", "i", {"text": "ours"}, base_id=None, scope="group")
             for _ in range(50)}
    assert len(texts) == 1 and rows(store, flo) == 2
    # Another person saving the same text, or going back to an earlier one, is a new version.
    store.save_unless_changed(ann, "a", "text", "i", {"text": "ours"}, base_id=None, scope="group")
    store.save(flo, "a", "t", "i", {"text": "changed"})
    store.save(flo, "a", "t", "i", {"text": "same"})
    assert rows(store, flo) == 4 and rows(store, ann) == 1
    assert flood(store, flo, store.save_budget.burst - 4) == []  # the 1 050 repeats spent nothing


def test_an_identical_text_saved_through_its_box_adds_no_row(memory_store, content):
    store = memory_store
    workshop, (flo,) = room(store, "Flo")
    entry = entry_of(Session(store, content, workshop, flo))
    for nonce in range(4000):
        send(entry, action="save", text="My notes", base=entry.version, nonce=nonce)
    assert (entry.status["kind"], entry.status["nonce"]) == ("saved", 3999) and rows(store) == 1


# --- a real class is never refused ----------------------------------------------------------


class DemoKeepsTheBudget(Store):
    """A store whose budget cannot be lifted (make_demo lifts it: it fills a room at machine speed)."""

    @property
    def save_budget(self) -> SaveBudget:
        return SaveBudget()

    @save_budget.setter
    def save_budget(self, _value) -> None:
        pass


def test_a_room_doing_the_whole_course_at_machine_speed_is_never_refused(content):
    """Every person of 3 groups of 5 does every task, with no time passing at all: far quicker
    than any real room, within the burst. Then one person alone (a group of one does every
    group task too: the most saves anyone makes)."""
    for groups, size in ((3, 5), (1, 1)):
        store = DemoKeepsTheBudget.memory()
        store.clock = Clock()  # stopped: no token comes back
        workshop = make_demo(store, content, groups=groups, people_per_group=size)  # raises if any save is refused
        assert limits_reached(store.settings(workshop.id)) == {}
        store.dispose()


def test_a_class_pace_is_never_refused(memory_store):
    """40 people at once, each tapping through a 20-statement questionnaire at four taps a second
    (80 choices in 20 s), then saving every 0.5 to 1.5 s for two minutes: bench/class_of_30's
    script at its quickest (--think 1), and far more than a room keeps up."""
    store = memory_store
    workshop, people = room(store, *(f"Person {n}" for n in range(40)))
    for n in range(80):
        for person in people:
            store.save(person, "evaluating", "scale", f"s{n % 20}", {"choice": n // 20})
        store.clock.now += 0.25
    for n in range(120):
        for person in people:
            store.save(person, "app", "notes", "text", {"text": f"version {n}"})
        store.clock.now += 0.5 + (n % 3) / 2  # 0.5, 1 or 1.5 s
    assert rows(store) == 40 * 200 and limits_reached(store.settings(workshop.id)) == {}


# --- what the person is told ------------------------------------------------------------------


def entry_of(session: Session) -> TextEntry:
    app = ParticipantApp(session)
    app.open(NOTES)
    return next(entry for page in app._built.values() for entry in find(page, TextEntry))


def test_a_refused_text_says_why_keeps_the_text_and_saves_when_tried_again(memory_store, content):
    store = memory_store
    workshop, (flo,) = room(store, "Flo")
    entry = entry_of(Session(store, content, workshop, flo))
    saved = []
    for nonce in range(store.save_budget.burst + 50):
        send(entry, action="save", text=f"Version {nonce}", base=entry.value, nonce=nonce)
        if entry.status["kind"] == "saved":
            saved.append(nonce)
    assert saved == list(range(len(saved))) and len(saved) > store.save_budget.burst - 5
    assert (entry.status["kind"], entry.status["nonce"]) == ("error", store.save_budget.burst + 49)
    assert entry.status["text"] == f"{TOO_FAST} Your text is still here."
    assert entry.value == f"Version {saved[-1]}"  # what is shown as saved is what was stored
    store.clock.now += 2
    send(entry, action="save", text="Written after a pause", base=entry.value, nonce=1000)
    assert (entry.status["kind"], entry.value) == ("saved", "Written after a pause")


def test_a_refused_note_says_why_and_is_not_shown_as_saved(memory_store, content):
    store = memory_store
    workshop, (flo,) = room(store, "Flo")
    app = ParticipantApp(Session(store, content, workshop, flo))
    app.open("what-do-you-know")
    notes = next(n for page in app._built.values() for n in find(page, Notes))
    question = notes.questions[0]["id"]
    send(notes, action="add", question=question, text="A first thought", nonce=1)
    assert notes.status["kind"] == "saved"
    with store.db.read() as tx:  # a budget that has room for a few bytes more
        used = tx.scalar("SELECT bytes FROM save_budgets WHERE participant_id = ?", (flo.id,))
    store.save_budget = SaveBudget(total_bytes=used + 50)
    send(notes, action="add", question=question, text="One more thought", nonce=2)
    assert notes.status["kind"] == "error" and notes.status["text"] == f"{TOO_MUCH} Your text is still here."
    assert notes.status["nonce"] == 2 and [r["text"] for r in notes.value] == ["A first thought"]


def test_moving_between_activities_still_works_when_the_budget_is_spent(memory_store, content):
    store = memory_store
    workshop, (flo,) = room(store, "Flo")
    app = ParticipantApp(Session(store, content, workshop, flo))
    flood(store, flo, store.save_budget.burst)
    assert app.open("what-do-you-know") is None and app.current == "what-do-you-know"


# --- what the facilitator sees ------------------------------------------------------------------


def test_the_facilitator_sees_who_reached_a_limit_once_an_episode(memory_store, content):
    store = memory_store
    workshop, (flo, _ann) = room(store, "Flo", "Ann")
    panel = PeoplePanel(store, content, workshop)
    panel.draw(store.settings(workshop.id))
    assert panel.limits.value == ""
    flood(store, flo, 4000)
    flood(store, flo, 300, step=0.01)  # still refused, and asking the database now and then
    assert [key for key, _ in store.setting_log(workshop.id, "save_limit:")] == [f"save_limit:{flo.id}"]
    panel.draw(store.settings(workshop.id))
    assert "Flo reached the save limit at" in panel.limits.value and "saving very quickly" in panel.limits.value
    assert "Ann" not in panel.limits.value
    store.clock.now += NOTE_EVERY + store.save_budget.burst
    flood(store, flo, store.save_budget.burst + 1)
    assert len(store.setting_log(workshop.id, "save_limit:")) == 2  # a new episode, noted again
    store.forget_participant(flo)  # an erasure request leaves no trace of the note or the budget
    assert store.setting_log(workshop.id, "save_limit:") == []
    with store.db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM save_budgets WHERE participant_id = ?", (flo.id,)) == 0
    panel.draw(store.settings(workshop.id))
    assert panel.limits.value == ""
