"""Leaving by any door keeps the session: SIGTERM, SIGHUP, a closed terminal, ctrl+q, ctrl+c and q.

Each case runs the real app in tmux, leaves mid-segment, checks what the database holds against the
countdown that was on screen, then runs ``unknot resume`` and finds the same segment, paused, at that time.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.journeys import countdown, into_player, next_second
from tests.tmux import WAIT_SECONDS, TmuxSession, available
from unknot.session.store import Store

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

ROUTINE = """\
name: Signal test routine
transition: 1s
segments:
  - region: gluteus_medius
    technique: trigger_point
    duration: 30s
    sides: both
    get_ready: 1s
"""
# get_ready: the first step is a change (to a wall with a ball) that would take 10 s.


@pytest.mark.parametrize("door", ["SIGTERM", "SIGHUP", "closed terminal", "ctrl+q", "ctrl+c", "q"])
def test_leaving_keeps_the_session_and_resume_finds_it(door: str, tmp_path: Path) -> None:
    routine = tmp_path / "routines" / "signals.yaml"
    routine.parent.mkdir()
    routine.write_text(ROUTINE)
    env = {
        "HOME": str(tmp_path),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(routine.parent),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
    }
    unknot = [sys.executable, "-m", "unknot"]
    with TmuxSession.start([*unknot, "run", "signals", "--mute"], size=(100, 30), env=env) as tm:
        into_player(tm, "Now · segment 1 of 2")
        next_second(tm)  # a second has gone by: the session runs
        shown, running_at = next_second(tm)
        pid = tm.pane_pid()
        if door in ("SIGTERM", "SIGHUP"):
            os.kill(pid, getattr(signal, door))
        elif door == "closed terminal":
            tm.kill()  # tmux hangs up on the pane, as a closed terminal window does
        else:
            tm.send_keys({"ctrl+q": "C-q", "ctrl+c": "C-c", "q": "q"}[door])
        deadline = time.monotonic() + WAIT_SECONDS  # a deadline: the app leaves within a second when idle
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the app did not leave on {door}")
        # The save cannot be later than the app's end: from running_at it may have run this long at most.
        ran_on = time.monotonic() - running_at

    with Store.open(tmp_path / "data" / "unknot.db") as store:
        assert store.integrity_ok()
        progress = store.load_progress()
    assert progress is not None, f"nothing saved on {door}"
    snap = progress.snapshot
    left = snap["length"] - snap["done"]
    assert snap["step"] == 0 and snap["phase"] == "segment"
    # Saved as it left: no earlier than the last checkpoint before the countdown showed ``shown`` (at most
    # a second and a half more left), no later than its end. How late it answered the door depends on the
    # machine's load, so the lower bound is what the countdown showed less the time measured to the end.
    assert shown - 1 - ran_on <= left <= shown + 1.5, (left, shown, ran_on)

    with TmuxSession.start([*unknot, "resume", "--mute"], size=(100, 30), env=env) as tm:
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")
        screen = tm.wait_for("Paused")
        assert "Left gluteus medius" in screen
        assert countdown(tm) == -(-left // 1)
        tm.send_keys("q")
