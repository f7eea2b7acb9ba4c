"""Choosing a set number of items from a list (a group's two problems to work on)."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm


class Picker(KernelOwnedWidget):
    """``save(ids)`` stores the chosen ids; ``load()``, if given, returns the stored choice
    (someone else in the group may have chosen meanwhile)."""

    _esm = static_esm("picker.js")
    _css = static_css("picker.css")

    legend = t.Unicode(help="what is being chosen").tag(sync=True)
    options = t.List(t.Dict(), help="id, text").tag(sync=True)
    value = t.List(t.Unicode(), help="the chosen ids").tag(sync=True)
    limit = t.Int(2, help="how many may be chosen").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, save: Callable[[list[str]], None], load: Callable[[], list[str]] | None = None,
                 **kwargs):
        super().__init__(**kwargs)
        self._save = save
        self._load = load

    def _on_pick(self, msg: dict) -> None:
        option, picked = msg.get("id"), msg.get("picked")
        # A chosen item that has since left the list (someone removed it) can still be unticked.
        known = {o["id"] for o in self.options} | ({*self.value} if picked is False else set())
        if not isinstance(option, str) or option not in known or not isinstance(picked, bool):
            return
        if self._load is not None:
            self.value = self._load()
        chosen = [i for i in self.value if i != option]
        if picked:
            if len(chosen) >= self.limit:
                self._say("error", f"You can choose {self.limit}. Untick one first to choose another.")
                return
            chosen.append(option)
        try:
            self._save(chosen)
        except Exception as exc:
            self._say("error", not_saved(exc, "Sorry, that could not be saved just now. Please try again.",
                                         "saving a choice failed"))
            return
        self.value = chosen
        self._say("saved", f"{len(chosen)} of {self.limit} chosen.")

    def _report_failure(self, content) -> None:
        self._say("error", "Sorry, that could not be saved just now. Please try again.")
