"""Set-up (issue 15, item 6): ids where paths were asked for, copies named after their id, forgiving focus."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from unknot.cli import main
from unknot.model import catalog
from unknot.routine_files.builder import parse_focus
from unknot.routine_files.loader import load_routine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    return tmp_path / "routines"


def test_validate_takes_routine_ids_like_show_and_run(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "si-joint-10", "quick-relief-5"]) == 0
    assert "2 file(s) valid" in capsys.readouterr().err
    assert main(["validate", "no-such-routine"]) == 2


def test_new_from_names_the_copy_after_its_new_id(user_dirs: Path) -> None:
    assert main(["new", "my-back", "--from", "quick-relief-5"]) == 0
    copy = load_routine(user_dirs / "my-back.yaml")
    assert copy.name == "my-back"
    assert len(copy.segments) == len(load_routine(ROOT / "routines" / "quick-relief-5.yaml").segments)


def test_build_focus_takes_names_as_people_type_them() -> None:
    assert parse_focus("Piriformis, hip-flexors") == ("piriformis", "hip_flexors")
    assert parse_focus("hip flexors,GLUTEUS_MEDIUS") == ("hip_flexors", "gluteus_medius")


def test_build_help_lists_the_region_ids(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for region in catalog.REGIONS:
        assert region in shown, region


def test_make_install_puts_unknot_on_the_path(tmp_path: Path) -> None:
    # Without pipx (PIPX names no program), it links .venv/bin/unknot into ~/.local/bin.
    if not (ROOT / ".venv" / ".installed-run").exists():
        pytest.fail("make .venv/.installed-run first")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        ["make", "-s", "install", "PIPX=no-pipx-here"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    link = tmp_path / ".local" / "bin" / "unknot"
    assert link.resolve() == (ROOT / ".venv" / "bin" / "unknot").resolve()
    assert "add ~/.local/bin to your PATH" in done.stdout
    listed = subprocess.run(
        ["unknot", "list"],
        env={**env, "PATH": f"{link.parent}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0 and "si-joint-10" in listed.stdout
