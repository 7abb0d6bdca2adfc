"""ctrl+z and fg in a real shell: the app stops, comes back paused, and its keys work again.

The app's input thread (``unknot.ui.quiet_driver``) sleeps until a key comes and is woken through a pipe when
the driver stops listening; ctrl+z closes the driver and fg starts the same driver again, so this is the
path where a closed pipe would show (it did: the first try came back with a traceback).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.journeys import into_player
from tests.tmux import TmuxSession, available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

ROUTINE = """\
name: Suspend test routine
transition: 1s
segments:
  - region: lumbar
    technique: swedish
    duration: 60s
"""


def test_ctrl_z_then_fg_comes_back_paused_and_listening(tmp_path: Path) -> None:
    routine = tmp_path / "routines" / "suspend.yaml"
    routine.parent.mkdir()
    routine.write_text(ROUTINE)
    env = {
        "HOME": str(tmp_path),
        "PS1": "shell$ ",
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(routine.parent),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
    }
    command = shlex.join([sys.executable, "-m", "unknot", "run", "suspend", "--mute"])
    with TmuxSession.start(["bash", "--norc", "--noprofile"], size=(100, 30), env=env) as tm:
        tm.wait_for("shell$")
        tm.send_keys(command, "Enter")
        into_player(tm)  # Enter, then a lone Escape for the pain question: the parser's timeout path
        tm.send_keys("C-z")
        tm.wait_for("Stopped")
        tm.send_keys("fg", "Enter")
        screen = tm.wait_for("Paused", timeout=10)
        assert "Traceback" not in screen and "Error" not in screen
        tm.send_keys("space")  # read by the input thread started again
        tm.wait_for("Now · segment 1 of", timeout=10)
        tm.send_keys("q")
        screen = tm.wait_for("Progress saved", timeout=10)
        assert "Traceback" not in screen
