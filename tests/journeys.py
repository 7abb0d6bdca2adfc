"""Steps that the tmux journey tests share: getting the real app into its player, reading its countdown."""

from __future__ import annotations

from tests.tmux import TmuxSession


def into_player(tm: TmuxSession, first_segment: str = "Now · segment 1 of") -> str:
    """Past the reminder (Enter) and the pain question (Esc) to the first segment; the screen then."""
    tm.wait_for("Consult a qualified professional", timeout=20)
    tm.send_keys("Enter")
    tm.wait_for("how much pain")
    tm.send_keys("Escape")
    return tm.wait_for(first_segment, timeout=5)


def countdown(tm: TmuxSession) -> int:
    """The seconds the player's countdown shows, read from the terminal title ("0:42 · Left ... · unknot")."""
    minutes, seconds = tm.title().split(" · ")[0].split(":")
    return int(minutes) * 60 + int(seconds)
