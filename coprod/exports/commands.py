"""What the `coprod export` commands do, so that cli.py stays a thin layer of options.

Every failure a person can cause (no such database, no such workshop, a folder that
cannot be written) is an ExportError: click prints it as one line and exits with 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import click
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from coprod.content import ContentError, CourseContent, load
from coprod.exports.files import README, answer_tables, frame_csv, frames_xlsx, zip_bytes
from coprod.exports.followup import followup_frame, mail_merge_frame, participant_contacts_frame
from coprod.exports.frames import participant_frame
from coprod.store import Participant, Store, Workshop, database_url
from coprod.store.database import describe, sqlite_path


class ExportError(click.ClickException):
    """A problem to tell in one line, without a traceback."""


@dataclass
class Source:
    """The store, content and workshop an export command reads."""

    store: Store
    content: CourseContent
    workshop: Workshop

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc) -> None:
        self.store.dispose()


def open_source(database: str | None, workshop_name: str | None, content_dir: Path) -> Source:
    """Open the database (as `coprod serve` would find it) and the workshop with this name or
    join code, or the newest workshop when none is named."""
    try:
        content = load(content_dir)
    except ContentError:
        raise ExportError(f"The course content in {content_dir} has problems: `coprod check {content_dir}` "
                          "lists them.") from None
    store = _open_store(database)
    try:
        workshop = _find_workshop(store, workshop_name)
    except BaseException:
        store.dispose()
        raise
    return Source(store, content, workshop)


def _open_store(database: str | None) -> Store:
    url = database_url(database)
    where, path = describe(url), sqlite_path(url)
    # Opening a missing SQLite file would quietly create an empty database.
    if path is not None and not Path(path).is_file():
        raise ExportError(f"There is no database at {where}.")
    store = Store(url)
    try:
        if not inspect(store.engine).has_table("workshops"):
            raise ExportError(f"{where} is not a coprod database.")
        store.migrate()  # an older database gains the columns this coprod reads, as under `coprod serve`
    except SQLAlchemyError as exc:
        store.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ExportError(f"Could not read the database {where}: {reason}") from None
    except RuntimeError as exc:  # migrations this coprod does not know
        store.dispose()
        raise ExportError(str(exc)) from None
    except ExportError:
        store.dispose()
        raise
    return store


def _find_workshop(store: Store, name_or_code: str | None) -> Workshop:
    if name_or_code:
        found = store.find_workshop(name_or_code)
        if found is None:
            raise ExportError(f"No workshop is named {name_or_code!r} or has that join code.")
        return found
    newest = store.all_workshops(archived=True)
    if not newest:
        raise ExportError("This database has no workshop yet.")
    return newest[0]


def find_person(store: Store, workshop: Workshop, who: str) -> Participant:
    """The person with this id, or the only one with this name (any case), removed people included."""
    people = store.everyone(workshop)
    if who.strip().isdigit():
        found = [p for p in people if p.id == int(who)]
    else:
        found = [p for p in people if p.display_name.casefold() == who.strip().casefold()]
    if not found:
        raise ExportError(f"No one in {workshop.name} is called or numbered {who!r}.")
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise ExportError(f"{len(found)} people in {workshop.name} are called {who!r} (numbers {ids}): "
                          "give the number instead.")
    return found[0]


def write_person(source: Source, person: Participant, *, output: Path | None) -> str:
    """One person's data, for a data-access request: everything they wrote, and their contact rows."""
    answers = participant_frame(source.store, source.content, person)
    contacts = participant_contacts_frame(source.store, person)
    path = _target(output, f"{slug(person.display_name)}-{person.id}-data.xlsx")
    _write_bytes(path, frames_xlsx({"answers": answers, "follow-up": contacts}))
    return (f"Wrote {path}: {len(answers)} rows written by or for {person.display_name} (number {person.id}) "
            f"in {source.workshop.name}.")


def slug(name: str) -> str:
    """A file name from a workshop's name: "Leeds, März" -> "leeds-marz"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "workshop"


def _target(output: Path | None, default_name: str) -> Path:
    if output is None:
        return Path(default_name)
    return output / default_name if output.is_dir() else output


def write_answers(source: Source, *, file_format: str, anonymised: bool, output: Path | None) -> str:
    """Write the answers and their history; return what to tell the person."""
    workshop = source.workshop
    tables = answer_tables(source.store, source.content, workshop, anonymised=anonymised)
    current, history = tables["answers"], tables["history"]
    stem = f"{slug(workshop.name)}-answers{'-anonymised' if anonymised else ''}"
    if file_format == "xlsx":
        path = _target(output, f"{stem}.xlsx")
        _write_bytes(path, frames_xlsx(tables))
    else:
        files = {f"{name}.csv": frame_csv(frame) for name, frame in tables.items()}
        path = _target(output, stem)
        if path.suffix.lower() == ".zip":
            _write_bytes(path, zip_bytes({**files, "README.txt": README.encode("utf-8")}))
        else:
            if path.exists() and not path.is_dir():
                raise ExportError(f"{path} is a file: for CSV give a folder, or a path ending in .zip.")
            for name, data in files.items():
                _write_bytes(path / name, data)
    said = (f"Wrote {path}: {len(current)} rows of current answers and {len(history)} rows of history "
            f"from {workshop.name} ({workshop.code}).")
    if not anonymised:
        said += " It names participants: keep it as safe as the database."
    return said


def write_followup(source: Source, *, output: Path | None) -> str:
    frame = followup_frame(source.store, source.content, source.workshop)
    path = _target(output, f"{slug(source.workshop.name)}-followup.csv")
    _write_bytes(path, frame_csv(frame))
    people = "person" if len(frame) == 1 else "people"
    return (f"Wrote {path}: {len(frame)} {people} to follow up from {source.workshop.name}. "
            "It holds email addresses: delete it once the follow-up is done.")


def write_mail_merge(source: Source, *, url: str, output: Path | None) -> str:
    """`coprod followup`: the mail-merge CSV with each consenting person's follow-up link."""
    if source.content.followup is None:
        raise ExportError("This course has no follow-up questionnaire (course.yaml names no followup file).")
    # The server's address, as given to `coprod serve --public-url`; the pages' own address is taken too.
    pages = url.rstrip("/").removesuffix("/voila/render") + "/voila/render"
    frame = mail_merge_frame(source.store, source.content, source.workshop, pages)
    path = _target(output, f"{slug(source.workshop.name)}-followup-links.csv")
    _write_bytes(path, frame_csv(frame))
    people = "person" if len(frame) == 1 else "people"
    return (f"Wrote {path}: {len(frame)} {people} with a personal follow-up link, from {source.workshop.name}. "
            "Send it with your own mail system (coprod sends no email); the links work while coprod serve "
            f"runs at {url} on this database. It holds addresses and links: delete it once the emails are sent.")


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}") from None

