"""Live boards: collated views that redraw when the store has something new.

One thread per board page looks at the newest answer id once a second (a cheap indexed
query) and recollates only when it changed. Under Voilà 0.5 a trait set from a thread
reaches the browser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from coprod.store import Store, Workshop

POLL_SECONDS = 1.0
log = logging.getLogger("coprod.boards")


class LiveBoard:
    """Calls ``draw()`` now and whenever the workshop's answers change."""

    def __init__(self, store: Store, workshop: Workshop, draw: Callable[[], None]):
        self.store = store
        self.workshop = workshop
        self.draw = draw
        self._seen = -1
        self._stop = threading.Event()
        self.refresh()

    def refresh(self) -> bool:
        """Redraw if anything was saved since the last look; True if it redrew."""
        last = self.store.last_answer_id(self.workshop.id)
        if last == self._seen:
            return False
        self.draw()
        self._seen = last  # only once drawn: a failed draw is tried again next tick
        return True

    def start(self) -> LiveBoard:
        threading.Thread(target=self._poll, name="coprod-board", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _poll(self) -> None:
        failures = 0
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.refresh()
                failures = 0
            except Exception:
                # A locked or briefly unreachable database: say so once, keep trying.
                failures += 1
                if failures == 1:
                    log.exception("the board could not be refreshed; retrying")
