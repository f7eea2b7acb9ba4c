"""coprod's own log in a served page's kernel: to the terminal that runs `coprod serve`, never
to the page.

A kernel's stderr (``sys.stderr``, and file descriptor 2 too, which ipykernel captures) goes
over the page's websocket to the browser: a logged traceback would hand a participant's
browser the server's paths and SQL. In served kernels coprod's loggers therefore write to
the kernel's original stderr, one line per problem (the exception's type and first line);
with `coprod serve --debug` the whole traceback.
"""

from __future__ import annotations

import logging
import os
import sys

DEBUG_ENV = "COPROD_DEBUG"


class OneLine(logging.Formatter):
    """The message and, for an exception, its type and first line: enough to act on in a room."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"[coprod {record.levelname}] {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__}: {(str(error).splitlines() or [''])[0][:300]})"
        return text


def _terminal():
    """A stream to the kernel's original stderr, which ipykernel does not forward to the page."""
    original = getattr(sys.stderr, "_original_stdstream_copy", None)  # ipykernel's copy of fd 2
    if isinstance(original, int):
        return os.fdopen(os.dup(original), "w", buffering=1, encoding="utf-8", errors="replace")
    return sys.__stderr__


def keep_logs_off_the_page() -> None:
    """Send the ``coprod`` loggers to the server's terminal only (once per kernel)."""
    logger = logging.getLogger("coprod")
    if any(getattr(h, "coprod_terminal", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(_terminal())
    handler.coprod_terminal = True
    debug = os.environ.get(DEBUG_ENV) == "1"
    handler.setFormatter(logging.Formatter("[coprod %(levelname)s] %(name)s: %(message)s") if debug else OneLine())
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False
