"""The shared tmux driver (tests/tmux.py) itself: start, type, read, resize, title, pid, close."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import Figure
from tests.tmux import TmuxError, TmuxSession, available, running

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(not available(), reason="needs tmux")]

# A tiny full-screen-ish program: sets the title, echoes each line it reads, reports its terminal size.
ECHO = """
import os, sys
sys.stdout.write("\\x1b]2;echo-title\\x07ready " + os.environ["GREETING"] + "\\n")
sys.stdout.flush()
for line in sys.stdin:
    size = os.get_terminal_size()
    print(f"got {line.strip()} at {size.columns}x{size.lines}", flush=True)
"""


def test_the_driver_runs_types_reads_and_closes(figure: Figure) -> None:
    start = time.perf_counter()
    with TmuxSession.start([sys.executable, "-c", ECHO], size=(60, 12), env={"GREETING": "hi; there"}) as tm:
        tm.wait_for("ready hi; there", timeout=10)
        assert tm.title() == "echo-title"
        pid = tm.pane_pid()
        assert running(pid)
        argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
        assert argv0 == sys.executable, argv0  # tmux ran the command itself, no shell in between
        tm.send_keys("one", literal=True)
        tm.send_keys("Enter")
        tm.wait_for("got one at 60x12")
        tm.resize(80, 20)
        tm.send_keys("two", "Enter")
        found, _screen = tm.wait_for_any(["got two at 80x20", "never shown"])
        assert found == "got two at 80x20"
        title, same = tm.title_and_screen()
        assert title == "echo-title" and "got two" in same
        with pytest.raises(TmuxError, match="timed out"):
            tm.wait_for("never shown", timeout=0.2)
    assert not running(pid), "closing the terminal did not end the program"
    assert not tm.folder.exists()
    figure(
        f"tmux driver: start, keys, capture, resize, title, pid, close in {time.perf_counter() - start:.1f} s"
    )
