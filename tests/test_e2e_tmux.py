"""The real ``unknot run`` in a real terminal (tmux), driven as a person would, with no sound device.

It checks the journey (reminder first, the region, pause holds the countdown, the summary), that nothing
from ALSA reaches the screen, and the timing of every ``segment_start`` in the ``--events`` log.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tmux import TmuxSession, available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

ROUTINE = """\
name: End-to-end routine
transition: 2s
segments:
  - region: lumbar
    technique: swedish
    duration: 6s
  - region: piriformis
    technique: trigger_point
    duration: 3s
    sides: both
"""
TOLERANCE = 0.050


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A HOME whose ALSA default device cannot open, and private data and routine folders."""
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\n")
    (tmp_path / "routines").mkdir()
    return {
        "HOME": str(tmp_path / "home"),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(tmp_path / "routines"),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
    }


def countdown_in_title(tm: TmuxSession) -> str:
    # The app puts "0:05 · Lower back · unknot" in the terminal title; it is easier to read than Digits.
    return tm.title().split(" · ")[0]


def test_follow_pause_and_finish_a_routine(tmp_path: Path, home: dict[str, str]) -> None:
    routine = tmp_path / "e2e.yaml"
    routine.write_text(ROUTINE)
    events_path = tmp_path / "events.jsonl"
    command = [sys.executable, "-m", "unknot", "run", str(routine), "--events", str(events_path)]
    screens: list[str] = []
    with TmuxSession.start(command, size=(100, 30), env=home) as tm:
        first = tm.wait_for("Consult a qualified professional", timeout=20)
        screens.append(first)
        assert "Move to:" not in first and not events_path.read_text()  # nothing is timing yet
        tm.send_keys("Enter")
        screens.append(tm.wait_for("how much pain"))
        tm.send_keys("Escape")
        screens.append(tm.wait_for("Lower back"))
        screens.append(tm.wait_for("Now · segment 1 of 3", timeout=5))
        # No device here: the short line (or, without simpleaudio, the reason), never silence unexplained.
        assert "No sound device: using the bell and flashes" in screens[-1] or "sound off:" in screens[-1]
        time.sleep(1.2)
        tm.send_keys("space")
        screens.append(tm.wait_for("Paused"))
        held = countdown_in_title(tm)
        time.sleep(2.0)
        assert countdown_in_title(tm) == held
        screens.append(tm.capture_pane())
        tm.send_keys("space")
        tm.wait_until(lambda _: countdown_in_title(tm) != held, timeout=3, what="the countdown to move")
        screens.append(tm.wait_for("after the session", timeout=30))
        tm.send_keys("Escape")
        screens.append(tm.wait_for("Session complete"))
        tm.send_keys("Enter")
        screens.append(tm.wait_for("Choose a routine"))
        tm.send_keys("q")
        tm.wait_for_exit()
    assert not [s for s in screens if "ALSA" in s]

    events = [json.loads(line) for line in events_path.read_text().splitlines()]
    names = [e["event"] for e in events]
    for step in range(3):
        mine = [e["event"] for e in events if e["segment"] == step and e["event"] != "tick"]
        expected = ["get_ready", "segment_start", "halfway", "segment_end"]
        assert [n for n in mine if n in expected] == expected, (step, mine)
    assert names.count("paused") == 1 and names.count("resumed") == 1
    assert names.index("paused") < names.index("resumed")
    assert "switch_sides" in names and names[-1] == "finished"

    # Timing: each segment_start against the plan, moved on by the time spent paused before it.
    plan = json.loads(
        subprocess.run(
            [sys.executable, "-m", "unknot", "show", str(routine), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    paused_at = next(e["t"] for e in events if e["event"] == "paused")
    resumed_at = next(e["t"] for e in events if e["event"] == "resumed")
    errors = []
    for event in events:
        if event["event"] != "segment_start":
            continue
        planned = plan["segments"][event["segment"]]["start"]
        if event["t"] > paused_at:
            planned += resumed_at - paused_at
        errors.append(abs(event["t"] - planned))
    worst = max(errors)
    print(f"segment_start timing in tmux: worst error {worst * 1000:.1f} ms over {len(errors)} segments")
    assert worst <= TOLERANCE, errors
