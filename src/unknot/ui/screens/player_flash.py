"""The flash that shows every cue: the whole window, the countdown alone, or nothing (``flash`` setting).

``screen`` (the default) puts one class on the player's body container for 0.4 s, which changes only its
background (and turns the countdown over, so the flash shows under ``NO_COLOR`` too); ``countdown`` marks
the countdown and the banner above it, as before. The class goes on as few widgets as possible: a class on
the screen itself restyles every widget on it (15-40 ms of CPU a time), and cues come several times a
step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.timer import Timer
from textual.widget import Widget

from unknot.settings import FLASH_MODES

FLASH_SECONDS = 0.4


class Flasher:
    """Lights the player up for :data:`FLASH_SECONDS` on each cue."""

    def __init__(
        self,
        mode: str,
        body: Callable[[], Widget],
        marked: Callable[[], Iterable[Widget]],
        set_timer: Callable[[float, Callable[[], None]], Timer],
    ) -> None:
        self.mode = mode if mode in FLASH_MODES else "screen"
        self._body = body
        self._marked = marked
        self._set_timer = set_timer
        self._timer: Timer | None = None

    def _targets(self) -> list[Widget]:
        if self.mode == "screen":
            return [self._body()]
        if self.mode == "countdown":
            return list(self._marked())
        return []

    def flash(self) -> None:
        """Light up; a cue during a flash lights up again, for the full time."""
        if self._timer is not None:
            self._timer.stop()
        targets = self._targets()
        for widget in targets:
            widget.set_class(True, "-flash")

        def off() -> None:
            self._timer = None
            for widget in targets:
                widget.set_class(False, "-flash")

        self._timer = self._set_timer(FLASH_SECONDS, off)
