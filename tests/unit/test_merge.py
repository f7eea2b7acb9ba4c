"""Group texts written together (issue 17): no word typed by anyone is lost, whatever the order
of saves, reloads or dropped connections, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import re
import threading

import pytest

from coprod.merge import authorship, merge3, merge_values, splices
from coprod.store import Store

START = "we meet on tuesdays in the library to plan the garden"
KEY = ("defining-co-production", "our-definition", "text")


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


class Writer:
    """One page: the text in its box and the text that was written from, as text.js keeps them."""

    def __init__(self, store: Store, person, name: str):
        self.store, self.person, self.name = store, person, name
        self.base = self.text = ""
        self.typed: list[str] = []
        self.n = 0

    def load(self) -> None:
        current = self.store.current(self.person.workshop_id, KEY[0], KEY[1], scope="group")
        self.base = self.text = current[-1].value["text"] if current else ""

    def word(self) -> str:
        self.n += 1
        word = f"{self.name}{self.n}"
        self.typed.append(word)
        return word

    def type_after(self, anchor: str | None) -> None:
        """Type a new word after the word ``anchor`` (None: at the start), or at the end if the
        box no longer has it."""
        word = self.word()
        if anchor is None:
            self.text = f"{word} {self.text}"
        elif re.search(rf"\b{anchor}\b", self.text):
            self.text = re.sub(rf"\b{anchor}\b", f"{anchor} {word}", self.text, count=1)
        else:
            self.text = f"{self.text} {word}"

    def replace(self, old: str, new_word: bool = True) -> None:
        """Change the word ``old`` into a new word of this writer's."""
        self.text = re.sub(rf"\b{old}\b", self.word() if new_word else "", self.text, count=1)

    def delete(self, phrase: str) -> None:
        self.text = self.text.replace(phrase, "", 1)

    def save(self) -> str:
        _, value = self.store.save_merged(self.person, *KEY, {"text": self.text}, base={"text": self.base},
                                          scope="group")
        self.base = self.text = value["text"]  # nothing typed since: the page shows the merged text
        return self.text


def group(store: Store, n: int) -> list[Writer]:
    workshop, _ = store.create_workshop("Merging")
    team = store.create_group(workshop, "Team")
    writers = []
    for i in range(n):
        person, _ = store.join(workshop, f"P{i}")
        writers.append(Writer(store, store.assign_group(person, team.id), "abcde"[i]))
    store.save_merged(writers[0].person, *KEY, {"text": START}, scope="group")
    for writer in writers:
        writer.load()
    return writers


def current(writers: list[Writer]) -> str:
    w = writers[0]
    return w.store.current(w.person.workshop_id, KEY[0], KEY[1], scope="group")[-1].value["text"]


EDITS = {
    # writer -> what they do from the shared start: same word, deletion against insertion, ...
    0: lambda w: (w.replace("library"), w.type_after("garden")),
    1: lambda w: (w.replace("library"), w.delete("on tuesdays in the ")),
    2: lambda w: (w.type_after("tuesdays"), w.type_after(None)),
    3: lambda w: (w.delete("to plan the garden"), w.type_after("plan")),
    4: lambda w: (w.type_after("meet"), w.type_after("meet"), w.replace("we")),
}


@pytest.mark.parametrize("n", [2, 3, 5])
def test_interleaved_edits_in_every_order_keep_every_word_typed(n):
    for order in itertools.permutations(range(n)):
        store = Store.memory()
        try:
            writers = group(store, n)
            for i, writer in enumerate(writers):
                EDITS[i](writer)
            for i in order:
                writers[i].save()
            # A second round from whatever each page had, saved in the opposite order.
            for writer in writers:
                writer.type_after("meet")
            for i in reversed(order):
                writers[i].save()
            text = current(writers)
            typed = {word for writer in writers for word in writer.typed}
            assert typed <= words(text), (order, text)
            assert "library" not in words(text)  # replaced by writers 0 and 1: both of theirs are in
            assert "tuesdays" not in words(text)  # deleted by writer 1 (no one typed it)
            # Every page that reloads shows the same text.
            for writer in writers:
                writer.load()
            assert {writer.text for writer in writers} == {text}
        finally:
            store.dispose()


def test_the_same_word_edited_by_two_people_keeps_both():
    assert words(merge3("the cat sat", "the cats sat", "the kat sat")) >= {"cats", "kat", "sat"}
    assert merge3("a b", "a X b", "a Y b") == "a Y X b"  # no two words glued into one


def test_a_deletion_against_an_insertion_keeps_the_inserted_word():
    merged = merge3("one two three four", "one four", "one two zebra three four")
    assert words(merged) == {"one", "zebra", "four"}
    assert words(merge3("one two three four", "one two zebra three four", "one four")) == {"one", "zebra", "four"}


def test_a_save_sent_twice_writes_its_words_once():
    once = merge3("a", "a b c", "a b c")
    assert once == "a b c"
    assert merge3("a", "a b c", "a b") == "a b c"  # the first of two sends, then the retry


@pytest.mark.parametrize("n", [2, 3, 5])
def test_a_writer_whose_connection_drops_and_comes_back_loses_nothing(n):
    store = Store.memory()
    try:
        writers = group(store, n)
        away = writers[-1]
        away.type_after("meet")  # typed, not saved: the connection dropped
        for _round in range(3):
            for writer in writers[:-1]:
                writer.type_after("garden")
                writer.delete("the ")
                writer.save()
            away.type_after("library")  # still typing, offline
        away.replace("garden")
        # Back: the page sends its text with the text it was written from, as kept on the device.
        away.save()
        text = current(writers)
        assert {word for writer in writers for word in writer.typed} <= words(text), text
    finally:
        store.dispose()


def test_values_with_several_texts_merge_each_and_keep_the_rest():
    base = {"values": {"text": "Be kind", "practice": "Listen"}}
    mine = {"values": {"text": "Be kind and patient", "practice": "Listen"}, "removed": False}
    theirs = {"values": {"text": "Be kind, always", "practice": "Listen well"}, "example": "x"}
    assert merge_values(base, mine, theirs) == {
        "values": {"text": "Be kind, always and patient", "practice": "Listen well"}, "removed": False,
        "example": "x"}


def test_splices_count_as_a_browser_does():
    assert splices("a😀b", "a😀xb") == [[3, 3, "x"]]  # the emoji is two UTF-16 units
    assert splices("hello world", "hello brave world") == [[6, 6, "brave "]]


def test_authorship_credits_each_part_to_who_wrote_it():
    versions = [("Ann", "we meet"), ("Bo", "we meet on mondays"), ("Ann", "we all meet on mondays")]
    runs = authorship(versions)
    assert "".join(part for _, part in runs) == "we all meet on mondays"
    assert ("Bo", " on mondays") in runs and any(who == "Ann" and "all" in part for who, part in runs)


def test_history_keeps_every_version_with_its_author(fresh_store):
    writers = group(fresh_store, 2)
    writers[0].type_after("meet")
    writers[1].type_after("garden")
    writers[0].save()
    writers[1].save()
    history = [a for a in fresh_store.history(writers[0].person.workshop_id) if a.task == KEY[1]]
    assert [a.author_name for a in history] == ["P0", "P0", "P1"]
    assert history[1].value["text"] == f"we meet {writers[0].typed[0]} on tuesdays in the library to plan the garden"
    assert words(history[2].value["text"]) >= set(writers[0].typed + writers[1].typed)


def test_a_merge_that_changes_nothing_stores_nothing(fresh_store):
    writers = group(fresh_store, 2)
    before = len(fresh_store.history(writers[0].person.workshop_id))
    writers[1].save()  # nothing typed
    writers[1].text = writers[1].base = "something old"  # a stale page with nothing new of its own
    writers[1].save()
    assert len(fresh_store.history(writers[0].person.workshop_id)) == before


def test_a_base_from_another_key_counts_as_nothing(fresh_store):
    writers = group(fresh_store, 1)
    other = fresh_store.save(writers[0].person, "a", "b", "c", {"text": START})
    _, value = fresh_store.save_merged(writers[0].person, *KEY, {"text": "mine"}, base_id=other, scope="group")
    assert words(value["text"]) == words(START) | {"mine"}


def servers_typing_at_once(url: str) -> None:
    """Five people, each on a server of their own (a Store with its own connections), save the same
    text from stale bases at once: every word each typed is in the text at the end."""
    first = Store(url)
    first.migrate()
    writers = group(first, 5)
    errors = []

    def run(writer: Writer) -> None:
        try:
            writer.store = Store(url)
            for _ in range(8):
                writer.type_after(None if writer.n % 2 else "garden")
                writer.save()
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            writer.store.dispose()

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    writers[0].store = first
    text = current(writers)
    first.dispose()
    assert {word for writer in writers for word in writer.typed} <= words(text), text


def test_servers_saving_at_once_on_sqlite_lose_nothing(tmp_path):
    servers_typing_at_once(f"sqlite:///{tmp_path / 'room.sqlite3'}")


def test_servers_saving_at_once_on_postgresql_lose_nothing(postgres_url):
    servers_typing_at_once(postgres_url)


def test_a_merged_text_over_the_limit_is_refused_and_nothing_is_stored(fresh_store):
    from coprod.text import InvalidText

    writers = group(fresh_store, 2)
    before = len(fresh_store.history(writers[0].person.workshop_id))
    with pytest.raises(InvalidText, match="the limit is 60"):
        fresh_store.save_merged(writers[1].person, *KEY, {"text": START + " and more words"}, base={"text": ""},
                                scope="group", limit=60)
    assert len(fresh_store.history(writers[0].person.workshop_id)) == before


def test_the_exports_say_who_wrote_which_part_of_a_group_text(fresh_store, content):
    from coprod.exports import authorship_frame

    writers = group(fresh_store, 2)
    writers[0].type_after("meet")
    writers[1].type_after("garden")
    writers[0].save()
    writers[1].save()
    workshop = fresh_store.workshop(writers[0].person.workshop_id)
    frame = authorship_frame(fresh_store, content, workshop)
    assert "".join(frame["text"]) == current(writers)
    by = {row.participant: row.text for row in frame.itertuples()}
    assert writers[0].typed[0] in by["P0"] and writers[1].typed[0] in by["P1"]
    anonymous = authorship_frame(fresh_store, content, workshop, anonymised=True)
    assert set(anonymous["participant"]) == {"P01", "P02"}
