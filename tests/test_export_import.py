"""``unknot import``: a sent routine is checked like any other, then copied; hostile files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from unknot.cli import main

GOOD = """\
name: From my physio
description: Glutes and lower back, as shown at the clinic.
segments:
  - region: lumbar
    technique: swedish
    duration: 60s
  - region: piriformis
    technique: trigger_point
    duration: 60s
    sides: both
"""


@pytest.fixture
def routines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    return tmp_path / "routines"


def sent(tmp_path: Path, name: str, body: str | bytes) -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    if isinstance(body, str):
        path.write_text(body, encoding="utf-8")
    else:
        path.write_bytes(body)
    return path


def contents(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_import_copies_the_routine_prints_what_it_holds_and_list_shows_it(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sent(tmp_path, "physio.yaml", GOOD)
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported 'From my physio' as physio" in out
    assert "Total:" in out and "Regions:   Lower back, Piriformis" in out
    assert "Equipment:" in out and "tennis ball" in out
    assert (routines / "physio.yaml").read_bytes() == path.read_bytes()
    assert contents(routines) == ["physio.yaml"]
    assert main(["list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("physio "))
    assert "From my physio" in row and row.rstrip().endswith("user")


def test_an_existing_routine_is_kept_unless_forced_and_as_files_it_beside(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sent(tmp_path, "physio.yaml", GOOD)
    assert main(["import", str(path)]) == 0
    changed = sent(tmp_path, "physio.yaml", GOOD.replace("From my physio", "Second version"))
    capsys.readouterr()
    assert main(["import", str(changed)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "--as" in err
    assert "From my physio" in (routines / "physio.yaml").read_text("utf-8")
    assert main(["import", str(changed), "--as", "physio-2"]) == 0
    assert main(["import", str(changed), "--force"]) == 0
    assert "Replaced 'Second version'" in capsys.readouterr().out
    assert "Second version" in (routines / "physio.yaml").read_text("utf-8")
    assert contents(routines) == ["physio-2.yaml", "physio.yaml"]


def test_the_same_id_as_a_yml_file_counts_as_taken(routines: Path, tmp_path: Path) -> None:
    routines.mkdir(parents=True)
    (routines / "physio.yml").write_text(GOOD, encoding="utf-8")
    assert main(["import", str(sent(tmp_path, "physio.yaml", GOOD))]) == 2
    assert main(["import", str(sent(tmp_path, "physio.yaml", GOOD)), "--force"]) == 0
    assert contents(routines) == ["physio.yaml"]  # no two files with one id


def test_a_builtin_is_not_hidden_by_accident(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(sent(tmp_path, "si-joint-10.yaml", GOOD))]) == 2
    assert "built-in" in capsys.readouterr().err
    assert contents(routines) == []


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        # An escape sequence written as a YAML escape: it would clear a terminal that shows the name.
        ('name: "Nice \\e[2J routine"\nsegments: []\n', ":1:", "control character U+001B"),
        # The raw byte, in a note.
        (GOOD.replace("as shown", "as \x1b]0;owned\x07 shown"), ":2:", "control character"),
        # A C1 control (CSI) as a YAML escape in a segment's note.
        (GOOD + '    note: "a \\x9b31m red note"\n', ":11:", "control character U+009B"),
        # A key twice: YAML would quietly keep the second.
        (GOOD + "    duration: 1s\n", ":11:", "duplicate key"),
    ],
    ids=["esc-in-name", "osc-in-description", "csi-in-note", "duplicate-key"],
)
def test_hostile_files_are_refused_with_file_line_col_and_nothing_written(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, where: str, says: str
) -> None:
    path = sent(tmp_path, "gift.yaml", body)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}{where}"), err
    assert says in err
    assert "\x1b" not in err and "\x9b" not in err and "\x07" not in err
    assert contents(routines) == []


def test_a_huge_file_is_refused_before_it_is_read_whole(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sent(tmp_path, "huge.yaml", GOOD + "# " + "x" * (300 * 1024) + "\n")
    assert main(["import", str(path)]) == 2
    assert "KiB" in capsys.readouterr().err
    assert contents(routines) == []


def test_a_bad_id_is_a_usage_error_shown_safely(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sent(tmp_path, "ok.yaml", GOOD)
    assert main(["import", str(path), "--as", "../escape"]) == 2
    assert main(["import", str(path), "--as", "a\x1b[2Jb"]) == 2
    err = capsys.readouterr().err
    assert "cannot be a routine id" in err and "\x1b" not in err
    assert main(["import", str(sent(tmp_path, "my routine.yaml", GOOD))]) == 2
    assert "--as" in capsys.readouterr().err
    assert contents(routines) == []
    assert not (tmp_path / "escape.yaml").exists()


def test_warnings_are_printed_and_do_not_stop_the_import(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = GOOD.replace("duration: 60s\n    sides", "duration: 20s\n    sides")
    assert main(["import", str(sent(tmp_path, "short.yaml", short))]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err and "short.yaml" in captured.err
    assert "Warnings:  1" in captured.out or "Warnings:  2" in captured.out
    assert contents(routines) == ["short.yaml"]


def test_a_missing_file_is_an_input_error(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert contents(routines) == []


def test_the_export_modules_import_no_textual() -> None:
    import subprocess
    import sys

    modules = ["plan", "timeline", "speech", "audio", "chapters", "sheet", "bodysvg", "importer", "calendar"]
    code = "; ".join(f"import unknot.export.{m}" for m in modules)
    code += "; import sys; assert not [m for m in sys.modules if m.startswith('textual')]"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0
