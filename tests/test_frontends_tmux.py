"""One session, two front ends: left in the real app, resumed in plain mode, and the other way round.

The app runs in tmux as a person would use it; plain mode runs through pipes. Both use the same store, so
a session quit in one comes back in the other at the same step and time, paused.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

from tests.journeys import countdown, into_player
from tests.test_plain import Plain
from tests.tmux import TmuxSession, available
from unknot.session.store import Store

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

ROUTINE = """\
name: Two fronts
transition: 1s
segments:
  - region: piriformis
    technique: trigger_point
    duration: 20s
    sides: both
    get_ready: 1s
"""
# get_ready: the first step is a change (down onto your back with a ball) that would take 20 s.
UNKNOT = [sys.executable, "-m", "unknot"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "fronts.yaml").write_text(ROUTINE, encoding="utf-8")
    return {
        "HOME": str(tmp_path),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(routines),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONUNBUFFERED": "1",
    }


def saved(env: dict[str, str]) -> tuple[int, float, bool]:
    """(step, seconds done in it, paused) of the session in progress."""
    with Store.open(Path(env["UNKNOT_DATA_DIR"]) / "unknot.db") as store:
        progress = store.load_progress()
    assert progress is not None
    snap = progress.snapshot
    return int(snap["step"]), float(snap["done"]), bool(snap["paused"])


def plain_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


def test_left_in_the_app_resumed_in_plain_mode(env: dict[str, str]) -> None:
    with TmuxSession.start([*UNKNOT, "run", "fronts", "--mute"], size=(100, 30), env=env) as tm:
        into_player(tm, "Now · segment 1 of 2")
        time.sleep(2.5)
        tm.send_keys("q")
        tm.wait_for_exit()
    step, done, _ = saved(env)
    assert step == 0 and 0.0 < done < 20.0  # within the first step; how far depends on the machine
    left = 20 - done

    run = Plain(plain_env(env), "resume", "--yes")
    line = run.wait_for("Paused where you left off")[1]
    match = re.search(r"segment 1 of 2, Left piriformis, Trigger point, (\d+):(\d\d) left", line)
    assert match, line
    assert abs(int(match[1]) * 60 + int(match[2]) - left) <= 1  # the countdown rounds up part seconds
    run.send("q\n")
    run.close()
    status, _, err = run.finish()
    assert status == 0, err
    assert saved(env)[:2] == (step, pytest.approx(done, abs=0.01))  # nothing ran while it was paused


def test_left_in_plain_mode_resumed_in_the_app(env: dict[str, str]) -> None:
    run = Plain(plain_env(env), "run", "fronts", "--yes")
    run.wait_for("Begin")
    time.sleep(2.5)
    run.send("q\n")
    run.close()
    status, out, err = run.finish()
    assert status == 0, err
    assert "progress is kept" in out
    step, done, _ = saved(env)
    assert step == 0 and 0.0 < done < 20.0  # within the first step; how far depends on the machine

    with TmuxSession.start([*UNKNOT, "resume", "--mute"], size=(100, 30), env=env) as tm:
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")
        screen = tm.wait_for("Paused")
        assert "Left piriformis" in screen
        shown = countdown(tm)
        assert abs(shown - (20 - done)) <= 1
        time.sleep(1.5)
        assert countdown(tm) == shown  # paused: the countdown holds still
        tm.send_keys("space")
        tm.wait_until(lambda _: countdown(tm) != shown, what="the countdown to move")
        tm.send_keys("q")
        tm.wait_for_exit()
