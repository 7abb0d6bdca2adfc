"""``unknot export --sheet``: a self-contained page, printed by headless Chromium on A4 and Letter."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from unknot.cli import main
from unknot.export.plan import plan_of, steps
from unknot.export.sheet import reminder_groups, sheet_html
from unknot.routine_files.discovery import resolve
from unknot.session.texts import reminder_text

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PNG_DIR = Path(__file__).resolve().parent.parent / ".sheet-png"
"""Where the PNG of page 1 is left for a person to look at (ignored by git)."""


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))


def print_pdf(html: Path, paper: str, out: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url))
            page.goto(html.as_uri())
            page.pdf(path=str(out), format=paper, print_background=True)
        finally:
            browser.close()
    assert fetched == [html.as_uri()], f"the sheet fetched more than itself: {fetched}"
    return out


def squash(text: str) -> str:
    """Text without spaces and with ligatures undone (the PDF's "ﬁ" is "fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=".ci/run installs chromium")


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_si_joint_sheet_prints_on_at_most_three_pages_with_no_step_split(
    tmp_path: Path, paper: str, capsys: pytest.CaptureFixture[str]
) -> None:
    html = tmp_path / "si-joint-10.html"
    assert main(["export", "si-joint-10", "--sheet", str(html)]) == 0
    pdf = print_pdf(html, paper, tmp_path / f"sheet-{paper}.pdf")
    reader = PdfReader(str(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    # A4 is 595.3 x 841.9 pt (Chromium rounds to whole pixels), Letter 612 x 792 pt.
    want = (595.3, 841.9) if paper == "A4" else (612, 792)
    assert abs(width - want[0]) < 1.5 and abs(height - want[1]) < 1.5
    assert len(reader.pages) <= 3
    pages = [squash(page.extract_text()) for page in reader.pages]
    plan = plan_of(resolve("si-joint-10"))
    for step in steps(plan):
        # A step is whole on one page: its title and its whole instruction are on the same page.
        holders = [n for n, text in enumerate(pages) if squash(step.instruction) in text]
        assert holders, f"step {step.number}'s instruction is split across pages"
        assert any(squash(f"{step.number}.{step.title}") in pages[n] for n in holders)
    assert "Two-weeklog" in pages[-1]
    if paper == "A4" and shutil.which("pdftoppm"):
        PNG_DIR.mkdir(exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(PNG_DIR / "si-joint-10-a4")],
            check=True,
        )
        assert (PNG_DIR / "si-joint-10-a4-1.png").stat().st_size > 10_000


def test_the_sheet_is_self_contained_and_holds_every_part(tmp_path: Path) -> None:
    routine = resolve("si-joint-10")
    plan = plan_of(routine)
    html = sheet_html(plan, routine)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "break-inside: avoid" in html and "@media print" in html
    assert html.count('<svg class="bodymap"') == len(plan["segments"])
    assert html.count("<tr><td></td>") == 14
    for step in steps(plan):
        assert f"{step.number}.</span> {step.title}" in html
        assert f"at {step.start // 60:.0f}:{step.start % 60:02.0f}" in html
    # Every group of the reminder the app shows is on the sheet, in the reminder's words.
    for heading, items in reminder_groups():
        for item in items:
            assert item.replace("'", "&#x27;") in html
            assert item.lower() in reminder_text().lower()
        assert heading.replace("'", "&#x27;") in html


def test_text_from_the_routine_file_cannot_become_markup(tmp_path: Path) -> None:
    path = tmp_path / "sly.yaml"
    path.write_text(
        'name: "<script>alert(1)</script> & co"\n'
        "description: <img src=x onerror=alert(1)>\n"
        "segments:\n  - region: lumbar\n    technique: swedish\n    duration: 60s\n"
        "    note: '<a href=\"https://example.com\">click</a> *bold* | pipe'\n",
        encoding="utf-8",
    )
    out = tmp_path / "sly.html"
    assert main(["export", str(path), "--sheet", str(out)]) == 0
    html = out.read_text("utf-8")
    assert "<script>" not in html and "<img" not in html and "<a href" not in html
    assert "&lt;script&gt;" in html
    md = tmp_path / "sly.md"
    assert main(["export", str(path), "--sheet", str(md)]) == 0
    text = md.read_text("utf-8")
    # Every markup character is escaped with a backslash, so a renderer shows it as text.
    assert not re.search(r"(?<!\\)[<>]", text)
    assert "\\<script\\>" in text and "\\*bold\\*" in text and "\\| pipe" in text


def test_markdown_sheet_has_the_steps_the_reminder_and_the_log(tmp_path: Path) -> None:
    out = tmp_path / "q.md"
    assert main(["export", "quick-relief-5", "--sheet", str(out)]) == 0
    text = out.read_text("utf-8")
    plan = plan_of(resolve("quick-relief-5"))
    assert text.startswith("# Quick relief, 5 min\n")
    assert text.count("\n### ") == len(plan["segments"])
    assert "| Date | Pain before (0-10) | Pain after (0-10) | Notes |" in text
    assert text.count("\n|  |  |  |  |") == 14
    assert any(items for _heading, items in reminder_groups())


def test_an_unknown_sheet_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "quick-relief-5", "--sheet", str(tmp_path / "x.pdf")]) == 2
    assert ".html or .md" in capsys.readouterr().err
