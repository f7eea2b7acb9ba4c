"""One lock per kernel: the page's live-feed thread and the kernel's own thread (a person's
clicks and typing) change the same widgets and the same session, so they take turns."""

from __future__ import annotations

import functools
import threading

page_lock = threading.RLock()


def one_at_a_time(function):
    """Run ``function`` holding the page lock (it is re-entrant: nested calls are fine)."""

    @functools.wraps(function)
    def locked(*args, **kwargs):
        with page_lock:
            return function(*args, **kwargs)

    return locked
