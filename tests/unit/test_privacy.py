"""A person's data on request: exported to them, or deleted; a whole workshop deleted."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from coprod.cli import cli
from coprod.store import Store


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "workshop.sqlite3"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    workshop, _ = store.create_workshop("Leeds")
    group = store.create_group(workshop, "Group 1")
    sam = store.assign_group(store.join(workshop, "Sam")[0], group.id)
    kim = store.assign_group(store.join(workshop, "Kim")[0], group.id)
    store.save(sam, "planning", "commitment", "text", "I will ask first")
    store.save(sam, "inclusive-language", "glossary", "g1", {"values": {"term": "LOPF"}}, scope="group")
    store.save(kim, "planning", "commitment", "text", "Kim's promise")
    store.set_contact(sam, "sam@example.org")
    store.dispose()
    return path, workshop, sam, kim


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_a_persons_data_is_exported_to_one_workbook(database, tmp_path):
    path, workshop, _, _ = database
    out = tmp_path / "sam.xlsx"
    result = run("export", "person", "--database", str(path), "--workshop", workshop.code, "--person", "sam",
                 "--output", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for row in book["answers"].iter_rows() for c in row]
    assert "I will ask first" in cells and "LOPF" in " ".join(cells) and "Kim's promise" not in cells
    assert next(book["follow-up"].iter_rows(min_row=2))[0].value == "sam@example.org"


def test_forgetting_a_person_asks_first_and_deletes_only_them(database):
    path, workshop, _, _ = database
    base = ("forget", "--database", str(path), "--workshop", workshop.name, "--person")
    refused = run(*base, "Sam", input="n\n")
    assert refused.exit_code == 1 and "Nothing was deleted" in refused.output
    done = run(*base, "Sam", input="y\n")
    assert done.exit_code == 0 and "Deleted Sam: 2 answers" in done.output, done.output
    store = Store(f"sqlite:///{path}")
    assert [p.display_name for p in store.everyone(workshop)] == ["Kim"]
    assert [a.value for a in store.history(workshop.id)] == ["Kim's promise"] and store.contacts(workshop) == []
    store.dispose()
    assert run(*base, "Sam", "--yes").exit_code == 1  # no one left by that name


def test_two_people_with_one_name_need_a_number(database):
    path, workshop, _, _ = database
    store = Store(f"sqlite:///{path}")
    other = store.join(workshop, "Kim")[0]
    store.dispose()
    result = run("forget", "--database", str(path), "--workshop", workshop.code, "--person", "kim", "--yes")
    assert result.exit_code == 1 and "give the number instead" in result.output
    result = run("forget", "--database", str(path), "--workshop", workshop.code, "--person", str(other.id), "--yes")
    assert result.exit_code == 0 and "Deleted Kim: 0 answers" in result.output


def test_forgetting_a_workshop_needs_its_name_and_deletes_it_all(database):
    path, workshop, _, _ = database
    assert "Say which workshop" in run("forget", "--database", str(path), "--yes").output
    result = run("forget", "--database", str(path), "--workshop", workshop.code, "--yes")
    assert result.exit_code == 0 and "Deleted the workshop Leeds" in result.output
    store = Store(f"sqlite:///{path}")
    assert store.all_workshops(archived=True) == [] and store.history(workshop.id) == []
    store.dispose()
