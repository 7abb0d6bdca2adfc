"""The command line: list, show, validate, exit codes, and no Textual on the fast paths."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from unknot.cli import main
from unknot.model import catalog
from unknot.model.positions import POSITIONS, TOOLS
from unknot.model.routine import PRESSURES
from unknot.paths import builtin_routines_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    (tmp_path / "routines").mkdir()
    return tmp_path / "routines"


def test_list_shows_every_builtin_with_time_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TIME", "SOURCE"]
    for stem in ("si-joint-10", "quick-relief-5", "thorough-20", "desk-break-hips"):
        row = next(line for line in lines if line.startswith(stem + " "))
        assert row.rstrip().endswith("built-in")
    assert "10:00" in next(line for line in lines if line.startswith("si-joint-10 "))


def test_list_marks_a_shadowed_builtin_and_a_broken_user_file(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_dirs / "si-joint-10.yaml").write_bytes((builtin_routines_dir() / "si-joint-10.yaml").read_bytes())
    (user_dirs / "broken.yaml").write_text("name: x\nsegments: []\n")
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ours = [line for line in lines if line.startswith("si-joint-10 ")]
    assert sorted(line.split()[-1] for line in ours) == ["shadowed", "user"]
    assert "invalid" in next(line for line in lines if line.startswith("broken "))


def test_show_json_is_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "si-joint-10", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == "si-joint-10"
    assert doc["total_seconds"] == 600
    seg = doc["segments"]
    assert set(seg[0]) == {
        *("region", "technique", "side", "seconds", "start"),
        *("position", "tool", "get_ready", "pressure", "instruction", "phases"),
    }
    assert doc["work_seconds"] == sum(s["seconds"] for s in seg)
    transition = doc["transition_seconds"]
    assert seg[0]["start"] == seg[0]["get_ready"] >= transition
    for before, after in itertools.pairwise(seg):
        assert after["start"] == before["start"] + before["seconds"] + after["get_ready"]
        assert after["get_ready"] >= transition
    assert seg[-1]["start"] + seg[-1]["seconds"] == 600
    assert all(s["side"] in ("left", "right", "none") for s in seg)
    assert doc["equipment"] == list(dict.fromkeys(s["tool"] for s in seg))
    for s in seg:
        assert s["position"] in POSITIONS and s["tool"] in TOOLS and s["pressure"] in PRESSURES
        assert s["instruction"]
        assert sum(p["seconds"] for p in s["phases"]) in (0, s["seconds"])
        assert [p["name"] for p in s["phases"]] == (
            ["find", "hold", "release"] if s["technique"] == "trigger_point" else []
        )


def test_show_json_of_a_step_with_its_own_position_tool_and_get_ready(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: Mine\nsegments:\n"
        "  - {region: lumbar, technique: swedish, duration: 60s}\n"
        "  - {region: piriformis, technique: trigger_point, duration: 60s, sides: both,"
        " tool: lacrosse ball, position: on_back}\n"
        "  - {region: hamstrings, technique: swedish, duration: 30s, get_ready: 45s}\n"
    )
    assert main(["show", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    got = [(s["position"], s["tool"], s["get_ready"], s["start"]) for s in doc["segments"]]
    assert got == [
        ("standing", "hands", 5, 5),
        ("on_back", "lacrosse_ball", 20, 85),  # down to the floor: 20 s
        ("on_back", "lacrosse_ball", 5, 150),  # the other side: the transition
        ("chair", "hands", 45, 255),  # its own get_ready
    ]
    assert doc["equipment"] == ["hands", "lacrosse_ball"]
    assert doc["total_seconds"] == 285
    assert doc["segments"][1]["phases"] == [
        {"name": "find", "seconds": 15},
        {"name": "hold", "seconds": 40},
        {"name": "release", "seconds": 5},
    ]
    assert doc["segments"][1]["pressure"] == "moderate"  # a trigger point: 5-6 out of 10


def test_show_text_has_a_timeline_and_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(DATA / "short.yaml")]) == 0
    out = capsys.readouterr().out
    assert "START" in out and "Total" in out and "left" in out and "right" in out


def test_show_unknown_id_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "si-joint-1O"]) == 2
    err = capsys.readouterr().err
    assert "si-joint-10" in err and "Traceback" not in err


def test_validate_builtins_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in builtin_routines_dir().glob("*.yaml"))
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out == ""


def test_validate_reports_path_line_col_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsegments:\n  - region: glutes\n    technique: swedish\n    duration: 30\n")
    good = DATA / "short.yaml"
    assert main(["validate", str(good), str(bad)]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{bad}:3:13: unknown region 'glutes'; did you mean 'gluteal'?"]


def test_validate_a_missing_file_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/routine.yaml"]) == 2
    assert "/nonexistent/routine.yaml:1:1:" in capsys.readouterr().out


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_unexpected_errors_are_one_line_without_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import unknot.routine_files.discovery

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(unknot.routine_files.discovery, "discover", boom)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "kaboom" in err and "Traceback" not in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["--debug", "list"])


def test_an_os_error_names_the_path_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A data folder under a plain file cannot be made; the message used to be only
    # "unexpected error: NotADirectoryError(20, 'Not a directory')", without the path.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(blocker / "data"))
    assert main(["build", "--minutes", "5"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"unknot: cannot use {blocker}")
    assert "part of the path is a file, not a folder" in line and "--debug" in line
    assert "Traceback" not in line
    with pytest.raises(NotADirectoryError):
        main(["--debug", "build", "--minutes", "5"])


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            FileNotFoundError(2, "No such file or directory", "/proc/x"),
            "cannot use /proc/x: no such file or folder",
        ),
        (
            PermissionError(13, "Permission denied", "/a", None, "/b"),
            "cannot use /a -> /b: permission denied",
        ),
        (OSError(28, "No space left on device"), "a file operation failed: the disk is full (OSError)"),
        (OSError(999, "Odd Thing", "/c"), "cannot use /c: odd Thing"),
    ],
)
def test_os_error_messages(
    error: OSError, expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import unknot.routine_files.discovery

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(unknot.routine_files.discovery, "discover", fail)
    assert main(["list"]) == 1
    assert capsys.readouterr().err == f"unknot: {expected} (run with --debug to see where)\n"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["list", "show si-joint-10", f"validate {DATA / 'short.yaml'}"])
def test_fast_commands_import_no_textual(command: str) -> None:
    code = (
        "import sys, runpy; sys.argv = ['unknot', *sys.argv[1:]]\n"
        "from unknot.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))\n"
        "raise SystemExit(status)\n"
    )
    result = _run("-c", code, *command.split())
    assert result.returncode == 0, result.stderr


def test_python_dash_m_works() -> None:
    result = _run("-m", "unknot", "--version")
    assert result.returncode == 0 and result.stdout.startswith("unknot ")


def test_show_is_a_home_program(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "si-joint-10"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "You need: foam roller, tennis ball" in lines
    header = next(line for line in lines if line.lstrip().startswith("START"))
    assert header.split() == ["START", "REGION", "SIDE", "TECHNIQUE", "POSITION", "TOOL", "READY", "TIME"]
    piriformis = next(line for line in lines if "Piriformis" in line and "left" in line)
    assert "Trigger point" in piriformis and "On your back" in piriformis and "tennis ball" in piriformis
    assert "10 s" in piriformis and "1:15" in piriformis and piriformis.lstrip().startswith("6:10")
    after = lines[lines.index(piriformis) + 1].strip()
    assert after == catalog.instruction("piriformis", "trigger_point")  # the step's instruction
    assert lines[lines.index(piriformis) + 2].strip() == "Phases: find 15 s, hold 55 s, release 5 s."
    assert "Total 10:00 on the clock" in out
