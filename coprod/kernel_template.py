"""The warm parent of `coprod serve`'s kernels: everything a page needs, imported once.

Starting a kernel the usual way starts Python and imports ipykernel, IPython, ipywidgets,
anywidget and coprod: about a second of CPU for every page, 25 s for a room of 40 scanning
the QR code at once. This module is imported by a fork server (multiprocessing's, started by
coprod.forked_kernels in Voilà's process) before it forks anything; each page's kernel is a
fork of it (``run_kernel``), sharing those modules' memory copy-on-write.

What must not exist here before a fork (ipykernel#1261, jupyter_client#1031): a zmq context,
a thread or an event loop; a child would inherit them half-alive. Nothing here starts one,
and ``checked`` says so in the server's log if an import ever does. The store is not opened
either: a SQLite connection must not cross a fork, and opening one is quick.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading

from coprod import upstream

log = logging.getLogger("coprod.kernels")


def _warm() -> None:
    # debugpy checks, when imported, that it can set breakpoints, and says on stderr that it may not
    # (Python's frozen modules): once in the server's log for nothing, pages have no debugger.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # What a kernel imports as it starts: ipykernel's debugger (debugpy, about 150 modules), the
    # command history's database, pdb; imported here, not again in every page's kernel.
    import faulthandler  # noqa: F401
    import pdb  # noqa: F401
    import sqlite3  # noqa: F401

    import anywidget  # noqa: F401
    import ipykernel.debugger
    import ipykernel.ipkernel
    import ipykernel.kernelapp
    import ipykernel.zmqshell  # noqa: F401
    import IPython.extensions  # noqa: F401
    import ipywidgets  # noqa: F401
    import tornado.platform.asyncio  # noqa: F401

    import coprod.app  # the participants' page: activities, widgets, store
    import coprod.console  # the facilitator's
    import coprod.presenter  # noqa: F401  (the projector's)
    from coprod.session import course_content
    from coprod.tasks.parts import parts

    for part in ("builder", "collation", "brief"):  # a page looks them up as it draws
        parts(part)
    try:
        course_content()  # cached: every kernel finds the course read and checked
    except Exception as exc:  # the page itself will say what is wrong with the content
        log.warning("The kernels' warm parent could not read the course: %s", exc)
    # Importing coprod.app under a server sent coprod's log to this process's stderr; a kernel
    # does that again once ipykernel has taken over its streams (run_kernel).
    logging.getLogger("coprod").handlers.clear()


def _name_this_process(title: str) -> None:
    """What `ps` (and anyone looking after the server) shows for this process: a fork keeps
    the fork server's command line, which says nothing of a kernel."""
    import setproctitle

    setproctitle.setproctitle(title)


def checked() -> list[str]:
    """What would make forking unsafe, found in this process (empty: safe)."""
    problems = []
    if threading.active_count() > 1:
        problems.append(f"{threading.active_count() - 1} thread(s) running: "
                        + ", ".join(t.name for t in threading.enumerate() if t is not threading.main_thread()))
    zmq = sys.modules.get("zmq")
    if zmq is not None and upstream.zmq_context_exists(zmq):
        problems.append("a zmq context exists")
    return problems


PARENT_TITLE = "coprod: the kernels' warm parent (multiprocessing fork server)"
KERNEL_TITLE = "coprod: forked kernel, python -m ipykernel_launcher {}"

_warm()
_name_this_process(PARENT_TITLE)
PROBLEMS = checked()  # in this parent, before any fork (a child has only the thread that forked it)
gc.collect()
# Objects made so far are never collected in the kernels: the garbage collector then leaves
# their memory pages untouched, and they stay shared with this parent instead of being copied.
gc.freeze()


def fit_to_fork() -> int:
    """Run in a child at the server's start: 0 if this parent was fit to fork, else says why."""
    for problem in PROBLEMS:
        log.warning("The kernels' warm parent is not fit to fork: %s.", problem)
    return 3 if PROBLEMS else 0


def run_kernel(arguments: list[str], env: dict[str, str], cwd: str) -> None:
    """A page's kernel, in a child forked from this parent: what ``python -m ipykernel_launcher
    ARGUMENTS`` would do in ``cwd`` with ``env``."""
    # Its own process group and session, as jupyter_client starts kernels: a signal for the
    # kernel never reaches the parent or the other pages' kernels.
    os.setsid()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[0] = cwd  # what `python -m` puts first
    sys.argv = ["ipykernel_launcher", *arguments]
    _name_this_process(KERNEL_TITLE.format(" ".join(arguments)))
    _leave_the_fork_server()

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    # Exit when the warm parent does (it exits when the server goes): ipykernel's default for
    # this was read from the parent's environment when the module was imported, before a fork.
    app.parent_handle = os.getppid()
    app.initialize(arguments)
    _join_the_kernel()
    app.start()


def _leave_the_fork_server() -> None:
    """Close this child's copy of the fork server's "server alive" pipe: the fork server exits
    when Voilà has gone only once nobody holds it, and its kernels (whose parent it is) follow."""
    try:
        alive = upstream.fork_server_alive_fd()
        if alive is not None:
            os.close(alive)
            upstream.forget_fork_server_alive_fd()
    except (AttributeError, OSError) as exc:  # the fork server's insides changed: kernels still run
        log.warning("A forked kernel could not leave the fork server's pipe: %s", exc)


def _join_the_kernel() -> None:
    """What importing ipywidgets and coprod.app does when a kernel is already running, done now
    that there is one: widgets' comm targets registered, coprod's log kept off the page."""
    import ipywidgets

    from coprod.logs import keep_logs_off_the_page
    from coprod.session import served

    ipywidgets.register_comm_target()
    if served():
        keep_logs_off_the_page()

