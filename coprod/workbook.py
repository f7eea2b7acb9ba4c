"""`coprod workbook`: the course for one person on their own machine.

No join code and no groups: the one person is in a group of their own, so the group parts
are theirs to do alone. Everything is saved in a local SQLite file. Voilà listens on this
machine only (127.0.0.1): nobody else on the network can open the pages, which need no
personal link.
"""

from __future__ import annotations

from pathlib import Path

import click

from coprod.content import load
from coprod.serve import LOCAL_NAMES, exit_if_port_in_use, load_or_exit, run_voila, voila_command, voila_environment
from coprod.session import SERVE_ENV, WORKBOOK_ENV, workbook_path, workbook_session
from coprod.store import Store, database_url

LOCAL = "127.0.0.1"


def workbook_url(database: str | None) -> str:
    return database_url(database or str(workbook_path()))


def run(*, port: int, database: str | None, content_dir: Path, log_file: str | None = None) -> None:
    content = load_or_exit(content_dir)
    exit_if_port_in_use(LOCAL, port)
    url = workbook_url(database)
    store = Store(url)
    store.migrate()
    workbook_session(store, content)  # made now, so that two first pages never make two people
    store.dispose()
    base = f"http://{LOCAL}:{port}/voila/render"
    env = voila_environment(url=url, content_dir=content_dir, public_url=base)
    env.pop(SERVE_ENV, None)
    env[WORKBOOK_ENV] = "1"

    def announce() -> None:
        click.echo("")
        click.echo(f"Your workbook: {base}/index.ipynb")
        click.echo(f"Your answers are saved in {url.removeprefix('sqlite:///')}")

    # One person: one page kept started is enough (the default keeps up to four for a room).
    # Only this machine's names: a web page its owner visits cannot reach the workbook through
    # a name of its own pointed at 127.0.0.1 (DNS rebinding). Every notebook is served: the
    # activities and the analysis are the workbook's too.
    run_voila(voila_command(host=LOCAL, port=port, debug=False, preheat=1, allowed_hosts=list(LOCAL_NAMES),
                            pages=None), env, host=LOCAL, port=port, announce=announce, log_file=log_file)


def export(*, database: str | None, content_dir: Path, file_format: str, output: Path | None) -> Path:
    """Write the workbook's answers as a printable PDF or HTML document; return where. The same
    document as the workbook's own download: its one person's work only."""
    from coprod.report import personal_html, personal_pdf

    content = load(content_dir)
    url = workbook_url(database)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise click.ClickException(f"There is no workbook at {url.removeprefix('sqlite:///')} yet.")
    store = Store(url)
    try:
        store.migrate()
        session = workbook_session(store, content)
        path = output or Path(f"my-co-production-workbook.{file_format}")
        if path.is_dir():
            path = path / f"my-co-production-workbook.{file_format}"
        args = (store, content, session.workshop, session.participant)
        if file_format == "pdf":
            path.write_bytes(personal_pdf(*args))
        else:
            path.write_text(personal_html(*args), encoding="utf-8")
    finally:
        store.dispose()
    return path
