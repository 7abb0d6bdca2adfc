"""The wheel carries the routines and sounds, and works when installed on its own."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("unknot-*.whl")
    return built


def test_the_wheel_carries_routines_sounds_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for routine in (ROOT / "routines").glob("*.yaml"):
        assert f"unknot/routines/{routine.name}" in names
    for sound in (ROOT / "sounds").glob("*.wav"):
        assert f"unknot/sounds/{sound.name}" in names
    assert "unknot/ui/screens/player.tcss" in names
    # The catalog's facts are data read when unknot starts; without the file nothing runs.
    assert "unknot/model/catalog.toml" in names
    assert "unknot/py.typed" in names


def test_the_sdist_carries_the_catalog_data(tmp_path: Path) -> None:
    # A wheel built from the sdist (pip install of the .tar.gz) needs the data file in it too.
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = tmp_path.glob("unknot-*.tar.gz")
    with tarfile.open(built) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    assert "src/unknot/model/catalog.toml" in names
    assert "src/unknot/model/catalog.py" in names


@pytest.mark.slow
def test_installed_wheel_lists_routines(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # Only the wheel is installed; its dependencies come from the venv running the tests (a .pth file),
    # so the test needs no network.
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site) / "zz_test_deps.pth").write_text("\n".join(deps) + "\n")
    env = {"PATH": "/usr/bin:/bin", "UNKNOT_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    run = subprocess.run(
        [str(env_dir / "bin" / "unknot"), "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "si-joint-10" in run.stdout and "10:00" in run.stdout
    located = subprocess.run(
        [
            str(python),
            "-c",
            "import unknot.paths as p; print(p.builtin_routines_dir(), p.builtin_sounds_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout.split()
    assert all(path.startswith(site) for path in located), "the installed wheel must use its own data"
