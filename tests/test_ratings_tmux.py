"""The ratings journey in a real terminal (tmux): rate pain before and after, then see it in the history.

In the app: 6 and left before, 3 and "easier" after; the history screen then lists the session with 6 and 3.
In plain mode, whose stdin is the terminal here: the same questions as lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_e2e_tmux import home
from tests.tmux import TmuxSession, available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]
__all__ = ["home"]  # the fixture, shared with the other journey

# The ratings come before and after the session, so its length is not the point: one short step (7 s with
# its get-ready) rather than the other journey's three (34 s).
ROUTINE = """\
name: End-to-end routine
transition: 2s
segments:
  - region: lumbar
    technique: swedish
    duration: 5s
"""


def _history(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "unknot", "history", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def test_rate_before_and_after_then_the_history_screen_shows_it(tmp_path: Path, home: dict[str, str]) -> None:
    routine = tmp_path / "rated.yaml"
    routine.write_text(ROUTINE)
    command = [sys.executable, "-m", "unknot", "run", str(routine), "--mute"]
    with TmuxSession.start(command, size=(100, 30), env=home) as tm:
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")
        tm.wait_for("how much pain")
        tm.send_keys("6", "Enter")
        tm.wait_for("Where is the pain?")
        tm.send_keys("l")
        tm.wait_for("Now · segment 1 of 1")
        tm.wait_for("after the session")
        tm.send_keys("3", "Enter")
        tm.wait_for("Stand up from a chair")
        tm.send_keys("e")
        summary = tm.wait_for("Standing up from a chair: easier")
        assert "Pain now: 3 of 10" in summary and "1st session this week" in summary
        tm.send_keys("Enter")
        tm.wait_for("Choose a routine")
        tm.send_keys("H")
        screen = tm.wait_for("DATE")
        row = next(line for line in screen.splitlines() if "End-to-end routine" in line)
        assert row.split()[-3:] == ["6", "3", "yes"], row
        tm.send_keys("Escape")
        tm.wait_for("Choose a routine")
        tm.send_keys("q")
        tm.wait_for_exit()
    by_routine = _history(home, "--by", "routine").splitlines()
    assert by_routine[1].split() == ["rated", "1", "1", "-3", "-3", "to", "-3", "100%", "0"]
    assert "rated lowered your pain by 3 points on average over 1 session." in by_routine[-1]


def test_plain_mode_asks_the_same_as_lines_at_a_terminal(tmp_path: Path, home: dict[str, str]) -> None:
    routine = tmp_path / "plainly.yaml"
    routine.write_text(ROUTINE)
    command = [sys.executable, "-m", "unknot", "run", str(routine), "--plain", "--mute"]
    with TmuxSession.start(command, size=(120, 40), env=home) as tm:
        tm.wait_for("Press Enter to begin")
        tm.send_keys("Enter")
        tm.wait_for("how much pain do you feel right now, 0-10?")
        tm.send_keys("5", "Enter")
        tm.wait_for("Where is the pain? l left, r right, b both sides, m middle")
        tm.send_keys("b", "Enter")
        tm.wait_for("Begin")
        tm.wait_for("after the session, 0-10?")
        tm.send_keys("2", "Enter")
        tm.wait_for("easier, s the same, h harder")
        tm.send_keys("h", "Enter")
        tm.wait_for("Saved to your history.")
        tm.wait_for_exit()
    assert "plainly  " in _history(home, "--by", "routine")
    csv = _history(home, "--csv").splitlines()
    assert csv[1].split(",")[3:5] == ["5", "2"]
