"""Every text a group writes together goes through the merge (issue 17): the scenario, the
definition, the ground rules and how to put them into practice, the values reflections and any
other text a group shares. The group texts are found from the content (every task done as a
group) and from what the activities' own pages store when the demo room does every activity
through them; each must be written through Store.save_merged, and two people saving it at
once from the same starting point both keep their words."""

from __future__ import annotations

import pytest

from coprod.content import load
from coprod.demo import make_demo
from coprod.participant import APP
from coprod.store import Store

CONTENT = load()
GROUP_TASKS = [(APP, "scenario")] + [(a.id, t.id) for a in CONTENT.activities for p in a.parts for t in p.tasks
                                      if t.who == "group"]
# Group tasks whose group answers hold choices only (which ratings, which problems picked), no
# text: their texts, if any, are other tasks'.
CHOICES_ONLY: set[tuple[str, str]] = set()


def texts(value) -> list[str]:
    """The free texts of an answer's value: its text, or its entry's values."""
    if not isinstance(value, dict) or value.get("removed"):
        return []
    if isinstance(value.get("text"), str):
        return [value["text"]]
    if isinstance(value.get("values"), dict):
        return [v for v in value["values"].values() if isinstance(v, str)]
    return []


@pytest.fixture(scope="module")
def demo_room():
    """A demo room of one group of three, every activity done through its pages, with each
    group answer's way into the store noted: merged or not."""
    store = Store.memory()
    ways: dict[tuple[str, str, str], set[str]] = {}
    save, save_merged = store.save, store.save_merged

    def note(how, args, kwargs):
        _person, activity, task, item, value = args[:5]
        if kwargs.get("scope") == "group" and texts(value):
            ways.setdefault((activity, task, item), set()).add(how)

    def plain(*args, **kwargs):
        note("save", args, kwargs)
        return save(*args, **kwargs)

    def merged(*args, **kwargs):
        note("save_merged", args, kwargs)
        return save_merged(*args, **kwargs)

    store.save, store.save_merged = plain, merged
    workshop = make_demo(store, CONTENT, groups=1, people_per_group=3)
    store.save, store.save_merged = save, save_merged
    yield store, workshop, ways
    store.dispose()


def test_the_issue_s_group_texts_are_among_those_found():
    found = set(GROUP_TASKS)
    for key in [(APP, "scenario"), ("defining-co-production", "our-definition"), ("inclusive-language", "ground-rules"),
                ("inclusive-language", "putting-into-practice"), ("values", "values-reflection")]:
        assert key in found, key


@pytest.mark.parametrize(("activity", "task"), GROUP_TASKS, ids=[f"{a}/{t}" for a, t in GROUP_TASKS])
def test_a_group_text_is_merged_and_keeps_two_writers_words(demo_room, activity, task):
    store, workshop, ways = demo_room
    rows = [a for a in store.history(workshop.id, activity) if a.task == task and a.scope == "group" and texts(a.value)]
    if (activity, task) in CHOICES_ONLY:
        assert not rows
        return
    assert rows, f"the demo wrote no group text for {activity}/{task} through its page"
    items = sorted({a.item for a in rows})
    for item in items:
        # The pages save every group text through the merge, never over it.
        assert ways[(activity, task, item)] == {"save_merged"}, (item, ways[(activity, task, item)])
    people = store.participants(workshop)
    first, second = people[0], people[1]
    for item in items:
        current = next(a for a in store.current(workshop.id, activity, task, scope="group", owner_id=first.group_id)
                       if a.item == item)
        base = current.value
        words = {}
        for person, word in ((first, "zebracrossing"), (second, "yellowhammer")):
            # Both write from the same starting point (neither has seen the other's save).
            mine = _with_word(base, word)
            store.save_merged(person, activity, task, item, mine, base=base, scope="group")
            words[person.display_name] = word
        newest = next(a for a in store.current(workshop.id, activity, task, scope="group", owner_id=first.group_id)
                      if a.item == item)
        together = " ".join(texts(newest.value))
        assert all(w in together for w in words.values()), (item, together)
        for text in texts(base):  # and nobody's earlier words went
            assert set(text.split()) <= set(together.split()), (item, text, together)


def _with_word(value: dict, word: str) -> dict:
    if isinstance(value.get("text"), str):
        return {**value, "text": f"{value['text']} {word}"}
    return {**value, "values": {k: f"{v} {word}" if isinstance(v, str) else v for k, v in value["values"].items()}}
