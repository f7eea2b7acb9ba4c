"""The course as it ships with every extension in coprod/course/extensions/ enabled as well: some
ship disabled (enabling one adds an activity to every workshop), yet their task types must be
tested on the course's own YAML like any other. Each is placed just after the first activity of
the course's order."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from coprod.content import DEFAULT_CONTENT_DIR


def shipped_extensions() -> list[str]:
    return sorted(path.stem for path in (Path(DEFAULT_CONTENT_DIR) / "extensions").glob("*.yaml"))


def enable_extensions(root: Path, extension_ids: list[str]) -> None:
    """Enable these extensions in the content folder ``root`` (a copy), each placed after the first
    activity of its order."""
    path = root / "course.yaml"
    course = yaml.safe_load(path.read_text(encoding="utf-8"))
    for extension_id in extension_ids:
        if extension_id not in course.setdefault("extensions", []):
            course["extensions"].append(extension_id)
            course["order"].insert(1, extension_id)
    path.write_text(yaml.safe_dump(course, allow_unicode=True, sort_keys=False), encoding="utf-8")


def extended_copy(root: Path, extension_ids: list[str] | None = None) -> Path:
    """A copy of the shipped content in ``root`` with these extensions (every one by default) enabled."""
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    enable_extensions(root, shipped_extensions() if extension_ids is None else extension_ids)
    return root
