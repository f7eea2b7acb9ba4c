"""The dots themselves: for each option a "−" and a "+" button and the count in words, and how
many dots are left, said aloud politely. Taps and keys only, no dragging (WCAG 2.2 SC 2.5.7).

The browser only asks (action ``change``: an option, +1 or -1); the kernel reads the vote as
stored (another device, or another member of the group, may have changed it), checks the
change against the task and saves the whole vote. Its JavaScript and CSS are beside this
module, on the shared helpers of coprod/widgets/static.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import traitlets as t

from coprod.widgets._base import STATIC, KernelOwnedWidget, not_saved

HERE = Path(__file__).parent
TRY_AGAIN = "Sorry, that dot could not be saved. Please try again."
CLOSED = "The facilitator has closed this activity."
# What the kernel says stays on the screen under the options, beside how many dots are left (on
# a small phone with large text that is a third of the screen): short, and nothing at all for a
# tap that was saved, whose dot appearing says so.
NO_DOTS_LEFT = "No dots left: take one off first."
ONE_EACH = "One dot each at most."


class DotVote(KernelOwnedWidget):
    """``load()`` returns the vote as stored now (option id -> dots); ``save(counts)`` stores a
    whole vote; ``is_locked()`` says whether the facilitator has closed the activity."""

    _esm = (STATIC / "common.js").read_text(encoding="utf-8") + (HERE / "dot_vote.js").read_text(encoding="utf-8")
    _css = (STATIC / "common.css").read_text(encoding="utf-8") + (HERE / "dot_vote.css").read_text(encoding="utf-8")

    label = t.Unicode("Your dots", help="what the group of buttons is called").tag(sync=True)
    options = t.List(t.Dict(), help="id, text").tag(sync=True)
    dots = t.Int(3, help="how many dots there are to spread").tag(sync=True)
    one_per_option = t.Bool(False, help="at most one dot on each option").tag(sync=True)
    value = t.Dict(help="option id -> dots on it (options without any left out)").tag(sync=True)
    locked = t.Bool(False, help="the facilitator has closed the activity: nothing can change").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, seq").tag(sync=True)

    def __init__(self, *, load: Callable[[], dict[str, int]], save: Callable[[dict[str, int]], None],
                 is_locked: Callable[[], bool] = lambda: False, **kwargs):
        super().__init__(**kwargs)
        self._load, self._save, self._is_locked = load, save, is_locked

    def _on_change(self, msg: dict) -> None:
        option, delta = msg.get("option"), msg.get("delta")
        # type() and not isinstance: True and 1.0 equal 1, and a float would be stored as a count.
        if not isinstance(option, str) or option not in {o["id"] for o in self.options} \
                or type(delta) is not int or delta not in (1, -1):
            self.send_state(["value"])
            return
        self.locked = self._is_locked()
        if self.locked:
            self._say("error", CLOSED)
            return
        current = self._load()
        count = current.get(option, 0) + delta
        if count < 0:
            self.value = current
            self._say("saved", "")
            return
        if delta > 0 and sum(current.values()) >= self.dots:
            self.value = current
            self._say("error", NO_DOTS_LEFT)
            return
        if delta > 0 and self.one_per_option and count > 1:
            self.value = current
            self._say("error", ONE_EACH)
            return
        changed = {o["id"]: n for o in self.options if (n := count if o["id"] == option else current.get(o["id"], 0))}
        try:
            self._save(changed)
        except Exception as exc:
            self._say("error", not_saved(exc, TRY_AGAIN, "saving a dot vote failed"))
            return
        self.value = changed
        self._say("saved", "")

    def _report_failure(self, content) -> None:
        self._say("error", TRY_AGAIN)
