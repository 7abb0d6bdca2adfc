"""The flash that shows every cue: the whole window, the countdown alone, or nothing (``flash`` setting).

``screen`` (the default) tints the whole window toward the accent colour for 0.4 s and turns the countdown
over (so the flash shows under ``NO_COLOR`` too); ``countdown`` marks the countdown and the banner above it.
The window's tint is a line filter (:class:`WindowTint`) over what is already drawn, not a class on the
player's body: a class on a container restyles every widget in it and has each draw all its lines again
(about 35 ms of CPU at 200x60, twice a cue), while a filter only recolours the lines Textual has cached
(a third of that). The classes that remain go on as few widgets as possible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.timer import Timer
from textual.widget import Widget

from unknot.settings import FLASH_MODES

FLASH_SECONDS = 0.4
TINT = 0.35
"""How far the window's backgrounds move toward the accent colour in a flash."""


class WindowTint(LineFilter):
    """Moves every cell's background :data:`TINT` of the way toward ``colour``, as a 35 % accent
    background over the window would; text keeps its colour."""

    def __init__(self, colour: Color) -> None:
        super().__init__()
        self.colour = colour
        self._styles: dict[tuple[Style | None, Color], Style] = {}

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments with their backgrounds tinted (a segment without one takes ``background``)."""
        styles = self._styles
        tinted = []
        for text, style, control in segments:
            if control:
                tinted.append(Segment(text, style, control))
                continue
            new = styles.get((style, background))
            if new is None:
                bg = style.bgcolor if style is not None else None
                base = Color.from_rich_color(bg) if bg is not None else background
                over = Style(bgcolor=base.blend(self.colour, TINT).rich_color)
                new = styles[(style, background)] = style + over if style is not None else over
            tinted.append(Segment(text, new))
        return tinted


@lru_cache(maxsize=8)
def window_tint(colour: Color) -> WindowTint:
    """The tint toward ``colour``, one for each colour: Textual keeps each line's filtered copy per filter,
    so the next cue finds the lines that have not changed since already tinted (and the tint its styles).
    """
    return WindowTint(colour)


class Flasher:
    """Lights the player up for :data:`FLASH_SECONDS` on each cue."""

    def __init__(
        self,
        mode: str,
        countdown: Callable[[], Widget],
        marked: Callable[[], Iterable[Widget]],
        set_timer: Callable[[float, Callable[[], None]], Timer],
        light_window: Callable[[bool], None],
    ) -> None:
        self.mode = mode if mode in FLASH_MODES else "screen"
        self._countdown = countdown
        self._marked = marked
        self._set_timer = set_timer
        self._light_window = light_window
        self._timer: Timer | None = None

    def _targets(self) -> list[Widget]:
        if self.mode == "screen":
            return [self._countdown()]
        if self.mode == "countdown":
            return list(self._marked())
        return []

    def flash(self) -> None:
        """Light up; a cue during a flash lights up again, for the full time."""
        if self._timer is not None:
            self._timer.stop()
        targets = self._targets()
        window = self.mode == "screen"
        for widget in targets:
            widget.set_class(True, "-flash")
        if window:
            self._light_window(True)

        def off() -> None:
            self._timer = None
            for widget in targets:
                widget.set_class(False, "-flash")
            if window:
                self._light_window(False)

        self._timer = self._set_timer(FLASH_SECONDS, off)
