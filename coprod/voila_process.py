"""The Voilà process that `coprod serve` and `coprod workbook` run: started, waited for, its
lines sent to the server's log, and stopped with coprod (however coprod is stopped)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import click

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"  # package data: the pages and the activity notebooks
WILDCARDS = ("0.0.0.0", "::", "")


def port_in_use(host: str, port: int) -> bool:
    probe = "127.0.0.1" if host in WILDCARDS else host
    try:
        with socket.create_connection((probe, port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(host: str, port: int, process: subprocess.Popen, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if port_in_use(host, port):
            return True
        time.sleep(0.2)
    return False


def _stop_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM if coprod serve dies (even by SIGKILL), so
    that Voilà never outlives it and keeps the port and its kernels."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:  # not Linux: Ctrl+C and SIGTERM still stop Voilà through run()
        pass


class Stopped(Exception):
    """Raised in the main thread when coprod serve is asked to stop (Ctrl+C, SIGTERM, SIGHUP)."""


def _raise_stopped(signum, _frame):
    raise Stopped(signum)


def server_log_path(port: int) -> Path:
    """Where the server's own log goes by default: the user's state folder, one file per port."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "coprod" / f"serve-{port}.log"


LOG_BYTES = 5 * 2**20  # per file, three files kept: a flood cannot fill the disk


def log_sink(log_file: str | None, port: int):
    """Where Voilà's lines go: the terminal with ``-``, else a rotating file (``None``: the
    default path). Returns the writer and the path to tell people, if any."""
    if log_file == "-":
        def to_terminal(line: str) -> None:
            sys.stdout.write(line)
            sys.stdout.flush()

        return to_terminal, None
    import logging.handlers

    path = Path(log_file) if log_file else server_log_path(port)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))

    def to_file(line: str) -> None:
        handler.emit(logging.makeLogRecord({"msg": line.rstrip("\n"), "args": ()}))

    return to_file, path


def run_voila(command: list[str], env: dict[str, str], *, host: str, port: int, announce,
              log_file: str | None = "-", cwd: Path = NOTEBOOKS) -> None:
    """Run Voilà until Ctrl+C, SIGTERM or SIGHUP; ``announce()`` once it listens. Voilà's own
    lines (its banner, notebooks' trust warnings, kernels started) go to ``log_file`` (see
    log_sink): what the terminal shows is coprod's."""
    # However serve is stopped, Voilà and its kernels must stop with it, not hold the port.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stopped)
    write, path = log_sink(log_file, port)
    process = subprocess.Popen(command, env=env,
                               # No stdin, else Voilà asks "Shutdown? (y/n)" on Ctrl+C; run it in the
                               # notebooks folder, as Voilà would execute a voila.py config file
                               # found in the folder it starts in.
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", cwd=cwd, preexec_fn=_stop_with_parent)
    copying = threading.Thread(target=_copy_lines, args=(process.stdout, write), daemon=True)
    copying.start()
    asked_to_stop = False
    try:
        if not wait_for_port(host, port, process):
            copying.join(5)
            click.echo("Voilà did not start" + (f"; see {path}" if path else "; see the messages above") + ".",
                       err=True)
            sys.exit(1)
        announce()
        if path:
            click.echo(f"Server log: {path}")
        click.echo("Press Ctrl+C to stop.", err=True)
        sys.stdout.flush()
        process.wait()
    except (KeyboardInterrupt, Stopped):
        asked_to_stop = True
    finally:
        stop_voila(process)
        copying.join(5)
    if not asked_to_stop:
        click.echo(f"Voilà stopped unexpectedly (exit status {process.returncode})"
                   + (f"; see {path}" if path else "") + ".", err=True)
        sys.exit(1)


def _copy_lines(stream, write) -> None:
    for line in stream:
        write(line)


def stop_voila(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # Voilà shuts its kernels down on SIGTERM
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
