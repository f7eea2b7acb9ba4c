"""docs/architecture.md stays true: every file it names exists, every registry it names is
where it says, and the parts it lists are the registry's."""

from __future__ import annotations

import re
from pathlib import Path

from coprod import task_types

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text()


def test_every_file_and_folder_it_names_exists():
    named = set(re.findall(r"`((?:coprod|tests|docs)/[\w/.-]+?)(?:<type>\.py|<type>/)?`", DOC))
    # The worked example's files (a ranking task) are a sketch.
    missing = [path for path in named if "ranking" not in path and not (ROOT / path.rstrip("/")).exists()]
    assert len(named) > 15 and missing == []


def test_the_parts_it_lists_are_the_registrys():
    for part in task_types.PARTS:
        assert f"| {part} |" in DOC, f"the part {part!r} is not in the doc's table"
    for registry in ("`BUILDERS`", "`RENDERERS`", "`BRIEFS`", "NOT_COLLATED`", "`do_<type>`", "`EVERY_SETTING`"):
        assert registry in DOC
