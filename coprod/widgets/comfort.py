"""Text size and contrast, chosen by the participant and kept for them."""

from __future__ import annotations

from collections.abc import Callable

import traitlets as t

from coprod.widgets._base import KernelOwnedWidget, static_css, static_esm

SIZES = ("standard", "large", "larger")
CONTRASTS = ("standard", "high")


class Comfort(KernelOwnedWidget):
    """``save(settings)`` keeps {"size", "contrast"} for the person."""

    _esm = static_esm("comfort.js")
    _css = static_css("comfort.css")

    size = t.Unicode("standard", help="standard, large or larger").tag(sync=True)
    contrast = t.Unicode("standard", help="standard or high").tag(sync=True)

    def __init__(self, *, save: Callable[[dict], None], **kwargs):
        super().__init__(**kwargs)
        self._save = save

    def _on_set(self, msg: dict) -> None:
        size = msg.get("size", self.size)
        contrast = msg.get("contrast", self.contrast)
        if size not in SIZES or contrast not in CONTRASTS:
            self.send_state(["size", "contrast"])
            return
        self._save({"size": size, "contrast": contrast})
        self.size, self.contrast = size, contrast
