"""docs/architecture.md stays true: every file it names exists, every registry it names is
where it says, and the parts it lists are the registry's."""

from __future__ import annotations

import re
from pathlib import Path

from coprod.tasks.parts import PARTS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text()


def test_every_file_and_folder_it_names_exists():
    named = set(re.findall(r"`((?:coprod|tests|docs)/[\w/.-]+?)(?:<type>\.py|<type>/)?`", DOC))
    missing = [path for path in named if not (ROOT / path.rstrip("/")).exists()]
    assert len(named) > 15 and missing == []


def test_the_parts_it_lists_are_the_registrys():
    for part, (module, name) in PARTS.items():
        assert f"| {part} | `{module}.py` | `{name}` |" in DOC, f"the part {part!r} is not in the doc's table"
    for registry in ("`NOT_COLLATED`", "`EVERY_SETTING`", "`coprod/tasks/registry.py`"):
        assert registry in DOC
