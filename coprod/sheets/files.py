"""Writing sheets to a folder, for `coprod sheets` and anyone printing from a script."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coprod.content import CourseContent
from coprod.printing import pdf
from coprod.sheets.catalogue import all_sheets_html, available, sheet_html

ALL_SHEETS_NAME = "all-sheets"


def write_sheets(content: CourseContent, output_dir: Path | str, slugs: Iterable[str] | None = None, *,
                 html: bool = False) -> list[Path]:
    """Write ``<slug>.pdf`` (and ``<slug>.html`` if asked) for each sheet; return the paths written.

    Without ``slugs``, every available sheet is written, and ``all-sheets.pdf`` with all of
    them too, so that a whole workshop's paper prints as one job. Every sheet is made before
    any file is written: a sheet that cannot be made leaves no half-written folder behind.
    """
    wanted = list(slugs) if slugs else [sheet.slug for sheet in available(content)]
    documents = {slug: sheet_html(content, slug) for slug in wanted}
    if not slugs:
        documents[ALL_SHEETS_NAME] = all_sheets_html(content)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in documents.items():
        if html:
            written.append(out / f"{name}.html")
            written[-1].write_text(document, encoding="utf-8")
        written.append(out / f"{name}.pdf")
        written[-1].write_bytes(pdf(document))
    return written
