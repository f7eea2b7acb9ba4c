"""`coprod init`: a copy of the course to edit, checked, served and used by its notebooks."""

from __future__ import annotations

from click.testing import CliRunner

from coprod import session
from coprod.cli import cli


def test_init_copies_the_course_and_its_notebooks_and_check_reads_the_copy(tmp_path, monkeypatch):
    target = tmp_path / "my-course"
    made = CliRunner().invoke(cli, ["init", str(target)])
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "content", "notebooks"]
    assert (target / "content" / "activities" / "03-values.yaml").is_file()
    notebooks = sorted(p.name for p in (target / "notebooks").glob("*.ipynb"))
    assert "analysis.ipynb" in notebooks and "03-values.ipynb" in notebooks
    assert "index.ipynb" not in notebooks and "facilitator.ipynb" not in notebooks  # the server's pages
    assert "coprod serve --content" in (target / "README.md").read_text()
    # An edit to the copy is what check and the copy's notebooks see.
    values = target / "content" / "activities" / "03-values.yaml"
    values.write_text(values.read_text().replace("Exploring your values", "Our own values"))
    checked = CliRunner().invoke(cli, ["check", str(target)])
    assert checked.exit_code == 0 and "all valid" in checked.output
    monkeypatch.delenv(session.CONTENT_ENV, raising=False)
    monkeypatch.delenv(session.USER_CONTENT_ENV, raising=False)
    monkeypatch.chdir(target / "notebooks")
    session.course_content.cache_clear()
    try:
        assert session.course_content().activity("values").title.startswith("Our own values")
    finally:
        session.course_content.cache_clear()


def test_init_never_writes_over_a_folder_in_use(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(cli, ["init", str(tmp_path / "taken")])
    assert refused.exit_code == 1 and "not an empty folder" in refused.output
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_coprod_content_names_the_copy_for_every_command(tmp_path):
    target = tmp_path / "copy"
    CliRunner().invoke(cli, ["init", str(target)])
    (target / "content" / "course.yaml").write_text("schema_version: 1\nnot_a_field: x\n")
    checked = CliRunner().invoke(cli, ["check"], env={"COPROD_CONTENT": str(target)})
    assert checked.exit_code == 1 and "course.yaml" in checked.output
