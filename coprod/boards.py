"""Live pages: redraw what a page shows when the workshop changes.

One thread per page looks at the workshop's version (the newest answer and setting ids,
two cheap indexed queries) and calls every subscriber only when it changed. On SQLite it
looks once a second. On PostgreSQL it looks when a write to the workshop is announced
(LISTEN/NOTIFY, store/notify.py), at most twice a second however busy the room, and
every few seconds anyway, so that nothing is missed if a notification is.
Under Voilà 0.5 a trait set from a thread reaches the browser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from coprod.locking import one_at_a_time
from coprod.store import Store, Workshop, notify

POLL_SECONDS = 1.0  # SQLite, or PostgreSQL while the listener is reconnecting
FALLBACK_SECONDS = 5.0  # PostgreSQL: look even when nothing was announced
GAP_SECONDS = 0.5  # PostgreSQL: a burst of writes becomes one redraw per half second
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
        self._wake: notify.Wake | None = None

    def begin(self) -> LiveFeed:
        """Listen, and note the workshop's version, before the page first reads the store: a
        write that lands while the page is being drawn then counts as a change at the first
        look. (Noted after drawing, such a write was missed until the next one.)"""
        if self._wake is None and self._seen is None:
            self._wake = notify.listen(self.store.db, self.workshop.id)  # listen before looking
            self._seen = self.store.version(self.workshop.id)
        return self

    def subscribe(self, draw: Callable[[], None]) -> Callable[[], None]:
        """Call ``draw`` at every change from now on (the page has drawn itself already)."""
        self._subscribers.append(draw)
        return draw

    @one_at_a_time
    def refresh(self) -> bool:
        """Call the subscribers if anything changed since the last look; True if it did."""
        version = self.store.version(self.workshop.id)
        if version == self._seen:
            return False
        failed = False
        for draw in list(self._subscribers):
            try:
                draw()
            except Exception:  # one broken view must not stop the others updating
                log.exception("a live view failed to redraw")
                failed = True
        # A view that failed (a widget closing under it, a busy database) is drawn again at the
        # next look rather than left stale until something else changes.
        self._seen = None if failed else version
        return True

    def start(self) -> LiveFeed:
        if self._thread is None:
            self.begin()
            self._thread = threading.Thread(target=self._poll, name="coprod-live", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._wake is not None:
            self._wake.set()

    def _poll(self) -> None:
        failures = 0
        try:
            while not self._wait():
                try:
                    self.refresh()
                    failures = 0
                except Exception:
                    # A locked or briefly unreachable database: say so once, keep trying.
                    failures += 1
                    if failures == 1:
                        log.exception("the live feed could not read the store; retrying")
        finally:
            if self._wake is not None:
                self._wake.close()

    def _wait(self) -> bool:
        """Wait until it is time to look again; True once the feed is stopped."""
        wake = self._wake
        if wake is None:
            return self._stop.wait(POLL_SECONDS)
        if self._stop.wait(GAP_SECONDS):
            return True
        wake.wait(FALLBACK_SECONDS if wake.listening else POLL_SECONDS - GAP_SECONDS)
        # Cleared before looking: a write announced from now on sets it again.
        wake.clear()
        return self._stop.is_set()
