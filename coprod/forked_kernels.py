"""Kernels forked from a warm parent (coprod.kernel_template) instead of started as new Pythons.

A jupyter_client kernel provisioner (registered as the entry point ``coprod-forked``, chosen by
`coprod serve`): it does what the local provisioner does (connection file, ports or socket
files, signals, waiting) except launching, which asks multiprocessing's fork server, whose
preloaded module is the warm parent, for a child running the kernel. A page's kernel is then
ready in a fraction of the time and shares the parent's memory.

Whatever goes wrong with forking (the fork server cannot start, a kernel command that is not
ipykernel's, a forked kernel that dies while starting) falls back to the usual start, with one
line in the server's log saying why; later kernels then start the usual way too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

log = logging.getLogger("coprod.kernels")

NAME = "coprod-forked"  # the entry point (pyproject.toml)
TEMPLATE = "coprod.kernel_template"
LAUNCHER = "ipykernel_launcher"
# A forked kernel that ends with an error this soon after its fork failed to start: forking is
# then turned off (a kernel ended by the server ends with a signal, or 0 once shut down).
STARTUP_SECONDS = 10
# How long the start-up check may take: the fork server imports everything a page needs first,
# a few seconds on a quiet machine.
CHECK_SECONDS = 120

_context = multiprocessing.get_context("forkserver")
# This module first: a child is told what to run by a reference to _in_child, unpickled there.
_context.set_forkserver_preload([__name__, TEMPLATE])
_lock = threading.Lock()  # multiprocessing's bookkeeping of children is not for several threads
_off_because: str | None = None


def prepare() -> None:
    """Start the fork server now, so that its imports are done before the first visitor, and
    check that what it imported left it fit to fork."""
    if _off_because is None:
        threading.Thread(target=_check_server, name="coprod-fork-server", daemon=True).start()


def _check_server() -> None:
    try:
        process = _context.Process(target=_in_child, args=("check",), name="coprod-fork-check", daemon=True)
        with _lock:
            process.start()
        process.join(CHECK_SECONDS)
    except Exception as exc:
        turn_off(f"the fork server did not start ({type(exc).__name__}: {exc})")
        return
    if process.exitcode is None:  # still running: an exit code would say nothing of what went wrong
        turn_off(f"the fork server's start-up check did not answer within {CHECK_SECONDS} s "
                 "(the machine may be very busy)")
    elif process.exitcode != 0:
        turn_off(f"the fork server's check ended with {process.exitcode} (the reason is above)")


def _in_child(task: str, *args) -> None:
    """What a child of the fork server runs: this module is light to import in Voilà, and
    coprod.kernel_template (which imports everything a page needs) is imported only there."""
    from coprod import kernel_template

    if task == "check":
        sys.exit(kernel_template.fit_to_fork())
    kernel_template.run_kernel(*args)


def turn_off(why: str) -> None:
    global _off_because
    if _off_because is None:
        _off_because = why
        log.warning("Kernels now start the usual way: %s.", why)


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments of ipykernel's launcher run by this Python (``python -m ipykernel_launcher
    -f FILE``), or None for any other kernel command, which is started the usual way."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", LAUNCHER] and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable):
        return cmd[3:]
    return None


class ForkedKernel:
    """A forked kernel as jupyter_client sees its process (the subset of Popen it uses)."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.process.BaseProcess):
        self._process = process
        self.pid = process.pid
        self._started = time.monotonic()

    def poll(self) -> int | None:
        code = self._process.exitcode
        if code is not None and code > 0 and time.monotonic() - self._started < STARTUP_SECONDS:
            turn_off(f"a forked kernel ended while starting (exit code {code}; its error is above)")
        return code

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        """As Popen does: nothing for a process that has ended (its pid may be someone else's)."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended this instant
                os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork_kernel(arguments: list[str], env: dict[str, str], cwd: str) -> ForkedKernel:
    process = _context.Process(target=_in_child, args=("kernel", arguments, env, cwd), name="coprod-kernel",
                               daemon=True)
    with _lock:
        process.start()
    return ForkedKernel(process)


class ForkingProvisioner(LocalProvisioner):
    """The local provisioner, launching by fork when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        arguments = kernel_arguments(cmd)
        if arguments is None:
            turn_off(f"the kernel command is not ipykernel's launcher for this Python ({cmd[:3]})")
        if _off_because is None:
            cwd = str(kwargs.get("cwd") or os.getcwd())
            # Plain strings: Voilà's names are its own str enum, which would be unpickled in the
            # child by importing Voilà (and jupyter_server with it), in every kernel.
            env = {str(name): str(value) for name, value in (kwargs.get("env") or os.environ).items()}
            try:
                process = await asyncio.to_thread(fork_kernel, arguments, env, cwd)
            except Exception as exc:
                turn_off(f"forking a kernel failed ({type(exc).__name__}: {exc})")
            else:
                # No process group of its own to signal until the child has made it (setsid):
                # signals go to the kernel's pid alone, never to the fork server's group.
                self.process, self.pid, self.pgid, self.cwd = process, process.pid, None, cwd
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)
