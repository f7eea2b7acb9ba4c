"""The `coprod` command. Commands are thin: the work is in the package."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coprod.content import DEFAULT_CONTENT_DIR, collect


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """An interactive course on co-production. Bare `coprod` runs `coprod serve`."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@cli.command()
@click.argument("content_dir", required=False, type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR)
def check(content_dir: Path) -> None:
    """Validate a content folder (course.yaml and activities/*.yaml)."""
    content, problems = collect(content_dir)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {content_dir}", err=True)
        sys.exit(1)
    click.echo(f"{content_dir}: {len(content.activities)} activities, all valid.")


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True,
              help="Address to listen on; the default lets phones on the room's network join.")
@click.option("--port", default=8866, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--database", default=None,
              help="SQLAlchemy URL or SQLite file path [env: COPROD_DATABASE_URL; default: ./coprod.sqlite3].")
@click.option("--workshop", "workshop_name", default=None,
              help="Reopen the workshop with this name or join code, or create one with this name.")
@click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CONTENT_DIR,
              help="The course content folder.")
@click.option("--debug", is_flag=True, help="Show tracebacks in the page (never in a real workshop).")
def serve(host: str, port: int, database: str | None, workshop_name: str | None, content_dir: Path,
          debug: bool) -> None:
    """Start a workshop: print the join link and the facilitator link, and serve the course."""
    from coprod.serve import run

    run(host=host, port=port, database=database, workshop_name=workshop_name, content_dir=content_dir, debug=debug)


def main() -> None:
    cli()
