"""`coprod serve`: open a workshop in the store and serve the course with standalone Voilà.

Participants are served by standalone `voila` only: it lets a browser send a kernel
nothing but comm, kernel-info and shutdown messages, whereas the `/voila/render`
extension inside a Jupyter Server lets a page execute code.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import click

from coprod.content import ContentError, load
from coprod.session import CONTENT_ENV, SERVE_ENV
from coprod.store import Store, Workshop, database_url

PACKAGE = Path(__file__).resolve().parent
NOTEBOOKS = PACKAGE.parent / "notebooks"
TEMPLATE_ROOT = PACKAGE / "share"  # holds voila/templates/coprod
CULL_IDLE_SECONDS = 15 * 60
CULL_INTERVAL_SECONDS = 60


def open_workshop(store: Store, name_or_code: str | None) -> Workshop:
    if name_or_code:
        found = store.find_workshop(name_or_code)
        if found:
            return found
        return store.create_workshop(name_or_code)[0]
    return store.create_workshop(f"Workshop {date.today():%d %B %Y}")[0]


def voila_command(*, host: str, port: int, debug: bool) -> list[str]:
    command = [
        sys.executable, "-m", "voila", str(NOTEBOOKS),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",  # the printed links name this port: never move silently
        f"--Voila.ip={host}",
        "--template=coprod",
        "--theme=light",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--VoilaConfiguration.show_tracebacks={debug}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
    ]
    if debug:
        command.append("--debug")
    return command


def voila_environment(*, url: str, content_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    jupyter_path = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env.update({
        "JUPYTER_PATH": os.pathsep.join(jupyter_path),
        SERVE_ENV: "1",
        "COPROD_DATABASE_URL": url,
        CONTENT_ENV: str(content_dir.resolve()),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def room_address(host: str) -> str:
    """The address to print in links: the machine's address on the room's network when
    listening on every interface, else the address asked for."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if not address.startswith("127."):
                return address
    except OSError:
        pass
    return "localhost"


def port_in_use(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if port_in_use(port):
            return True
        time.sleep(0.2)
    return False


def run(*, host: str, port: int, database: str | None, workshop_name: str | None, content_dir: Path,
        debug: bool) -> None:
    try:
        load(content_dir)
    except ContentError as exc:
        click.echo(f"The course content in {content_dir} has problems:", err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)

    if port_in_use(port):
        click.echo(f"Port {port} is already in use: stop what runs there, or choose another with --port.", err=True)
        sys.exit(1)
    url = database_url(database)
    store = Store(url)
    store.migrate()
    workshop = open_workshop(store, workshop_name)
    facilitator_token = store.add_facilitator_key(workshop)
    store.dispose()

    process = subprocess.Popen(voila_command(host=host, port=port, debug=debug),
                               env=voila_environment(url=url, content_dir=content_dir),
                               # No stdin, else Voilà asks "Shutdown? (y/n)" on Ctrl+C; run it in the
                               # notebooks folder, as Voilà would execute a voila.py config file
                               # found in the folder it starts in.
                               stdin=subprocess.DEVNULL, cwd=NOTEBOOKS)
    try:
        if not wait_for_port(port, process):
            click.echo("Voilà did not start; see the messages above.", err=True)
            process.terminate()
            sys.exit(1)
        base = f"http://{room_address(host)}:{port}/voila/render"
        click.echo("")
        click.echo(f"Workshop: {workshop.name}")
        click.echo(f"Join code: {workshop.code}")
        click.echo(f"Participants join at: {base}/index.ipynb?code={workshop.code}")
        click.echo(f"Facilitator's link (keep it private): {base}/facilitator.ipynb?f={facilitator_token}")
        click.echo("Press Ctrl+C to stop.", err=True)
        sys.stdout.flush()
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(process.returncode if process.returncode and process.returncode > 0 else 0)
