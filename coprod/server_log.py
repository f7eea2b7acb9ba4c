"""The server's log (the terminal running `coprod serve`): no secrets, and no flood.

That terminal is often on the laptop whose screen is projected. A personal link or a
facilitator key in it would let anyone who reads it in, so the value of every secret query
parameter is replaced by ``…`` in every line. And one device must not be able to fill it: a
line repeated (the same message with other numbers) is shown a few times in a window and
then counted, the count said when the line comes again after the window.
"""

from __future__ import annotations

import logging
import re
import time

from coprod import guards

log = logging.getLogger("coprod.server")
access = logging.getLogger("tornado.access")

SHOWN_PER_WINDOW = 3
WINDOW_SECONDS = 10.0
MOST_KINDS = 1000  # kinds of line remembered at once
NUMBERS = re.compile(r"[0-9a-f]{6,}|\d+")  # ids, addresses, counts: the same line with other numbers


class Tidy(logging.Filter):
    """Redacts secrets in a record and holds back its repeats (see the module's docstring)."""

    def __init__(self, *, clock=time.monotonic):
        super().__init__("")
        self.clock = clock
        self.seen: dict[str, list] = {}  # kind -> [window start, shown, held back]

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "coprod_tidied", False):
            return True  # already looked at by another handler's filter
        record.coprod_tidied = True
        text = record.getMessage()
        clean = guards.redacted(text)
        if clean != text:
            record.msg, record.args = clean, ()
        kind = f"{record.name}:{record.levelno}:{NUMBERS.sub('#', clean)[:200]}"
        now = self.clock()
        entry = self.seen.get(kind)
        if entry is None or now - entry[0] > WINDOW_SECONDS:
            held = entry[2] if entry else 0
            if len(self.seen) >= MOST_KINDS:
                self.seen.clear()
            self.seen[kind] = [now, 1, 0]
            if held:
                record.msg, record.args = f"{record.getMessage()} ({held} more like this were not shown)", ()
            return True
        if entry[1] < SHOWN_PER_WINDOW:
            entry[1] += 1
            return True
        entry[2] += 1
        return False


# Every logger whose lines a device can cause: requests, errors in handlers, the event loop's
# own, Voilà's and coprod's. A logger's filter sees each record logged at it, whatever handler
# (Voilà's, tornado's or the root's, set up in any order) writes it out.
LOGGERS = ("tornado.access", "tornado.application", "tornado.general", "tornado.websocket", "asyncio",
           "coprod", "coprod.server", "Voila", "CoprodVoila", "ServerApp")


def install(*names: str) -> Tidy:
    """Put one filter on the server's loggers (once each)."""
    tidy = Tidy()
    for name in (*LOGGERS, *names):
        logger = logging.getLogger(name)
        if not any(isinstance(f, Tidy) for f in logger.filters):
            logger.addFilter(tidy)
    return tidy


def log_request(handler) -> None:
    """Tornado's request line, with the path's secrets replaced (its own puts the whole URI)."""
    status = handler.get_status()
    if status < 400:
        level = logging.DEBUG if status < 300 or status == 304 else logging.INFO
    elif status < 500:
        level = logging.WARNING
    else:
        level = logging.ERROR
    request = handler.request
    reason = getattr(handler, "coprod_refused", None)
    if reason:  # a request coprod refused: one line, with why
        access.warning("%d %s %s (%s): refused, %s", status, request.method, guards.redacted(request.uri or ""),
                       request.remote_ip, reason)
        return
    access.log(level, "%d %s %s (%s) %.1f ms", status, request.method, guards.redacted(request.uri or ""),
               request.remote_ip, 1000 * request.request_time())


def refused(kind: str, reason: str) -> None:
    """One line for a request, a connection or a message the server refused."""
    log.warning("Refused a %s: %s.", kind, reason)
