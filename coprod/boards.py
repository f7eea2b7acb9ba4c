"""Live pages: redraw what a page shows when the workshop changes.

One thread per page looks at the workshop's version (the newest answer and setting ids,
two cheap indexed queries) once a second and calls every subscriber only when it changed.
Under Voilà 0.5 a trait set from a thread reaches the browser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from coprod.locking import one_at_a_time
from coprod.store import Store, Workshop

POLL_SECONDS = 1.0
log = logging.getLogger("coprod.boards")


class LiveFeed:
    """Calls each subscriber now and whenever the workshop's version changes."""

    def __init__(self, store: Store, workshop: Workshop):
        self.store = store
        self.workshop = workshop
        self._subscribers: list[Callable[[], None]] = []
        self._seen = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def subscribe(self, draw: Callable[[], None]) -> Callable[[], None]:
        self._subscribers.append(draw)
        draw()
        return draw

    @one_at_a_time
    def refresh(self) -> bool:
        """Call the subscribers if anything changed since the last look; True if it did."""
        version = self.store.version(self.workshop.id)
        if version == self._seen:
            return False
        for draw in list(self._subscribers):
            try:
                draw()
            except Exception:  # one broken view must not stop the others updating
                log.exception("a live view failed to redraw")
        self._seen = version
        return True

    def start(self) -> LiveFeed:
        if self._thread is None:
            self._seen = self.store.version(self.workshop.id)
            self._thread = threading.Thread(target=self._poll, name="coprod-live", daemon=True)
            self._thread.start()
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
                    log.exception("the live feed could not read the store; retrying")
