"""`coprod serve`: open a workshop in the store and serve the course with standalone Voilà.

Participants are served by standalone `voila` only: it lets a browser send a kernel
nothing but comm, kernel-info and shutdown messages, whereas the `/voila/render`
extension inside a Jupyter Server lets a page execute code.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click

from coprod.content import ContentError, load
from coprod.logs import DEBUG_ENV
from coprod.session import CONTENT_ENV, PUBLIC_URL_ENV, SERVE_ENV
from coprod.store import Store, Workshop, database_url
from coprod.voila_process import NOTEBOOKS, WILDCARDS, port_in_use, run_voila

PACKAGE = Path(__file__).resolve().parent
TEMPLATE_ROOT = PACKAGE / "share"  # holds voila/templates/coprod
# A kernel with no page connected for this long is shut down (coprod/kernels.py: a phone asleep
# stops answering the websocket's pings and is seen as gone within about two minutes).
CULL_IDLE_SECONDS = 15 * 60
# Joining closes by itself for workshops left alone this long, so that old codes (on slides,
# photos, handouts) stop letting people in; a facilitator can reopen one from the console.
JOINING_LAPSES_AFTER = timedelta(hours=12)
CULL_INTERVAL_SECONDS = 60
# Kernels are capped (--max-pages): each is a Python process of ~70 MB, and Voilà has no cap.
KERNEL_MB = 100  # measured (bench/kernel_memory.py): ~70 MB RSS after every activity; a margin for big rooms
MOST_PAGES = 150  # past this, two cores are the limit, not memory
FEWEST_PAGES = 8
FACILITATOR_RESERVE = 2  # kernels beyond the cap kept for the facilitator's links (the console, the projector)
# Tests shorten the kernels' times (seconds) with these; a workshop never needs them.
CULL_IDLE_ENV = "COPROD_CULL_IDLE_SECONDS"
CULL_INTERVAL_ENV = "COPROD_CULL_INTERVAL_SECONDS"
EVICT_AFTER_SECONDS = 5 * 60
# One device's pages: a person with a phone and a laptop, a few tabs and reloads holds 2 to 4.
PAGES_PER_ADDRESS = 10
MOST_PREHEATED = 4  # kernels kept started for the next visitors; each holds ~70 MB while it waits


def default_max_pages() -> int:
    """As many pages as this machine's available memory holds, at ~100 MB each with a quarter
    kept back for Voilà and everything else, between 8 and 150."""
    try:
        import psutil

        available = psutil.virtual_memory().available
    except Exception:  # psutil comes with ipykernel; without it, be modest
        return FEWEST_PAGES * 4
    return max(FEWEST_PAGES, min(MOST_PAGES, int(available * 0.75 / (KERNEL_MB * 2**20))))


def default_preheat(max_pages: int) -> int:
    """Participant pages kept started and waiting: one per ten pages the room holds, 1 to 4.
    A page then opens without waiting for a kernel to start (seconds on a laptop)."""
    return max(1, min(MOST_PREHEATED, max_pages // 10))


def kernel_times() -> tuple[int, int, int]:
    """Seconds: idle before culling, between culls, and without a page before a full room evicts."""
    idle = int(os.environ.get(CULL_IDLE_ENV) or CULL_IDLE_SECONDS)
    interval = int(os.environ.get(CULL_INTERVAL_ENV) or CULL_INTERVAL_SECONDS)
    return idle, interval, min(idle, EVICT_AFTER_SECONDS)


def open_workshop(store: Store, name_or_code: str | None) -> Workshop:
    if name_or_code:
        found = store.find_workshop(name_or_code)
        if found:
            if found.archived or not found.open:  # reopening a past workshop takes joins again
                found = store.set_archived(found, False)
            return found
        return store.create_workshop(name_or_code)[0]
    return store.create_workshop(f"Workshop {date.today():%d %B %Y}")[0]


# What a room's browsers open: the participants' app, the facilitator's console and the presenter
# view on the projector. The
# activity and analysis notebooks are for JupyterLab and `coprod workbook`: served to a room,
# each would start a kernel (the analysis, 6 s of CPU) for anyone who asks.
ROOM_PAGES = ("index.ipynb", "facilitator.ipynb", "presenter.ipynb")
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_hosts(host: str, printed: str, public_url: str | None = None, extra: tuple[str, ...] = ()) -> list[str]:
    """The names a request may give as its Host: this machine's own names and addresses (every
    interface's when listening on all of them), the one in the printed links, the proxy's
    (``--public-url``) and any given with ``--allow-host``. Any other name is refused: a site
    whose name points at this machine (DNS rebinding) cannot read from it."""
    names = {*LOCAL_NAMES, printed, *extra}
    if host in WILDCARDS:
        names |= set(interface_addresses()) | {"0.0.0.0"}
        with contextlib.suppress(OSError):
            names |= {socket.gethostname(), socket.getfqdn()}
    else:
        names.add(host)
    if public_url:
        names.add(urlsplit(public_url).hostname or "")
    return sorted(n.lower() for n in names if n)


def interface_addresses() -> list[str]:
    try:
        import psutil

        return [a.address.split("%", 1)[0] for addresses in psutil.net_if_addrs().values() for a in addresses
                if a.family in (socket.AF_INET, socket.AF_INET6)]
    except Exception:  # psutil comes with ipykernel; without it, the printed address is allowed
        return []


def voila_command(*, host: str, port: int, debug: bool, max_pages: int | None = None, preheat: int | None = None,
                  notebooks: Path = NOTEBOOKS, preheated_page: str = "index.ipynb",
                  allowed_hosts: list[str] | None = None, pages: tuple[str, ...] | None = ROOM_PAGES,
                  trusted_proxy: bool = False, pages_per_address: int | None = None,
                  fork_kernels: bool = True) -> list[str]:
    """``notebooks``: another folder served with the same settings (the benchmarks' bare page);
    ``preheated_page``: the one notebook whose kernels are started ahead of visitors;
    ``allowed_hosts``: the names a request may give as its Host (None: any);
    ``pages``: the notebooks served as pages (None: every one in the folder);
    ``trusted_proxy``: take visitors' addresses from a proxy on this machine;
    ``pages_per_address``: the most pages one device holds (0: no cap);
    ``fork_kernels``: start kernels as forks of a warm parent (coprod.forked_kernels)."""
    idle, interval, evict_after = kernel_times()
    max_pages = max_pages or default_max_pages()
    preheat = default_preheat(max_pages) if preheat is None else preheat
    command = [
        sys.executable, "-m", "coprod.voila_main", str(notebooks),
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
        "--VoilaConfiguration.multi_kernel_manager_class=coprod.kernels.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={max_pages}",
        f"--CappedKernelManager.facilitator_reserve={FACILITATOR_RESERVE}",
        f"--CappedKernelManager.evict_after={evict_after}",
        f"--MappingKernelManager.cull_idle_timeout={idle}",
        f"--MappingKernelManager.cull_interval={interval}",
        # An open page on an awake device (it answers pings) keeps its kernel however quiet.
        "--MappingKernelManager.cull_connected=False",
        # Kernels listen on Unix sockets in Voilà's private runtime folder, not on TCP ports:
        # a TCP port is picked free, released, and only bound by the kernel a second later, so
        # with pages opening at once another connection could take it first ("Address already
        # in use", a kernel without a heartbeat or one that never starts). A socket file can
        # neither be taken meanwhile nor reached by another user of the machine.
        "--KernelManager.transport=ipc",
        f"--CoprodVoila.trusted_proxy={trusted_proxy}",
        f"--CoprodVoila.fork_kernels={fork_kernels}",
        f"--CappedKernelManager.pages_per_address="
        f"{PAGES_PER_ADDRESS if pages_per_address is None else pages_per_address}",
    ]
    command += [f"--CoprodVoila.allowed_hosts={name}" for name in sorted(set(allowed_hosts or ()))]
    command += [f"--CoprodVoila.served_pages={page}" for page in pages or ()]
    if preheat > 0:
        # Voilà runs the participant page's notebook in each kernel of the pool up to the point
        # where it needs the visitor's link (session.query_params waits for it), so a page
        # opens with coprod already imported, the content read and the database open.
        # Only that page: the console and the single-activity notebooks start as they are asked.
        command += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={preheat}",
            # Voilà matches these against each notebook's absolute path: all but that page.
            f"--VoilaKernelManager.preheat_denylist=['^(?!(.*/)?{re.escape(preheated_page)}$)']",
        ]
    if debug:
        command.append("--debug")
    return command


def voila_environment(*, url: str, content_dir: Path, public_url: str, debug: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    jupyter_path = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env.update({
        "JUPYTER_PATH": os.pathsep.join(jupyter_path),
        SERVE_ENV: "1",
        PUBLIC_URL_ENV: public_url,  # the console's join links and QR codes
        "COPROD_DATABASE_URL": url,
        CONTENT_ENV: str(content_dir.resolve()),
        "PYTHONUNBUFFERED": "1",
        DEBUG_ENV: "1" if debug else "",  # tracebacks in the terminal's log (coprod/logs.py)
    })
    return env


def room_address(host: str) -> str:
    """The address to print in links: the machine's address on the room's network when
    listening on every interface, else the address asked for."""
    if host not in WILDCARDS:
        return host
    try:
        # Connecting a UDP socket sends nothing: it only makes the kernel choose the
        # interface that routes outwards (192.0.2.1 is a documentation-only address).
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        if not address.startswith(("127.", "0.")):
            return address
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            if not info[4][0].startswith("127."):
                return info[4][0]
    except OSError:
        pass
    return "localhost"


def load_or_exit(content_dir: Path):
    """The course content, or its problems printed and exit 1 (before anything starts)."""
    try:
        return load(content_dir)
    except ContentError as exc:
        click.echo(f"The course content in {content_dir} has problems:", err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)


def exit_if_port_in_use(host: str, port: int) -> None:
    if port_in_use(host, port):
        click.echo(f"Port {port} is already in use: stop what runs there, or choose another with --port.", err=True)
        sys.exit(1)


def run(*, host: str, port: int, database: str | None, workshop_name: str | None, content_dir: Path,
        debug: bool, max_pages: int | None = None, preheat: int | None = None,
        public_url: str | None = None, allow_hosts: tuple[str, ...] = (), pages_per_address: int | None = None,
        log_file: str | None = None, fork_kernels: bool = True) -> None:
    """``public_url``: where people reach the server when a proxy stands in front of it (the
    printed links and the console's QR codes use it), e.g. https://coprod.example.ac.uk."""
    load_or_exit(content_dir)
    exit_if_port_in_use(host, port)
    url = database_url(database)
    store = Store(url)
    store.migrate()
    workshop = open_workshop(store, workshop_name)
    lapsed = store.close_idle(idle_for=JOINING_LAPSES_AFTER, keep=workshop)
    facilitator_token = store.add_facilitator_key(workshop)
    presenter_token = store.presenter_key(workshop, facilitator_token)
    store.dispose()

    printed = room_address(host)
    base = f"{public_url.rstrip('/') if public_url else f'http://{printed}:{port}'}/voila/render"

    def announce() -> None:
        click.echo("")
        click.echo(f"Workshop: {workshop.name}")
        click.echo(f"Join code: {workshop.code}")
        click.echo(f"Participants join at: {base}/index.ipynb?code={workshop.code}")
        click.echo(f"Facilitator's link (keep it private): {base}/facilitator.ipynb?f={facilitator_token}")
        click.echo(f"Presenter view, for the projector (it only shows): {base}/presenter.ipynb?v={presenter_token}")
        if lapsed:
            click.echo(f"Joining is now closed for {len(lapsed)} earlier workshop{'s' if len(lapsed) > 1 else ''} "
                       "left unused for 12 hours (reopen one from the console's Workshops section).")

    hosts = allowed_hosts(host, printed, public_url, allow_hosts)
    # Behind a proxy on this machine (--public-url), visitors' addresses come from its headers.
    trusted_proxy = bool(public_url) and host not in WILDCARDS
    run_voila(voila_command(host=host, port=port, debug=debug, max_pages=max_pages, preheat=preheat,
                            allowed_hosts=hosts, trusted_proxy=trusted_proxy, pages_per_address=pages_per_address,
                            fork_kernels=fork_kernels),
              voila_environment(url=url, content_dir=content_dir, public_url=base, debug=debug), host=host, port=port,
              announce=announce, log_file="-" if debug and log_file is None else log_file)
