"""Printable activity sheets: made from the YAML, printed to A4 PDFs that read and look right.

PDFs are read back with poppler (pdftotext, pdftoppm, pdfinfo): what a printer gets, not the
HTML we meant to send it.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from coprod.cli import cli
from coprod.content import (
    DEFAULT_CONTENT_DIR,
    CardSortTask,
    GridTask,
    QuestionsTask,
    ScaleTask,
    ScenariosTask,
    TextTask,
    load,
)
from coprod.sheets import (
    SLUGS,
    SheetUnavailable,
    all_sheets_pdf,
    available,
    sheet_html,
    sheet_pdf,
)
from coprod.sheets.cards import CARDS_ACROSS, CARDS_DOWN
from coprod.sheets.writing import NOTES_PAGES

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                reason="needs poppler-utils (pdftotext, pdftoppm)")


# --- reading PDFs back --------------------------------------------------------------


def _pdf_text(path: Path, page: int | None = None) -> str:
    # -raw keeps the order in which WeasyPrint drew the text, so that table cells side by
    # side are not interleaved line by line, and keeps a hyphen where a line broke after it.
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def _squeeze(text: str) -> str:
    """Text without whitespace: line breaks fall wherever the layout puts them."""
    return re.sub(r"\s+", "", text)


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / f"{name}.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pdfs(content, tmp_path_factory) -> dict[str, Path]:
    """Every sheet of the course's own content, printed once for the whole module."""
    out = tmp_path_factory.mktemp("sheets")
    return {slug: _write(out, slug, sheet_pdf(content, slug)) for slug in SLUGS}


# --- what each sheet must say, read from the content -----------------------------------


def _task(content, activity_id, task_id, task_type):
    task = content.activity(activity_id).task(task_id)
    assert isinstance(task, task_type)
    return task


def _question_texts(task: QuestionsTask) -> list[str]:
    texts = [task.intro] if task.intro else []
    for question in task.questions:
        texts += [question.text, *question.hints]
        texts += [t for t in (question.hint_intro, question.examples) if t]
    return texts


def _expected_texts(content, slug: str) -> list[str]:
    if slug == "what-do-you-know":
        return _question_texts(_task(content, "what-do-you-know", "know-questions", QuestionsTask))
    if slug == "definition-cards":
        task = _task(content, "defining-co-production", "statement-cards", CardSortTask)
        return [task.title, *(card.text for card in task.cards)]
    if slug == "our-definition":
        return [_task(content, "defining-co-production", "our-definition", TextTask).prompt]
    if slug == "values-questions":
        return _question_texts(_task(content, "values", "individual-values", QuestionsTask))
    if slug == "stakeholder-needs":
        task = _task(content, "stakeholder-needs", "stakeholder-needs", GridTask)
        return [c.heading for c in task.columns] + [r.text for r in task.rows]
    if slug == "power-scenarios":
        task = _task(content, "power", "power-scenarios", ScenariosTask)
        texts = [task.background, task.discussion_intro, *task.discussion]
        for s in task.scenarios:
            texts += [s.title, s.description, *s.requirements, *s.decisions]
            texts += [t for t in (s.requirements_intro, s.decisions_intro) if t]
        return texts
    if slug == "personal-power":
        return [c.heading for c in _task(content, "power", "personal-power", GridTask).columns]
    if slug == "reflection":
        return _question_texts(_task(content, "reflecting", "reflection", QuestionsTask))
    if slug == "evaluation":
        scale = _task(content, "evaluating", "evaluation-statements", ScaleTask)
        questions = _task(content, "evaluating", "evaluation-questions", QuestionsTask)
        return [scale.intro, *scale.scale, *(s.text for s in scale.statements), *_question_texts(questions)]
    if slug == "notes":
        return ["Notes"]
    raise AssertionError(f"no expected text for the sheet {slug!r}: add it here")


def _expected_pages(content, slug: str) -> int:
    """Pages each sheet should take: the layout was looked at and chosen to fill these."""
    if slug == "definition-cards":
        cards = _task(content, "defining-co-production", "statement-cards", CardSortTask).cards
        return math.ceil(len(cards) / (CARDS_ACROSS * CARDS_DOWN))
    if slug == "power-scenarios":  # one card a page
        return len(_task(content, "power", "power-scenarios", ScenariosTask).scenarios)
    if slug == "notes":
        return NOTES_PAGES
    return {"what-do-you-know": 1, "our-definition": 1, "values-questions": 3, "stakeholder-needs": 2,
            "personal-power": 1, "reflection": 2, "evaluation": 2}[slug]


# --- the course's own sheets -------------------------------------------------------------


def test_available_lists_every_sheet_in_course_order(content):
    sheets = available(content)
    assert [s.slug for s in sheets] == list(SLUGS)
    numbers = [s.activity_number for s in sheets if s.activity_number is not None]
    assert numbers == sorted(numbers)
    for sheet in sheets:
        if sheet.activity_number is not None:
            assert sheet.title.startswith(f"Activity {sheet.activity_number}: ")


@pytest.mark.parametrize("slug", SLUGS)
def test_sheet_is_an_a4_pdf_with_its_yaml_text(content, pdfs, slug):
    path = pdfs[slug]
    assert path.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = _squeeze(_pdf_text(path))
    assert _squeeze(content.course.title) in text  # every sheet names the course
    for expected in _expected_texts(content, slug):
        assert _squeeze(expected) in text, f"{slug}: {expected!r} is missing from the PDF"


@pytest.mark.parametrize("slug", SLUGS)
def test_sheet_pages_render_and_none_is_blank(content, pdfs, slug, tmp_path):
    pages = _pages(pdfs[slug])
    assert pages == _expected_pages(content, slug)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdfs[slug]), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for image in images:
        grey = Image.open(image).convert("L")
        dark = sum(grey.histogram()[:200])
        assert dark > 0.005 * grey.width * grey.height, f"{image.name} of {slug} is (nearly) blank"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_footer_names_the_course_and_the_sheet(content, pdfs, slug):
    activity = next((s.activity_number for s in available(content) if s.slug == slug), None)
    label = f"Activity {activity}" if activity else "Notes"
    footer = _squeeze(f"{content.course.title} \u2022 {label}")
    for page in range(1, _pages(pdfs[slug]) + 1):
        assert footer in _squeeze(_pdf_text(pdfs[slug], page)), f"page {page} of {slug}"


def test_no_card_is_split_across_pages(content, pdfs):
    cards = _task(content, "defining-co-production", "statement-cards", CardSortTask).cards
    pages = [_squeeze(_pdf_text(pdfs["definition-cards"], n)) for n in range(1, _pages(pdfs["definition-cards"]) + 1)]
    for card in cards:
        assert any(_squeeze(card.text) in page for page in pages), f"card {card.id} is split or missing"
    task = _task(content, "power", "power-scenarios", ScenariosTask)
    for number, scenario in enumerate(task.scenarios, start=1):
        page = _squeeze(_pdf_text(pdfs["power-scenarios"], number))
        # The card starts with its title and ends with the last question to discuss.
        assert _squeeze(scenario.title) in page and _squeeze(task.discussion[-1]) in page


def test_all_sheets_start_each_sheet_on_a_new_page(content, pdfs, tmp_path):
    path = _write(tmp_path, "all", all_sheets_pdf(content))
    assert _pages(path) == sum(_pages(pdfs[slug]) for slug in SLUGS)
    page = 1
    for slug in SLUGS:
        first = _squeeze(_pdf_text(path, page))
        assert _squeeze(_expected_texts(content, slug)[0]) in first, f"{slug} does not start page {page}"
        page += _pages(pdfs[slug])


def test_importing_sheets_does_not_import_weasyprint():
    code = "import sys, coprod.sheets, coprod.cli; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_unknown_sheet_names_the_sheets_there_are(content):
    with pytest.raises(SheetUnavailable, match=r"no sheet 'cards'.*definition-cards"):
        sheet_html(content, "cards")


# --- adapted content ----------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    return folder


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _activity_file(folder: Path, activity_id: str) -> Path:
    for path in (folder / "activities").glob("*.yaml"):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == activity_id:
            return path
    raise AssertionError(activity_id)


def _set_task_field(folder: Path, activity_id: str, task_id: str, change) -> None:
    def edit(data):
        for part in data["parts"]:
            for task in part["tasks"]:
                if task["id"] == task_id:
                    change(task)
    _edit_yaml(_activity_file(folder, activity_id), edit)


def test_a_changed_yaml_shows_in_the_sheets(content_copy, tmp_path):
    _set_task_field(content_copy, "defining-co-production", "statement-cards",
                    lambda t: t["cards"][1].update(text="Co-production is cooking a meal together, every time"))
    _set_task_field(content_copy, "values", "individual-values",
                    lambda t: t["questions"][0].update(text="What makes you laugh out loud?"))
    changed = load(content_copy)
    cards = _squeeze(_pdf_text(_write(tmp_path, "cards", sheet_pdf(changed, "definition-cards"))))
    assert _squeeze("Co-production is cooking a meal together, every time") in cards
    assert _squeeze("Co-production is about professionals asking service users opinions") not in cards
    values = _squeeze(_pdf_text(_write(tmp_path, "values", sheet_pdf(changed, "values-questions"))))
    assert _squeeze("What makes you laugh out loud?") in values
    assert _squeeze("What makes you feel happy?") not in values


def test_html_special_characters_come_out_literally(content_copy, tmp_path):
    tricky = 'Tom & Jerry\'s <b>bold</b> "choice" </td><script>alert(1)</script>'
    _set_task_field(content_copy, "defining-co-production", "statement-cards",
                    lambda t: t["cards"][0].update(text=tricky))
    _set_task_field(content_copy, "evaluating", "evaluation-statements", lambda t: t["scale"].__setitem__(0, "<i>No"))
    # The follow-up asks the same statements again, so its scale must stay the same as theirs.
    _edit_yaml(content_copy / "followup.yaml", lambda f: f["tasks"][2]["scale"].__setitem__(0, "<i>No"))
    changed = load(content_copy)
    html = sheet_html(changed, "definition-cards")
    assert "<b>bold" not in html and "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&amp;" in html
    assert _squeeze(tricky) in _squeeze(_pdf_text(_write(tmp_path, "cards", sheet_pdf(changed, "definition-cards"))))
    evaluation = _squeeze(_pdf_text(_write(tmp_path, "evaluation", sheet_pdf(changed, "evaluation"))))
    assert "<i>No" in evaluation


def _without_values(folder: Path) -> None:
    _activity_file(folder, "values").unlink()
    _edit_yaml(folder / "course.yaml", lambda d: d["order"].remove("values"))


def test_a_missing_activity_gives_a_clear_message(content_copy):
    _without_values(content_copy)
    reduced = load(content_copy)
    assert "values-questions" not in [s.slug for s in available(reduced)]
    with pytest.raises(SheetUnavailable) as raised:
        sheet_html(reduced, "values-questions")
    assert not isinstance(raised.value, KeyError)
    message = str(raised.value)
    assert "'values-questions' sheet" in message and "activity 'values'" in message
    assert "does not have" in message
    # The other sheets are still made, and all of them together leave it out.
    assert sheet_html(reduced, "reflection")


def test_a_missing_task_gives_a_clear_message(content_copy):
    _set_task_field(content_copy, "evaluating", "evaluation-questions", lambda t: t.update(id="open-questions"))
    changed = load(content_copy)
    assert "evaluation" in [s.slug for s in available(changed)]  # listed: the content is broken, not absent
    with pytest.raises(SheetUnavailable, match=r"'evaluation-questions' of Activity 11 \('evaluating'"):
        sheet_html(changed, "evaluation")


def test_a_task_of_another_type_gives_a_clear_message(content):
    from coprod.sheets.finding import find_task

    activity = content.activity("defining-co-production")
    with pytest.raises(SheetUnavailable, match=r"'our-definition' .* is a 'text' task, not a 'questions' task"):
        find_task(activity, "our-definition", QuestionsTask, "test sheet")


# --- the command -------------------------------------------------------------------------


def test_cli_writes_the_chosen_sheets_and_prints_them(tmp_path):
    out = tmp_path / "printouts"
    result = CliRunner().invoke(cli, ["sheets", "--output", str(out), "--sheet", "our-definition",
                                      "--sheet", "notes", "--html"])
    assert result.exit_code == 0, result.output
    written = result.output.split()
    assert sorted(Path(p).name for p in written) == ["notes.html", "notes.pdf", "our-definition.html",
                                                     "our-definition.pdf"]
    for path in map(Path, written):
        assert path.parent == out and path.stat().st_size > 0
    assert (out / "notes.pdf").read_bytes().startswith(b"%PDF-")
    assert "<!DOCTYPE html>" in (out / "our-definition.html").read_text(encoding="utf-8")


def test_cli_writes_every_sheet_and_all_in_one_by_default(tmp_path, content_copy):
    result = CliRunner().invoke(cli, ["sheets", "--content", str(content_copy), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = sorted(Path(p).name for p in result.output.split())
    assert names == sorted([f"{slug}.pdf" for slug in SLUGS] + ["all-sheets.pdf"])


def test_cli_explains_a_sheet_it_cannot_make(tmp_path, content_copy):
    _without_values(content_copy)
    runner = CliRunner()
    result = runner.invoke(cli, ["sheets", "--content", str(content_copy), "--output", str(tmp_path / "out"),
                                 "--sheet", "values-questions"])
    assert result.exit_code == 1
    assert "activity 'values'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    result = runner.invoke(cli, ["sheets", "--output", str(tmp_path / "out"), "--sheet", "nonsense"])
    assert result.exit_code == 1 and "no sheet 'nonsense'" in result.output


def test_readme_names_every_sheet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f"`{slug}`" in readme, f"the sheet {slug!r} is not in the README"
