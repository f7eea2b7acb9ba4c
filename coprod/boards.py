"""Live pages: redraw what a page shows when the workshop changes.

One thread per page looks at the workshop's version (the newest answer and setting ids,
two cheap indexed queries) and calls every subscriber only when it changed. On SQLite it
looks once a second. On PostgreSQL it looks when a write to the workshop is announced
(LISTEN/NOTIFY, store/notify.py), at most twice a second however busy the room, and
every few seconds anyway, so that nothing is missed if a notification is.

Texts a group writes together are looked at four times a second instead (``subscribe_live``)
while the workshop is busy (something changed in the last BUSY_SECONDS): what the others type
should be on the page about two seconds after they typed it, and the once-a-second look was
half a second of that on average, a whole second at worst. Only those texts are redrawn
between the page's full redraws, so a busy room costs each page a cheap query and the texts'
own reads, not a redraw of everything it shows; a quiet room is looked at once a second.
Under Voilà 0.5 a trait set from a thread reaches the browser.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from coprod.locking import one_at_a_time
from coprod.store import Store, Workshop, notify

POLL_SECONDS = 1.0  # SQLite, or PostgreSQL while the listener is reconnecting
LIVE_SECONDS = 0.25  # texts being written together (subscribe_live): looked at this often
BUSY_SECONDS = 10.0  # while something changed this recently
FALLBACK_SECONDS = 5.0  # PostgreSQL: look even when nothing was announced
GAP_SECONDS = 0.5  # PostgreSQL: a burst of writes becomes one redraw per half second
log = logging.getLogger("coprod.boards")


class LiveFeed:
    """Calls each subscriber now and whenever the workshop's version changes."""

    def __init__(self, store: Store, workshop: Workshop):
        self.store = store
        self.workshop = workshop
        self._subscribers: list[Callable[[], None]] = []
        self._live: list[Callable[[], None]] = []
        self._seen = None
        self._seen_live = None  # the version the live subscribers last looked at
        self._full_at = 0.0  # when the subscribers were last given a look (time.monotonic)
        self._changed_at = 0.0  # when a look last found a change
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wake: notify.Wake | None = None

    def begin(self) -> LiveFeed:
        """Listen, and note the workshop's version, before the page first reads the store: a
        write that lands while the page is being drawn then counts as a change at the first
        look. (Noted after drawing, such a write was missed until the next one.)"""
        if self._wake is None and self._seen is None:
            self._wake = notify.listen(self.store.db, self.workshop.id)  # listen before looking
            self._seen = self._seen_live = self.store.version(self.workshop.id)
        return self

    def subscribe(self, draw: Callable[[], None]) -> Callable[[], None]:
        """Call ``draw`` at every change from now on (the page has drawn itself already)."""
        self._subscribers.append(draw)
        return draw

    def subscribe_live(self, draw: Callable[[], None]) -> Callable[[], None]:
        """Call ``draw`` at every change, between the full redraws too (LIVE_SECONDS): for the
        texts a group writes together. ``draw`` must be cheap; the full redraw calls it too."""
        self._live.append(draw)
        return draw

    @one_at_a_time
    def refresh(self) -> bool:
        """Call the subscribers if anything changed since the last look; True if it did."""
        version = self.store.version(self.workshop.id)
        self._seen_live = version
        if version == self._seen:
            return False
        self._changed_at = time.monotonic()
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

    @one_at_a_time
    def refresh_live(self) -> bool:
        """Call the live subscribers alone if anything changed since they last looked."""
        version = self.store.version(self.workshop.id)
        if version in (self._seen_live, self._seen):
            return False
        self._seen_live = version
        self._changed_at = time.monotonic()
        for draw in list(self._live):
            try:
                draw()
            except Exception:
                log.exception("a live text failed to redraw")
                self._seen_live = None
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
                    full_every = POLL_SECONDS if self._wake is None else GAP_SECONDS
                    if not self._live or time.monotonic() - self._full_at >= full_every:
                        self._full_at = time.monotonic()
                        self.refresh()
                    else:
                        self.refresh_live()
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
            busy = self._live and time.monotonic() - self._changed_at < BUSY_SECONDS
            return self._stop.wait(LIVE_SECONDS if busy else POLL_SECONDS)
        gap = LIVE_SECONDS if self._live else GAP_SECONDS
        if self._stop.wait(gap):
            return True
        timeout = FALLBACK_SECONDS if wake.listening else POLL_SECONDS - gap
        if self._seen_live != self._seen:  # a change the live look saw waits for the full redraw
            timeout = min(timeout, max(0.0, GAP_SECONDS - (time.monotonic() - self._full_at)))
        wake.wait(timeout)
        # Cleared before looking: a write announced from now on sets it again.
        wake.clear()
        return self._stop.is_set()
