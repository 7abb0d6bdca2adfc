"""Holding a running session while something covers the player (help, the command palette, history).

Nobody can follow a countdown they cannot see: whatever covers the player pauses a running session, and
closing it resumes the session, but only when it was running before (a session paused by hand stays
paused). Holds nest, so the palette opening history resumes once, when the last of them closes.
"""

from __future__ import annotations

from collections.abc import Callable


class Hold:
    """Counts what covers the player; pauses on the first, resumes after the last if it paused."""

    def __init__(self, running: Callable[[], bool], control: Callable[[str], None]) -> None:
        self._running = running
        self._control = control
        self._depth = 0
        self._paused_by_us = False

    @property
    def held(self) -> bool:
        """Whether something covers the player now."""
        return self._depth > 0

    def cover(self) -> None:
        """Something now covers the player."""
        self._depth += 1
        if self._depth == 1 and self._running():
            self._paused_by_us = True
            self._control("pause")

    def uncover(self) -> None:
        """One cover is gone; the last one resumes the session if it paused it."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._paused_by_us:
            self._paused_by_us = False
            self._control("resume")
