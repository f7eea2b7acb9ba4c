"""A list that a group writes together: a glossary, ground rules, stakeholders, commitments.

An entry being edited is written together as a group text is (coprod/widgets/text.py): the
page saves it as its person types, with the texts it started from; the store merges it with
what others saved meanwhile; others' changes are folded into the boxes without moving the
cursor (list.js), and "Bo is typing…" shows under the entry someone else is changing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import traitlets as t

from coprod.store import Answer
from coprod.text import InvalidText, clean
from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm

SAVE_FAILED = "Sorry, that could not be saved just now. Please try again."
MAX_ENTRIES = 200
MAX_FIELD = 2_000


class SharedList(KernelOwnedWidget):
    """Entries of one or more short texts, each stored as its own answer.

    ``save(entry_id, value, base)`` stores an entry's new value written from ``base`` (a stored
    version's id, or the entry's value as the page started from it), merged with what others
    saved meanwhile (nobody's words are lost), and returns ``(version, stored value)``;
    ``load()`` returns the stored answers, newest per entry, removed ones too. A removed entry is
    stored as removed: nothing is ever deleted. ``me`` is the id of the page's person (their own
    saves are not shown as someone typing).
    """

    _esm = static_esm("list.js", "together.js")
    _css = static_css("list.css")

    title = t.Unicode("", help="a heading for the list").tag(sync=True)
    intro = t.Unicode("", help="a line of guidance under the heading").tag(sync=True)
    fields = t.List(t.Dict(), help="the texts of one entry: id, label, multiline").tag(sync=True)
    value = t.List(t.Dict(), help="entries: id, values, author, version").tag(sync=True)
    examples = t.List(t.Dict(), help="ready-made entries to add with one tap: id, text").tag(sync=True)
    examples_intro = t.Unicode("", help="the heading of the examples").tag(sync=True)
    add_label = t.Unicode("Add", help="the text of the add button").tag(sync=True)
    context = t.Unicode("", help="said after the names of the add form's boxes, unseen (e.g. the question), so that "
                                 "boxes of two lists on one page never share a name").tag(sync=True)
    draft_key = t.Unicode("", help="names this list's unsaved edits in the browser's storage").tag(sync=True)
    typing = t.Dict(help="others who changed entries since the page last heard: entries (id: names), seq"
                    ).tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, nonce, seq; for an edit, id and the "
                         "values stored").tag(sync=True)

    def __init__(self, *, save: Callable[[str, dict, int | dict | None], tuple[int, dict]],
                 load: Callable[[], list[Answer]], me: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self._save = save
        self._load = load
        self._me = me
        self.refresh()

    def refresh(self) -> None:
        """Show what is stored now (called when the store changes)."""
        entries, typing = [], {}
        shown = {entry["id"]: entry["version"] for entry in self.value}
        for answer in self._stored().values():
            value = answer.value
            if value.get("removed") or not isinstance(value.get("values"), dict):
                continue
            entries.append({"id": answer.item, "values": value["values"], "author": answer.author_name or "",
                            "version": answer.id})
            if answer.item in shown and shown[answer.item] != answer.id and answer.author_id != self._me \
                    and answer.author_name:
                typing[answer.item] = [answer.author_name]
        if entries != self.value:
            with self.hold_sync():
                self.value = entries
                if typing:
                    self.typing = {"entries": typing, "seq": self.typing.get("seq", 0) + 1}

    def _stored(self) -> dict[str, Answer]:
        """Every entry ever stored, removed ones too, by id."""
        return {a.item: a for a in self._load() if isinstance(a.value, dict)}


    def _values(self, raw, *, required: bool = True) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise InvalidText("Please fill in the form.")
        values = {f["id"]: clean(raw.get(f["id"], ""), limit=MAX_FIELD, what=f["label"]) for f in self.fields}
        if required and not values[self.fields[0]["id"]]:
            raise InvalidText(f"{self.fields[0]['label']} is empty. Please write something first.")
        return values

    def _write(self, entry_id: str, value: dict, base: int | dict | None, nonce=None, done: str = "Saved.") -> None:
        try:
            _, stored = self._save(entry_id, value, base)
        except InvalidText as exc:  # merged with someone's edit, a text would be too long
            self._say("error", str(exc), nonce=nonce)
            return
        except Exception as exc:
            self._say("error", not_saved(exc, SAVE_FAILED, "saving a list entry failed"), nonce=nonce)
            return
        self.refresh()
        values = stored.get("values") if isinstance(stored, dict) else None
        if base is not None and stored != value:
            self._say("saved", "Saved, together with the changes someone else made to this entry meanwhile.",
                      nonce=nonce, id=entry_id, values=values)
        else:
            self._say("saved", done, nonce=nonce, id=entry_id, values=values)

    def _on_add(self, msg: dict) -> None:
        nonce = msg.get("nonce")
        try:
            values = self._values(msg.get("values"))
        except InvalidText as exc:
            self._say("error", str(exc), nonce=nonce)
            return
        self.refresh()
        if len(self.value) >= MAX_ENTRIES:
            self._say("error", f"The list has {MAX_ENTRIES} entries, the most there can be.", nonce=nonce)
            return
        self._write(secrets.token_hex(6), {"values": values}, None, nonce, "Added.")

    def _on_add_example(self, msg: dict) -> None:
        example = next((e for e in self.examples if e["id"] == msg.get("id")), None)
        if example is None:
            return
        first = self.fields[0]["id"]
        if any(entry["values"].get(first) == example["text"] for entry in self.value):
            self._say("error", "That one is on the list already.")
            return
        self._write(secrets.token_hex(6), {"values": {first: example["text"]}, "example": example["id"]}, None,
                    done="Added. You can edit it to fit your project.")

    def _on_edit(self, msg: dict) -> None:
        nonce = msg.get("nonce")
        entry_id = msg.get("id")
        stored = self._stored().get(entry_id) if isinstance(entry_id, str) else None
        if stored is None:
            return
        try:
            values = self._values(msg.get("values"))
            # The texts the page's boxes were written from (as a group text's page sends them),
            # else the version it started from.
            base = msg.get("base_values")
            base = {"values": self._values(base, required=False)} if isinstance(base, dict) else \
                msg.get("base") if isinstance(msg.get("base"), int) else None
        except InvalidText as exc:
            self._say("error", str(exc), nonce=nonce)
            self.send_state(["value"])
            return
        value = {"values": values}
        if stored.value.get("removed"):  # removed by someone while this person edited it: put back
            value["removed"] = False
        self._write(entry_id, value, base, nonce)

    def _on_remove(self, msg: dict) -> None:
        entry = self._entry(msg.get("id"))
        if entry is not None:
            self._write(entry["id"], {"values": entry["values"], "removed": True}, entry["version"], done="Removed.")

    def _entry(self, entry_id) -> dict | None:
        self.refresh()
        return next((e for e in self.value if e["id"] == entry_id), None)

    def _report_failure(self, content) -> None:
        self._say("error", SAVE_FAILED, nonce=content.get("nonce"))
