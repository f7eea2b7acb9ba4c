"""Running a coroutine in a unit test while the browser tests' Playwright, in the same pytest
process, keeps an event loop running in the main thread."""

from __future__ import annotations

import asyncio
import threading


def on_a_loop_of_its_own(coroutine, timeout: float = 60):
    """Run ``coroutine`` on a new event loop in a thread of its own; give back its value, or raise
    what it raised (in the test's thread), or TimeoutError if it has not ended in ``timeout`` s."""
    outcome = {}

    def run():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if "error" in outcome:
        raise outcome["error"]
    if thread.is_alive():
        raise TimeoutError(f"the coroutine had not ended after {timeout} s")
    return outcome.get("value")
