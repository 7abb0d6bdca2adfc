"""Steps that the tmux journey tests share: getting the real app into its player, reading its countdown."""

from __future__ import annotations

import time

from tests.tmux import WAIT_SECONDS, TmuxError, TmuxSession


def into_player(tm: TmuxSession, first_segment: str = "Now · segment 1 of") -> str:
    """Past the reminder (Enter) and the pain question (Esc) to the first segment; the screen then."""
    tm.wait_for("Consult a qualified professional")
    tm.send_keys("Enter")
    tm.wait_for("how much pain")
    tm.send_keys("Escape")
    return tm.wait_for(first_segment)


def countdown(tm: TmuxSession) -> int:
    """The seconds the player's countdown shows, read from the terminal title ("0:42 · Left ... · unknot")."""
    minutes, seconds = tm.title().split(" · ")[0].split(":")
    return int(minutes) * 60 + int(seconds)


def next_second(tm: TmuxSession, timeout: float = WAIT_SECONDS) -> tuple[int, float]:
    """Wait for the countdown to move on; return what it shows then, and a moment it was already running.

    The title changed between the last two looks, so it was written after the earlier one began: at that
    moment (returned, on ``time.monotonic``) the session had at least the shown seconds minus one left,
    however late a loaded machine drew it. A test can bound how much a save may lag from there on.
    """
    mark = time.monotonic()
    first = countdown(tm)
    deadline = mark + timeout
    while True:
        look = time.monotonic()
        shown = countdown(tm)
        if shown != first:
            return shown, mark
        if look >= deadline:
            raise TmuxError(
                f"the countdown stayed at {first} s for {timeout} s; screen:\n{tm.capture_pane()}"
            )
        mark = look  # this look still saw the old value: the change was written after it began
        time.sleep(0.02)
