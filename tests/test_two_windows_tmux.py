"""Two real unknot processes on one data folder, each in its own terminal (tmux): one owner per session.

Each step of the interleavings below is followed by a look at the progress row (routine, owner token)
and the history: nothing lost, nothing doubled. Plain mode shows each window's words as lines.
"""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import WAIT_SECONDS, TmuxSession, available, running

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

LONG = "name: Long one\ntransition: 1s\nsegments:\n  - {region: lumbar, technique: swedish, duration: 40s}\n"
SHORT = (
    "name: Short one\ntransition: 1s\nsegments:\n"
    "  - {region: lumbar, technique: swedish, duration: 2s}\n"
    "  - {region: gluteal, technique: swedish, duration: 2s}\n"
)
BUSY = "This session is open in another unknot window (pid "


class Folder:
    """One data folder and the windows that share it."""

    def __init__(self, tmp_path: Path) -> None:
        routines = tmp_path / "routines"
        routines.mkdir()
        (routines / "long.yaml").write_text(LONG)
        (routines / "short.yaml").write_text(SHORT)
        self.db = tmp_path / "data" / "unknot.db"
        # The pain questions (asked at a terminal) are another test's: here windows go straight to work.
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "config.toml").write_text('ask_pain = "never"\n')
        self.env = {
            "HOME": str(tmp_path),
            "UNKNOT_DATA_DIR": str(self.db.parent),
            "UNKNOT_ROUTINES_DIR": str(routines),
            "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
            "PYTHONUNBUFFERED": "1",
        }
        self.windows: list[TmuxSession] = []

    def window(self, *args: str) -> TmuxSession:
        """``unknot ARGS --mute`` in a new terminal; the shell stays to show how it ended."""
        command = shlex.join([sys.executable, "-m", "unknot", *args, "--mute"])
        tm = TmuxSession.start(
            ["sh", "-c", f"{command}; echo EXIT=$?; sleep 120"], size=(200, 40), env=self.env
        )
        self.windows.append(tm)
        return tm

    def row(self) -> tuple[str, str | None] | None:
        """(routine id, owner token) of the progress row, read as any other program would."""
        if not self.db.exists():
            return None
        with sqlite3.connect(self.db) as conn:
            row = conn.execute("SELECT routine_id, owner FROM progress").fetchone()
        return None if row is None else (str(row[0]), row[1])

    def history(self) -> list[str]:
        with sqlite3.connect(self.db) as conn:
            return [r[0] for r in conn.execute("SELECT routine_id FROM sessions ORDER BY id")]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Folder]:
    shared = Folder(tmp_path)
    yield shared
    for tm in shared.windows:
        tm.kill()


def unknot_pid(tm: TmuxSession) -> int:
    """The pid of the unknot process under the window's shell."""
    out = subprocess.run(["pgrep", "-P", str(tm.pane_pid())], capture_output=True, text=True, check=False)
    return int(out.stdout.split()[0])


def wait_row(
    folder: Folder,
    routine_id: str | None,
    timeout: float = WAIT_SECONDS,
    *,
    owner_not: str | None = None,
) -> tuple[str, str | None] | None:
    """The progress row once it is ``routine_id``'s (and not owned by ``owner_not``): a deadline, no delay."""
    deadline = time.monotonic() + timeout
    while True:
        row = folder.row()
        if (row[0] if row else None) == routine_id and (
            row is None or owner_not is None or row[1] != owner_not
        ):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"progress row is {row}, not {routine_id} (owned by other than {owner_not})")
        time.sleep(0.05)


def test_a_second_window_is_refused_while_the_first_runs_and_takes_over_after(folder: Folder) -> None:
    a = folder.window("run", "long", "--plain", "--yes")
    a.wait_for("0:01 Begin")
    owner_a = wait_row(folder, "long")
    pid_a = unknot_pid(a)

    # start, --yes start (which would replace the saved session), and resume: all refused, nothing offered
    for args in (("run", "short", "--plain"), ("run", "short", "--plain", "--yes"), ("resume", "--plain")):
        b = folder.window(*args)
        screen = b.wait_for("EXIT=")
        assert f"{BUSY}{pid_a})" in screen and "EXIT=2" in screen
        assert "r resume it" not in screen and "discard" not in screen.lower()
        assert folder.row() == owner_a and folder.history() == []
        b.kill()
    # the full-screen app refuses too, before it shows anything
    b = folder.window("run", "short")
    assert f"{BUSY}{pid_a})" in b.wait_for("EXIT=2")
    b.kill()

    # A quits: its row stays, with its owner; B may now resume it and becomes its owner
    a.send_keys("q", "Enter")
    assert "progress is kept" in a.wait_for("EXIT=0")
    assert folder.row() == owner_a
    b = folder.window("run", "short", "--plain")
    b.wait_for("r resume it")
    b.send_keys("r", "Enter")
    b.wait_for("Press Enter to go back")
    b.send_keys("Enter")
    b.wait_for("Paused where you left off")
    b.send_keys("Enter")
    b.wait_for("Resumed")
    assert owner_a is not None
    row_b = wait_row(folder, "long", owner_not=owner_a[1])  # B's first save makes it the owner
    assert row_b is not None and row_b[1] is not None
    # ... and A, started again, is refused while B runs it
    a2 = folder.window("resume", "--plain")
    assert f"{BUSY}{unknot_pid(b)})" in a2.wait_for("EXIT=2")
    assert folder.row() == row_b

    # kill -9 of B: the session is resumable at once in another window, and finishes into history once
    pid_b = unknot_pid(b)
    os.kill(pid_b, signal.SIGKILL)
    while running(pid_b):
        time.sleep(0.02)
    c = folder.window("resume", "--plain", "--yes")
    c.wait_for("Paused where you left off")
    c.send_keys("n", "Enter")  # skip to the end of the one segment: the session finishes
    c.wait_for("EXIT=0")
    assert folder.row() is None and folder.history() == ["long"]


def test_discard_sticks_and_a_finished_session_is_in_history_once(folder: Folder) -> None:
    a = folder.window("run", "long", "--plain", "--yes")
    a.wait_for("Begin")
    a.send_keys("q", "Enter")
    a.wait_for("EXIT=0")
    assert wait_row(folder, "long")

    # B discards it and runs the short one to its end; nothing re-saves the discarded session
    b = folder.window("run", "short", "--plain")
    b.wait_for("d discard it")
    b.send_keys("d", "Enter")
    b.wait_for("Press Enter to begin")
    b.send_keys("Enter")
    wait_row(folder, "short")
    c = folder.window("run", "long", "--plain", "--yes")  # while B runs: refused, no replacing
    assert BUSY in c.wait_for("EXIT=2")
    assert b.wait_for("EXIT=0")
    assert folder.row() is None and folder.history() == ["short"]
    time.sleep(1.5)  # longer than a checkpoint: nobody brings the discarded one back
    assert folder.row() is None and folder.history() == ["short"]
    d = folder.window("resume", "--plain")
    assert "no session in progress" in d.wait_for("EXIT=2")


def test_two_windows_started_at_once_make_one_owner(folder: Folder) -> None:
    a = folder.window("run", "long", "--plain", "--yes")
    b = folder.window("run", "short", "--plain", "--yes")
    screens = [tm.wait_for_any(["Begin", "EXIT=2"])[1] for tm in (a, b)]
    began = [s for s in screens if "Begin" in s]
    refused = [s for s in screens if BUSY in s]
    assert len(began) == 1 and len(refused) == 1
    # The row is the one that began (a deadline on it: a loaded machine may save later than at once).
    assert wait_row(folder, "long" if "Begin" in screens[0] else "short")


def test_after_kill_9_the_next_window_may_start_it_over_at_once(folder: Folder) -> None:
    a = folder.window("run", "long", "--plain", "--yes")
    a.wait_for("0:01 Begin")
    time.sleep(2.5)
    owner_a = wait_row(folder, "long")
    pid_a = unknot_pid(a)
    os.kill(pid_a, signal.SIGKILL)
    while running(pid_a):
        time.sleep(0.02)
    b = folder.window("run", "short", "--plain")
    b.wait_for("s start it over")  # no lock left behind: offered at once
    b.send_keys("s", "Enter")
    b.wait_for("Press Enter to begin")
    b.send_keys("Enter")
    b.wait_for("Begin")
    b.send_keys("q", "Enter")
    assert "progress is kept" in b.wait_for("EXIT=0")
    with sqlite3.connect(folder.db) as conn:
        routine_id, owner, snapshot = conn.execute(
            "SELECT routine_id, owner, snapshot FROM progress"
        ).fetchone()
    assert owner_a is not None and routine_id == "long" and owner != owner_a[1]
    assert '"step": 0' in snapshot and folder.history() == []
