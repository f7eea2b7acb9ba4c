"""The `coprod` command. Commands are thin: the work is in the package."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from coprod.content import DEFAULT_CONTENT_DIR, collect
from coprod.sheets import SLUGS as SHEET_SLUGS

# The course content folder: the one that ships, or a copy of your own (`coprod init`).
content_option = click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False),
                              default=DEFAULT_CONTENT_DIR, envvar="COPROD_CONTENT", show_envvar=True,
                              help="The course content folder (or a folder made by coprod init) "
                                   "[default: the course as it ships].")


@click.group(invoke_without_command=True)
@click.version_option(package_name="coprod", message="coprod %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """An interactive course on co-production. Bare `coprod` runs `coprod serve`."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@cli.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False),
                default=Path("coprod-course"))
def init(folder: Path) -> None:
    """Copy the course content and the activity notebooks into FOLDER [default: ./coprod-course], to edit."""
    from coprod.init_folder import init_folder

    try:
        made = init_folder(folder)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Made {made}: the course content in {made / 'content'}, the notebooks in {made / 'notebooks'}.")
    click.echo(f"Check it with `coprod check {made}`; serve it with `coprod serve --content {made}`.")


@cli.command()
@click.argument("content_dir", required=False, type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR,
                envvar="COPROD_CONTENT")
def check(content_dir: Path) -> None:
    """Validate a content folder (course.yaml, activities/*.yaml and the extensions course.yaml enables)."""
    import coprod.tasks.registry  # noqa: F401  (fails, naming it, if a task type lacks a part)

    content, problems = collect(content_dir)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {content_dir}", err=True)
        sys.exit(1)
    enabled = f" (extensions enabled: {', '.join(content.extensions)})" if content.extensions else ""
    followup = (f" The follow-up questionnaire ({content.course.followup}) is valid too."
                if content.followup is not None else "")
    click.echo(f"{content_dir}: {len(content.activities)} activities, all valid{enabled}.{followup}")


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True,
              help="Address to listen on; the default lets phones on the room's network join.")
@click.option("--port", default=8866, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--database", default=None,
              help="SQLAlchemy URL or SQLite file path [env: COPROD_DATABASE_URL; default: ./coprod.sqlite3].")
@click.option("--workshop", "workshop_name", default=None,
              help="Reopen the workshop with this name or join code, or create one with this name.")
@content_option
@click.option("--max-pages", type=click.IntRange(1, 10_000), default=None,
              help="The most pages open at once (each is a kernel of ~70 MB, 100 counted) "
                   "[default: what memory allows, 8 to 150].")
@click.option("--preheat", type=click.IntRange(0, 50), default=None,
              help="Participant pages kept started ahead of visitors, so that a page opens at once; 0: none "
                   "[default: one per ten of --max-pages, 1 to 4].")
@click.option("--public-url", default=None, callback=lambda _c, _p, v: _web_address(v),
              help="The address people use when a proxy stands in front (https://...), for the printed links "
                   "and QR codes [default: this machine's address and --port].")
@click.option("--pages-per-address", type=click.IntRange(0, 10_000), default=None,
              help="The most pages one device (network address) holds at once; 0: no cap, for a room whose "
                   "devices all reach the server through one address (NAT) [default: 10].")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another name people reach this server by (a room's .local name, a proxy's), given again for "
                   "more; requests naming any other host are refused [default: this machine's names and "
                   "addresses, and --public-url's].")
@click.option("--log-file", default=None, metavar="PATH",
              help="Where the server's own log goes (Voilà's messages, pages opened and refused); - for this "
                   "terminal [default: ~/.local/state/coprod/serve-PORT.log, or the terminal with --debug].")
@click.option("--fork/--no-fork", "fork_kernels", default=True, show_default=True,
              help="Start each page's kernel as a fork of one that has coprod loaded already (pages ready in a "
                   "fraction of the time, sharing memory); --no-fork starts a new Python for each.")
@click.option("--debug", is_flag=True, help="Show tracebacks in the page (never in a real workshop).")
def serve(host: str, port: int, database: str | None, workshop_name: str | None, content_dir: Path,
          max_pages: int | None, preheat: int | None, public_url: str | None, pages_per_address: int | None,
          allow_hosts: tuple[str, ...], log_file: str | None, fork_kernels: bool, debug: bool) -> None:
    """Start a workshop: print the join link and the facilitator link, and serve the course."""
    from coprod.serve import run

    run(host=host, port=port, database=database, workshop_name=workshop_name, content_dir=content_dir, debug=debug,
        max_pages=max_pages, preheat=preheat, public_url=public_url, allow_hosts=allow_hosts,
        pages_per_address=pages_per_address, log_file=log_file, fork_kernels=fork_kernels)


def _web_address(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise click.BadParameter(f"{value!r} is not a web address such as https://coprod.example.ac.uk")
    return value


@cli.group()
def export() -> None:
    """Take a workshop's data home: answer tables (CSV or XLSX) and the follow-up list."""


def export_source(command):
    """The options every `coprod export` command shares: where the data is, and which workshop."""
    options = [
        click.option("--database", default=None,
                     help="SQLAlchemy URL or SQLite file path [env: COPROD_DATABASE_URL; default: ./coprod.sqlite3]."),
        click.option("--workshop", "workshop_name", default=None,
                     help="The workshop's name or join code [default: the newest workshop]."),
        click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=DEFAULT_CONTENT_DIR, envvar="COPROD_CONTENT", help="The course content folder."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@export.command("answers")
@export_source
@click.option("--format", "file_format", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="One workbook (sheets answers and history), or answers.csv and history.csv.")
@click.option("--anonymised", is_flag=True, help="No names or email addresses: people become P01, P02, ...")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="File to write (for csv: a folder, or a path ending in .zip) [default: named after the workshop].")
def export_answers(database: str | None, workshop_name: str | None, content_dir: Path, file_format: str,
                   anonymised: bool, output: Path | None) -> None:
    """Export the current answers and their whole history."""
    from coprod.exports.commands import open_source, write_answers

    with open_source(database, workshop_name, content_dir) as source:
        click.echo(write_answers(source, file_format=file_format, anonymised=anonymised, output=output))


@export.command("followup")
@export_source
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="CSV file to write [default: named after the workshop].")
def export_followup(database: str | None, workshop_name: str | None, content_dir: Path, output: Path | None) -> None:
    """Export Activity 12's follow-up list: names, emails given with consent, commitments."""
    from coprod.exports.commands import open_source, write_followup

    with open_source(database, workshop_name, content_dir) as source:
        click.echo(write_followup(source, output=output))


@cli.command()
@export_source
@click.option("--url", required=True, callback=lambda _c, _p, v: _web_address(v),
              help="Where people will open the links: the server's address, as given to coprod serve's "
                   "--public-url (e.g. https://coprod.example.ac.uk), or http://ADDRESS:8866.")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="CSV file to write [default: named after the workshop].")
def followup(database: str | None, workshop_name: str | None, content_dir: Path, url: str,
             output: Path | None) -> None:
    """Write the follow-up mail merge: name, email, personal follow-up link and commitment of each
    person who agreed in Activity 12 to be contacted. coprod sends no email: your mail system does."""
    from coprod.exports.commands import open_source, write_mail_merge

    with open_source(database, workshop_name, content_dir) as source:
        click.echo(write_mail_merge(source, url=url, output=output))


@export.command("person")
@export_source
@click.option("--person", "who", required=True, help="The person's name as they chose it, or their number.")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="XLSX file to write [default: named after the person].")
def export_person(database: str | None, workshop_name: str | None, content_dir: Path, who: str,
                  output: Path | None) -> None:
    """Export one person's data (a data-access request): all they wrote, and their follow-up address."""
    from coprod.exports.commands import find_person, open_source, write_person

    with open_source(database, workshop_name, content_dir) as source:
        click.echo(write_person(source, find_person(source.store, source.workshop, who), output=output))


@export.command("report")
@export_source
@click.option("--format", "file_format", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="An A4 PDF, or the same document as printable HTML.")
@click.option("--for", "audience", type=click.Choice(["facilitator", "room"]), default="facilitator",
              show_default=True,
              help="facilitator: the full report, private answers marked; room: to share, without private "
                   "answers or names beside anyone's own answers.")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="File (or folder) to write [default: named after the workshop].")
def export_report(database: str | None, workshop_name: str | None, content_dir: Path, file_format: str,
                  audience: str, output: Path | None) -> None:
    """Write the workshop report: the groups, every activity's outputs and the evaluation."""
    from coprod.exports.commands import open_source
    from coprod.report import write_report

    with open_source(database, workshop_name, content_dir) as source:
        try:
            path = write_report(source.store, source.content, source.workshop, file_format=file_format,
                                output=output, audience=audience)
        except OSError as exc:
            raise click.ClickException(f"Could not write the report: {exc.strerror or exc}") from None
        said = ("It is for sharing with the room: no private answers, and no names beside anyone's own answers."
                if audience == "room" else "It names participants by the names they chose and holds their private "
                "answers, marked: share the report made with --for room instead.")
        click.echo(f"Wrote {path}: the report of {source.workshop.name} ({source.workshop.code}). {said}")


@cli.command()
@export_source
@click.option("--person", "who", default=None,
              help="Forget only this person (their name as they chose it, or their number).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget(database: str | None, workshop_name: str | None, content_dir: Path, who: str | None, yes: bool) -> None:
    """Delete a person and everything they wrote, or a whole workshop, from the database."""
    from coprod.exports.commands import find_person, open_source

    if workshop_name is None:
        raise click.ClickException("Say which workshop with --workshop (its name or join code).")
    with open_source(database, workshop_name, content_dir) as source:
        workshop = source.workshop
        person = find_person(source.store, workshop, who) if who else None
        what = (f"{person.display_name} (number {person.id}) and everything they wrote in {workshop.name}"
                if person else f"the workshop {workshop.name} ({workshop.code}) and everything in it")
        if not yes and not click.confirm(f"Delete {what}? This cannot be undone.", default=False):
            raise click.ClickException("Nothing was deleted.")
        if person:
            count = source.store.forget_participant(person)
            click.echo(f"Deleted {person.display_name}: {count} answer{'' if count == 1 else 's'}, "
                 "their name and any follow-up address.")
        else:
            source.store.forget_workshop(workshop)
            click.echo(f"Deleted the workshop {workshop.name} and everything in it.")


@cli.command()
@content_option
@click.option("--output", "output_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("sheets"),
              show_default=True, help="Folder to write the sheets to.")
@click.option("--sheet", "slugs", multiple=True, metavar="SLUG",
              help="Only this sheet (give it again for more): " + ", ".join(SHEET_SLUGS) + ". Default: all.")
@click.option("--html", "with_html", is_flag=True, help="Also write each sheet as printable HTML.")
def sheets(content_dir: Path, output_dir: Path, slugs: tuple[str, ...], with_html: bool) -> None:
    """Write printable activity sheets (A4 PDF) for rooms without devices and work on paper."""
    from coprod.sheets import SheetUnavailable, write_sheets

    content, problems = collect(content_dir)
    if problems:
        raise click.ClickException("\n".join(str(p) for p in problems))
    try:
        written = write_sheets(content, output_dir, slugs, html=with_html)
    except SheetUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(str(path))


@cli.command()
@click.option("--port", default=8867, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--database", default=None,
              help="The workbook's SQLite file [default: ~/.local/share/coprod/workbook.sqlite3].")
@content_option
@click.option("--export", "file_format", type=click.Choice(["pdf", "html"]), default=None,
              help="Instead of serving: write the workbook's answers as a printable document.")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="With --export: the file to write [default: ./my-co-production-workbook.<format>].")
@click.option("--log-file", default=None, metavar="PATH",
              help="Where the server's own log goes; - for this terminal [default: "
                   "~/.local/state/coprod/serve-PORT.log].")
def workbook(port: int, database: str | None, content_dir: Path, file_format: str | None,
             output: Path | None, log_file: str | None) -> None:
    """Do the course on your own, on this machine only; or print what you wrote (--export)."""
    from coprod import workbook as book

    if file_format:
        path = book.export(database=database, content_dir=content_dir, file_format=file_format, output=output)
        click.echo(f"Wrote {path}")
    else:
        book.run(port=port, database=database, content_dir=content_dir, log_file=log_file)


@cli.command()
@click.option("--database", default=None,
              help="SQLAlchemy URL or SQLite file path [env: COPROD_DATABASE_URL; default: ./coprod.sqlite3].")
@content_option
@click.option("--seed", default=1, show_default=True, type=int, help="The same seed gives the same answers.")
@click.option("--groups", default=3, show_default=True, type=click.IntRange(1, 20), help="How many groups.")
@click.option("--people", "people_per_group", default=5, show_default=True, type=click.IntRange(1, 12),
              help="How many people in each group.")
def demo(database: str | None, content_dir: Path, seed: int, groups: int, people_per_group: int) -> None:
    """Make a demo workshop full of synthetic answers, to rehearse with or to try the analysis on."""
    import coprod.tasks.registry  # noqa: F401  (fails, naming it, if a task type lacks a part)
    from coprod.demo import make_demo
    from coprod.store import Store

    content, problems = collect(content_dir)
    if problems:
        raise click.ClickException(f"The course content in {content_dir} has problems: `coprod check "
                                   f"{content_dir}` lists them.")
    store = Store(database)
    try:
        store.migrate()
        click.echo(f"Making a demo workshop: {groups} group{'s' if groups != 1 else ''} of {people_per_group}, "
                   "every activity done by invented people (this takes a moment)...")
        workshop = make_demo(store, content, seed=seed, groups=groups, people_per_group=people_per_group)
    finally:
        store.dispose()
    click.echo(f"Workshop: {workshop.name}\nJoin code: {workshop.code}\n"
               "Every answer in it is synthetic (its settings say synthetic: true).\n"
               f"To open its facilitator's console and boards: coprod serve --workshop {workshop.code}"
               + (f" --database {database}" if database else "") + "\n"
               "  (it prints the facilitator's link: .../voila/render/facilitator.ipynb?f=...)\n"
               "To analyse it: coprod.analysis (see analysis.ipynb, copied by coprod init); to export it: "
               f"coprod export answers --workshop {workshop.code}" + (f" --database {database}" if database else ""))


def main() -> None:
    cli()
