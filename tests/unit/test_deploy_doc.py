"""docs/deploy.md: the options it names exist, and its SQLite backup command makes a copy that
coprod opens with every answer in it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from coprod.cli import cli
from coprod.store import Store

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def test_every_serve_option_the_guide_uses_exists():
    text = GUIDE.read_text(encoding="utf-8")
    used = set(re.findall(r"coprod serve[^\n`]*", text))
    options = {option for command in used for option in re.findall(r"(--[a-z][a-z-]+)", command)}
    known = {name for param in cli.commands["serve"].params for name in param.opts}
    assert options and options <= known, options - known


def test_the_sqlite_backup_command_copies_a_live_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'coprod.sqlite3'}")
    store.migrate()
    workshop, _ = store.create_workshop("Leeds")
    person, _ = store.join(workshop, "Ann")
    store.save(person, "reflecting", "notes", "today", {"text": "Kept in the backup"})
    [command] = re.findall(r"^python3 -c .*backup.*$", GUIDE.read_text(encoding="utf-8"), re.M)
    subprocess.run(command, shell=True, cwd=tmp_path, check=True)  # while coprod still holds the file open
    copy = Store(f"sqlite:///{tmp_path / 'coprod-backup.sqlite3'}")
    assert [a.value for a in copy.history(workshop.id)] == [{"text": "Kept in the backup"}]
    copy.dispose()
    store.dispose()
