"""The clinician's files: `history --report` opens and prints in Chromium; `--fhir` is a valid R4 bundle."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.generated_history import filled_store
from unknot.cli import main
from unknot.learning.outcomes import load

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(folder))
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(tmp_path / "config"))
    filled_store(folder / "unknot.db").close()
    return folder


def test_fhir_bundle_has_every_required_element_and_the_loinc_code(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "pain.json"
    assert main(["history", "--fhir", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    # Parsed and checked against the FHIR model (R4B, which leaves Bundle and Observation as R4 has them).
    bundle = Bundle.model_validate(document)
    assert bundle.type == "collection"
    from unknot.session.store import Store

    with Store.open(data / "unknot.db") as store:
        sessions = load(store)
    ratings = sum((s.pain_before is not None) + (s.pain_after is not None) for s in sessions)
    assert len(document["entry"]) == ratings > 20
    assert document["resourceType"] == "Bundle" and document["type"] == "collection"
    offset = re.compile(r"T\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")
    for entry in document["entry"]:
        assert entry["fullUrl"].startswith("urn:uuid:")
        obs = entry["resource"]
        assert obs["resourceType"] == "Observation"
        assert obs["status"] == "final"
        assert {"system": "http://loinc.org", "code": "72514-3"}.items() <= obs["code"]["coding"][0].items()
        assert isinstance(obs["valueInteger"], int) and 0 <= obs["valueInteger"] <= 10
        assert offset.search(obs["effectiveDateTime"]), obs["effectiveDateTime"]
        labels = {c["code"]["text"]: c["valueString"] for c in obs["component"]}
        assert labels["Routine"] in {s.routine_id for s in sessions}
        assert labels["Rated"] in ("before the session", "after the session")
    moments = [json.dumps(e["resource"]["component"]) for e in document["entry"]]
    assert any("before the session" in m for m in moments) and any("after the session" in m for m in moments)


def test_html_report_opens_in_chromium_and_prints(data: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out = tmp_path / "report.html"
    assert main(["history", "--report", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    pdf = tmp_path / "report.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(out.as_uri())
        assert page.locator("svg").count() == 3
        assert page.locator("h2").all_inner_texts() == [
            "Pain over time",
            "Per routine",
            "“This hurts” per region and side",
            "Sessions per week",
        ]
        assert page.locator("table").first.locator("tbody tr").count() == 3  # three routines
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        browser.close()
    assert not failed
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 1 <= pages <= 4
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Self-massage sessions and pain" in words and "lowered your pain" in words


def test_history_by_prints_each_table(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for grouping, first in (("routine", "ROUTINE"), ("region", "REGION"), ("week", "WEEK OF")):
        assert main(["history", "--by", grouping]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith(first)
        if grouping == "week":
            assert lines[-1].startswith("Days in a row up to today: ")
    assert main(["history", "--csv"]) == 0  # --csv stays
    assert capsys.readouterr().out.startswith("date,routine,minutes,pain_before,pain_after")


def test_writing_a_report_where_it_cannot_go_exits_2(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--report", str(tmp_path / "missing" / "r.html")]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_no_ratings_make_a_valid_empty_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "empty"))
    out = tmp_path / "none.json"
    assert main(["history", "--fhir", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert "entry" not in document and Bundle.model_validate(document).type == "collection"
