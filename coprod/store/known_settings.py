"""Every setting a workshop keeps, in one place: its stored key, the type of its value, its default.

Settings are an append-only log of (key, JSON value) rows (settings.py): the newest row of a
key is in force. A page reads them all at once (``Store.settings``) and asks a setting here
what it says; a value of the wrong shape reads as the setting's default, so a hand-edited or
half-written row never breaks a page. Keys and JSON values are exactly those earlier releases
wrote: a workshop's database from before reads the same (tests/unit/test_known_settings.py
reads rows written before this module existed).

A ``Setting`` is one key; a ``SettingFamily`` is one key per thing (``revealed:<activity>``,
``person:<participant id>``), so that two facilitators' pages never overwrite each other's
choices about different things.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

if TYPE_CHECKING:
    from coprod.store import Store
    from coprod.store.records import Workshop

T = TypeVar("T")


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One key. ``parse`` turns the stored JSON into the typed value, or None when its shape is
    wrong; ``dump`` turns a typed value back into the JSON that is stored."""

    key: str
    default: T
    parse: Callable[[Any], T | None]
    dump: Callable[[T], Any] = _same

    def read(self, settings: Mapping[str, Any]) -> T:
        value = self.parse(settings[self.key]) if self.key in settings else None
        return copy(self.default) if value is None else value  # a copy: a caller may change a list

    def stored(self, value: T) -> Any:
        """The JSON to store for ``value``; a TypeError if it is not of this setting's type."""
        return _checked(self.key, self.parse, self.dump, self.default, value)

    def write(self, store: Store, workshop: Workshop, value: T) -> int:
        return store.set_setting(workshop, self.key, self.stored(value))


@dataclass(frozen=True)
class SettingFamily(Generic[T]):
    """One key per thing: ``prefix`` + the thing's name."""

    prefix: str
    default: T
    parse: Callable[[Any], T | None]
    dump: Callable[[T], Any] = _same

    def key(self, name: str | int) -> str:
        return f"{self.prefix}{name}"

    def read(self, settings: Mapping[str, Any], name: str | int) -> T:
        key = self.key(name)
        value = self.parse(settings[key]) if key in settings else None
        return copy(self.default) if value is None else value

    def every(self, settings: Mapping[str, Any]) -> dict[str, T]:
        """Each thing's value in force, by name, leaving out values of the wrong shape."""
        found = {}
        for key, raw in settings.items():
            if key.startswith(self.prefix) and (value := self.parse(raw)) is not None:
                found[key[len(self.prefix):]] = value
        return found

    def stored(self, value: T) -> Any:
        return _checked(self.prefix, self.parse, self.dump, self.default, value)

    def write(self, store: Store, workshop: Workshop, name: str | int, value: T) -> int:
        return store.set_setting(workshop, self.key(name), self.stored(value))


def _checked(key: str, parse: Callable[[Any], Any], dump: Callable[[Any], Any], default: Any, value: Any) -> Any:
    # None is stored only where it means something (no timer, no group): where it is the default.
    if value is None and default is None:
        return None
    try:
        raw = dump(value)
    except (AttributeError, KeyError, TypeError):
        raw = None
    if value is None or raw is None or parse(raw) is None:
        raise TypeError(f"not a value for the setting {key!r}: {value!r}")
    return raw


# --- the shapes of the values ---------------------------------------------------------------


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_list(value: Any) -> list[str] | None:
    return list(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _time(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Call:
    """The facilitator's last "bring everyone here": which activity, the how-many-th call (a new
    value each time, so that bringing everyone back again is noticed), and when."""

    activity: str
    call: int
    at: datetime | None


def _call(value: Any) -> Call | None:
    if not isinstance(value, dict) or not isinstance(value.get("activity"), str):
        return None
    count = value.get("call")
    return Call(value["activity"], count if _int(count) is not None else 0, _time(value.get("at")))


def _dump_call(call: Call) -> dict:
    return {"activity": call.activity, "call": call.call, "at": call.at.isoformat() if call.at else None}


class RunningTimer(TypedDict):
    activity: str
    ends_at: datetime  # aware; a timer that has run out is still running until stopped


def _timer(value: Any) -> RunningTimer | None:
    if not isinstance(value, dict) or not isinstance(value.get("activity"), str):
        return None
    ends_at = _time(value.get("ends_at"))
    return None if ends_at is None else RunningTimer(activity=value["activity"], ends_at=ends_at)


def _dump_timer(running: RunningTimer) -> dict:
    return {"activity": running["activity"], "ends_at": running["ends_at"].isoformat()}


@dataclass(frozen=True)
class PlanEntry:
    activity: str
    minutes: int | None  # as saved; coprod.plan checks its range


def _plan(value: Any) -> list[PlanEntry] | None:
    if not isinstance(value, list):
        return None
    return [PlanEntry(entry["activity"], _int(entry.get("minutes"))) for entry in value
            if isinstance(entry, dict) and isinstance(entry.get("activity"), str)]


def _dump_plan(entries: list[PlanEntry]) -> list[dict]:
    return [{"activity": e.activity, "minutes": e.minutes} for e in entries]


def _text(value: Any) -> str | None:
    """A {"text": ...} value (a group's stakeholder row), as its text."""
    return value["text"] if isinstance(value, dict) and isinstance(value.get("text"), str) else None


def _dump_text(text: str) -> dict:
    return {"text": text}


def _one_of(*keys: str) -> Callable[[Any], dict | None]:
    """A log entry: a dict holding at least one of ``keys``."""
    def parse(value: Any) -> dict | None:
        return value if isinstance(value, dict) and any(k in value for k in keys) else None
    return parse


# --- the settings -----------------------------------------------------------------------------

# The facilitator running the session (coprod.running, coprod.plan, coprod.timer, the console).
CURRENT_ACTIVITY: Setting[Call | None] = Setting("current_activity", None, _call, _dump_call)
LOCKED: Setting[list[str]] = Setting("locked", [], _str_list)  # activity ids participants cannot open
PLAN: Setting[list[PlanEntry] | None] = Setting("plan", None, _plan, _dump_plan)  # None: the whole course
TIMER: Setting[RunningTimer | None] = Setting("timer", None, _timer, _dump_timer)  # None: stopped
GROUP_PICKING: Setting[bool] = Setting("group_picking", False, _bool)  # participants may choose a group

# What the room sees (coprod.moderation): an activity's results shown, a post hidden (by post key).
REVEALED: SettingFamily[bool] = SettingFamily("revealed:", False, _bool)
HIDDEN: SettingFamily[bool] = SettingFamily("hidden:", False, _bool)

# Activity 7: the stakeholder the facilitator gave a group, by "<task id>:<group id>"; None: none.
GROUP_ROW: SettingFamily[str | None] = SettingFamily("row:", None, _text, _dump_text)

# Made by `coprod demo`: every answer is made up.
SYNTHETIC: Setting[bool] = Setting("synthetic", False, _bool)

# The store's own log of changes to people and the workshop (written in the store's
# transactions, with Settings._log). Keeping them as settings wakes open pages (version()).
PERSON: SettingFamily[dict | None] = SettingFamily("person:", None, _one_of("name", "removed"))  # by participant id
MEMBER: SettingFamily[int | None] = SettingFamily("member:", None, _int)  # a person's group id; None: no group
SAVE_LIMIT: SettingFamily[dict | None] = SettingFamily("save_limit:", None, _one_of("kind"))  # {kind, at}
WORKSHOP_CHANGE: Setting[dict | None] = Setting("workshop", None, _one_of("open", "name", "archived"))
FORGOTTEN: Setting[dict | None] = Setting("forgotten", None, _one_of("at"))  # someone was forgotten, when

EVERY_SETTING: tuple[Setting | SettingFamily, ...] = (
    CURRENT_ACTIVITY, LOCKED, PLAN, TIMER, GROUP_PICKING, REVEALED, HIDDEN, GROUP_ROW, SYNTHETIC, PERSON, MEMBER,
    SAVE_LIMIT, WORKSHOP_CHANGE, FORGOTTEN)
