"""A data folder unknot cannot write: the saved session and the history still show, and it says plainly that
nothing will be saved (and never that progress is kept).

The folder is made read-only with chmod; under root, which ignores file modes, unknot runs as ``nobody``
(``setpriv``), so the folder really cannot be written.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import TmuxSession, available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

DATA = Path(__file__).parent / "data"
QUICK = (
    "name: Quick test routine\ntransition: 1s\n"
    "segments:\n  - {region: lumbar, technique: swedish, duration: 2s}\n"
)
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    # Not under pytest's tmp_path: its parent is private to root, and `nobody` must be able to read in.
    top = Path(tempfile.mkdtemp(prefix="unknot-ro-"))
    top.chmod(0o755)
    (top / "routines").mkdir()
    # Only the data folder is read-only; a real user's HOME is writable. Where `nobody` cannot make
    # ~/.config/pulse, libpulse writes its complaint straight onto the terminal, which scrolls the screen
    # the test reads (the app's sound probe does not catch that output).
    (top / ".config").mkdir()
    (top / ".config").chmod(0o777)
    shutil.copy(DATA / "short.yaml", top / "routines" / "short.yaml")
    environ = {
        **os.environ,
        "HOME": str(top),
        "UNKNOT_DATA_DIR": str(top / "data"),
        "UNKNOT_ROUTINES_DIR": str(top / "routines"),
        "UNKNOT_CONFIG_DIR": str(top / "config"),
    }
    # A routine of one 2 s step (short.yaml takes 15 s), outside the routines folder: only the history
    # shows its name, the picker does not.
    quick = top / "quick.yaml"
    quick.write_text(QUICK)
    unknot = [sys.executable, "-m", "unknot"]
    # One finished session for the history, then one quit part-way for the saved session.
    subprocess.run([*unknot, "run", str(quick), "--plain", "--yes", "--mute"], env=environ, check=True,
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=60)  # fmt: skip
    subprocess.run([*unknot, "run", "short", "--plain", "--yes", "--mute"], env=environ, check=True,
                   input="q\n", text=True, capture_output=True, timeout=60)  # fmt: skip
    data = top / "data"
    for path in [data, *data.iterdir()]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield environ
    for path in [data, *data.iterdir()]:
        path.chmod(0o755)
    shutil.rmtree(top, ignore_errors=True)


def run(args: list[str], env: dict[str, str], keys: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AS_NOBODY, sys.executable, "-m", "unknot", *args],
        env=env,
        input=keys,
        text=True,
        capture_output=True,
        timeout=60,
    )


def test_history_and_the_saved_session_show_and_nothing_claims_to_be_kept(env: dict[str, str]) -> None:
    history = run(["history"], env)
    assert history.returncode == 0 and "Quick test routine" in history.stdout
    assert "No sessions yet" not in history.stdout
    assert "nothing will be saved" in history.stderr

    plain = run(["run", "short", "--plain", "--mute"], env, keys="r\n\nq\n")
    assert "nothing will be saved" in plain.stderr
    assert "r resume it (or just Enter)" in plain.stdout  # the saved session is offered
    assert "Paused where you left off" in plain.stdout
    assert "progress could NOT be saved" in plain.stdout
    assert "progress is kept" not in plain.stdout and "keeping your progress" not in plain.stdout

    unknot = [*AS_NOBODY, sys.executable, "-m", "unknot", "--debug"]
    with TmuxSession.start(unknot, size=(100, 30), env=env) as tm:
        screen = tm.wait_for("A session is in progress")
        assert "Resume 'Short test routine'" in screen
        assert "nothing will be saved" in tm.wait_for("nothing will be saved")
        tm.send_keys("Escape")  # decide later: the picker, where H shows the history
        # The picker (slow to draw on a busy machine), the prompt gone. It opens on si-joint-10, which can
        # scroll the user's routine at the top of the list out of view: wait for its title instead.
        tm.wait_until(
            lambda screen: "Choose a routine" in screen and "A session is in progress" not in screen,
            what="the picker",
        )
        tm.send_keys("H")
        # The picker's footer says "History" too: wait for what only the history screen shows.
        _, screen = tm.wait_for_any(["Quick test routine", "No sessions yet"])
        assert "Quick test routine" in screen and "No sessions yet" not in screen
