"""A fresh venv with no compiler: `pip install .` gives sound, through a real (private) PulseAudio server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pulse import PulseServer, find_cues, raise_priority, samples_of, start_pulse, stop_pulse
from tests.test_sound_pulse import SHORT, child_env, expected_sounds, needs_pulse, templates

pytestmark = [needs_pulse]


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseServer]:
    server = start_pulse(tmp_path / "pulse")
    yield server
    stop_pulse(server)


@pytest.mark.slow
def test_a_fresh_venv_without_a_compiler_installs_and_sounds(pulse: PulseServer, tmp_path: Path) -> None:
    # `pip install .` with no compiler on the PATH (CC=false, PATH only the venv): nothing may need
    # building, and the session's cues reach the sound server through miniaudio from its wheel.
    root = Path(__file__).resolve().parents[2]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(CC="false", CXX="false", PATH=str(venv / "bin"))
    assert shutil.which("gcc", path=env["PATH"]) is None and shutil.which("cc", path=env["PATH"]) is None
    copy = tmp_path / "src"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".venv", ".git", "*_cache", "__pycache__"))
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(copy),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    listed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "miniaudio==" in listed and "simpleaudio" not in listed

    run_env = child_env(pulse, tmp_path, None) | {"PATH": str(venv / "bin")}
    with pulse.record(tmp_path / "out.raw") as out:
        result = subprocess.run(
            [str(venv / "bin" / "unknot"), "run", str(SHORT), "--plain", "--yes"],
            env=run_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            preexec_fn=raise_priority,  # its sound keeps time beside CPU-bound processes (see pulse.py)
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == "sound: on (miniaudio, PulseAudio)"
    heard = find_cues(samples_of(out.read_bytes()), templates())
    assert [name for _, name, _ in heard] == expected_sounds(SHORT), heard
