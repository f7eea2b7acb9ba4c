"""`coprod init`: a copy of the course to edit, for a researcher or a facilitator.

The course ships inside the package (an installed coprod has no checkout to edit), so a copy
of its content and of the activity notebooks is made in a folder of one's own. `coprod serve
--content DIR` (or ``COPROD_CONTENT=DIR``) then serves it, `coprod check DIR` validates it, and
a notebook opened in DIR/notebooks uses DIR/content (coprod.session.course_content).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coprod.content import DEFAULT_CONTENT_DIR

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
# What a notebook folder of a copy holds: its presence makes its notebooks read ../content.
MARKER = ".coprod-course"
# The served pages (the participants' app, the console, the presenter view) are the server's; a copy has the
# activities and the analysis, to read and change in JupyterLab.
SERVED_ONLY = ("index.ipynb", "facilitator.ipynb", "presenter.ipynb")

README = """# A copy of the coprod course

- `content/` is the course as data: `course.yaml` (the order of the activities, the privacy
  notice, which extensions are on) and one `activities/NN-slug.yaml` per activity, transcribed
  word for word from the toolkit. Edit the YAML, then check it:

      coprod check {folder}

- Serve this copy in a workshop (or work through it alone):

      coprod serve --content {folder}
      coprod workbook --content {folder}

  (`export COPROD_CONTENT={folder}` does the same for every command.)

- `notebooks/` has one notebook per activity and `analysis.ipynb`. Opened in JupyterLab from
  this folder, they use this copy's content.

The guide to every field, with examples, is docs/researchers.md in coprod's source.
"""


def init_folder(target: Path) -> Path:
    """Copy the course content and the notebooks into ``target`` (new or empty); return it."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not an empty folder: choose a new one")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEFAULT_CONTENT_DIR, target / "content", ignore=shutil.ignore_patterns("__pycache__"))
    notebooks = target / "notebooks"
    notebooks.mkdir()
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        if notebook.name not in SERVED_ONLY:
            shutil.copy2(notebook, notebooks / notebook.name)
    (notebooks / MARKER).write_text("This folder's notebooks use ../content (coprod init).\n", encoding="utf-8")
    (target / "README.md").write_text(README.format(folder=target), encoding="utf-8")
    return target
