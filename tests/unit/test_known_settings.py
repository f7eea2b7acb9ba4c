"""The settings as typed accessors (coprod.store.known_settings): one place for every key.

WRITTEN_BEFORE is the settings table of a database made by `coprod demo` with the code as it
was before the accessors (each key written through the modules of the time: the console's
plan, locks, "bring everyone", timer, group picking, revealed results, hidden posts; the
store's renames, openings and save limits). Reading it now must give what it gave then.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coprod
from coprod import moderation, plan, running, timer
from coprod.demo import is_synthetic
from coprod.store import Store, known_settings
from coprod.store.budget import limits_reached
from coprod.store.known_settings import (
    CURRENT_ACTIVITY,
    EVERY_SETTING,
    GROUP_PICKING,
    GROUP_ROW,
    HIDDEN,
    LOCKED,
    MEMBER,
    PERSON,
    PLAN,
    REVEALED,
    SAVE_LIMIT,
    SYNTHETIC,
    TIMER,
    WORKSHOP_CHANGE,
    Call,
    PlanEntry,
    Setting,
    SettingFamily,
)
from coprod.tasks.grid.needs import assigned

WRITTEN_BEFORE = [
    ("synthetic", "true"),
    ("member:1", "1"),
    ("member:2", "1"),
    ("member:3", "2"),
    ("member:4", "2"),
    ("row:stakeholder-needs:1", '{"text": "Diverse local communities"}'),
    ("row:stakeholder-needs:2", '{"text": "The local bus company"}'),
    ("plan", '[{"activity": "ladder-of-co-production", "minutes": 10}, {"activity": "defining-co-production",'
             ' "minutes": null}, {"activity": "what-do-you-know", "minutes": 5}]'),
    ("locked", '["what-do-you-know", "defining-co-production"]'),
    ("current_activity", '{"activity": "what-do-you-know", "call": 1, "at": "2026-12-02T07:30:37.174358+00:00"}'),
    ("locked", '["defining-co-production"]'),
    ("current_activity", '{"activity": "defining-co-production", "call": 2, "at": "2026-12-02T07:30:37.175220+00:00"}'),
    ("locked", "[]"),
    ("timer", '{"activity": "defining-co-production", "ends_at": "2026-01-02T03:16:05+00:00"}'),
    ("group_picking", "true"),
    ("revealed:ladder-of-co-production", "true"),
    ("revealed:values", "true"),
    ("revealed:values", "false"),
    ("hidden:participant:1:ladder-of-co-production:ladder-start:now", "true"),
    ("hidden:participant:2:ladder-of-co-production:ladder-start:now", "true"),
    ("hidden:participant:2:ladder-of-co-production:ladder-start:now", "false"),
    ("person:1", '{"name": "Renamed Person"}'),
    ("workshop", '{"open": false}'),
    ("workshop", '{"open": true}'),
    ("locked", '["values", "what-do-you-know"]'),
    ("save_limit:3", '{"kind": "rate", "at": "2026-01-02T03:04:05+00:00"}'),
]


@pytest.fixture
def written_before(fresh_store: Store):
    workshop, _ = fresh_store.create_workshop("Written before")
    for key, value in WRITTEN_BEFORE:
        fresh_store.set_setting(workshop, key, json.loads(value))
    return fresh_store, workshop


def _setting_of(key: str) -> Setting | SettingFamily:
    matches = [s for s in EVERY_SETTING if (s.key == key if isinstance(s, Setting) else key.startswith(s.prefix))]
    assert len(matches) == 1, f"{key!r} belongs to {len(matches)} settings"
    return matches[0]


def test_a_database_written_before_reads_the_same(written_before, content):
    store, workshop = written_before
    settings = store.settings(workshop.id)
    assert CURRENT_ACTIVITY.read(settings) == Call("defining-co-production", 2,
                                                   datetime(2026, 12, 2, 7, 30, 37, 175220, tzinfo=UTC))
    assert running.current_id(settings) == "defining-co-production"
    assert running.next_step(content, settings).activity.id == "what-do-you-know"
    assert [(s.activity.id, s.minutes) for s in plan.planned(content, settings)] == [
        ("ladder-of-co-production", 10), ("defining-co-production", None), ("what-do-you-know", 5)]
    assert LOCKED.read(settings) == ["values", "what-do-you-know"]
    assert timer.running(settings) == {"activity": "defining-co-production",
                                       "ends_at": datetime(2026, 1, 2, 3, 16, 5, tzinfo=UTC)}
    assert GROUP_PICKING.read(settings) is True
    assert [a.id for a in content.activities if moderation.revealed(settings, a.id)] == ["ladder-of-co-production"]
    assert moderation.hidden_posts(settings) == {"participant:1:ladder-of-co-production:ladder-start:now"}
    grid = next(t for a in content.activities for p in a.parts for t in p.tasks if t.id == "stakeholder-needs")
    assert [assigned(settings, grid, group) for group in (1, 2, 3)] == [
        "Diverse local communities", "The local bus company", None]
    assert is_synthetic(store, workshop)
    assert limits_reached(settings) == {3: {"kind": "rate", "at": "2026-01-02T03:04:05+00:00"}}
    assert MEMBER.every(settings) == {"1": 1, "2": 1, "3": 2, "4": 2}
    assert PERSON.read(settings, 1) == {"name": "Renamed Person"}
    assert WORKSHOP_CHANGE.read(settings) == {"open": True}


def test_every_stored_key_has_one_setting_and_writes_back_exactly_what_it_read():
    for key, value in WRITTEN_BEFORE:
        setting = _setting_of(key)
        raw = json.loads(value)
        assert setting.stored(setting.parse(raw)) == raw, key


def test_writing_stores_the_same_keys_and_values_as_before(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Written now")
    plan.save_plan(fresh_store, workshop, content, [("ladder-of-co-production", 10), ("values", None)])
    running.bring_everyone(fresh_store, workshop, "values")
    timer.start(fresh_store, workshop, "values", 12, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    timer.stop(fresh_store, workshop)
    GROUP_PICKING.write(fresh_store, workshop, False)
    moderation.set_revealed(fresh_store, workshop, "values", True)
    GROUP_ROW.write(fresh_store, workshop, "stakeholder-needs:4", "Buses")
    with fresh_store.db.read() as tx:
        rows = [(row.key, json.loads(row.value)) for row in tx.rows('SELECT "key", value FROM settings ORDER BY id')]
    assert [(key, value) for key, value in rows if key not in ("current_activity", "workshop")] == [
        ("plan", [{"activity": "ladder-of-co-production", "minutes": 10}, {"activity": "values", "minutes": None}]),
        ("timer", {"activity": "values", "ends_at": "2026-01-02T03:16:05+00:00"}),
        ("timer", None),
        ("group_picking", False),
        ("revealed:values", True),
        ("row:stakeholder-needs:4", {"text": "Buses"}),
    ]
    call = dict(rows)["current_activity"]
    assert call["activity"] == "values" and call["call"] == 1
    assert datetime.fromisoformat(call["at"]).tzinfo is not None


def test_a_value_of_the_wrong_shape_reads_as_the_default():
    odd = {"locked": "values", "current_activity": {"call": 3}, "timer": {"activity": "x", "ends_at": "soon"},
           "plan": {"activity": "values"}, "group_picking": "yes", "revealed:values": 1, "hidden:a": "true",
           "row:t:1": "Buses", "synthetic": 1, "member:1": "2"}
    assert LOCKED.read(odd) == []
    LOCKED.read(odd).append("values")  # the default is not shared with whoever reads it next
    assert LOCKED.read({}) == []
    assert CURRENT_ACTIVITY.read(odd) is None
    assert TIMER.read(odd) is None
    assert PLAN.read(odd) is None
    assert GROUP_PICKING.read(odd) is False
    assert REVEALED.read(odd, "values") is False
    assert HIDDEN.every(odd) == {}
    assert GROUP_ROW.read(odd, "t:1") is None
    assert SYNTHETIC.read(odd) is False
    assert MEMBER.read(odd, 1) is None
    # Entries of a plan that are not entries are left out, not the whole plan.
    assert PLAN.read({"plan": [{"activity": "values", "minutes": True}, "power", {"minutes": 3}]}) == [
        PlanEntry("values", None)]


def test_a_value_of_the_wrong_type_is_not_written(fresh_store):
    workshop, _ = fresh_store.create_workshop("Careful")
    for setting, value in ((LOCKED, "values"), (GROUP_PICKING, "yes"), (LOCKED, None), (SYNTHETIC, 1),
                           (CURRENT_ACTIVITY, {"activity": "values"})):
        with pytest.raises(TypeError):
            setting.write(fresh_store, workshop, value)
    with pytest.raises(TypeError):
        REVEALED.write(fresh_store, workshop, "values", None)
    with pytest.raises(TypeError):
        SAVE_LIMIT.stored({"at": "now"})
    assert not {"locked", "group_picking", "synthetic", "current_activity"} & set(fresh_store.settings(workshop.id))


def test_every_setting_is_named_here_and_nowhere_else():
    """No module writes a setting by a key of its own: every key is one of known_settings'."""
    package = Path(coprod.__file__).parent
    allowed = {package / "store" / "known_settings.py", package / "store" / "settings.py"}
    writers = [str(path.relative_to(package)) for path in package.rglob("*.py")
               if path not in allowed and re.search(r"\.set_setting\(|\._log\(tx, [^,]+, [\"f]", path.read_text())]
    assert writers == []
    keys = [s.key if isinstance(s, Setting) else s.prefix for s in EVERY_SETTING]
    assert len(set(keys)) == len(keys)
    declared = [value for value in vars(known_settings).values() if isinstance(value, Setting | SettingFamily)]
    assert len(declared) == len(EVERY_SETTING) and all(s in EVERY_SETTING for s in declared)
