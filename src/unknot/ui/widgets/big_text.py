"""Large letters for the floor view: the phase and the place ("GET READY", "LEFT PIRIFORMIS").

Drawn with :mod:`~unknot.ui.widgets.block_font` at the largest scale that fits the width and
``max_rows``: the parts on one line when they fit side by side, else one part a line. Scale ``k`` draws
each 5-pixel glyph on ``ceil(5k / 2)`` rows of half blocks, each pixel ``k`` columns wide. When even the
smallest scale does not fit, the parts are written in bold capitals, one a line, so nothing overflows.

Given every text it may show (:meth:`BigText.show_all`: each step's GET READY, NOW and PAUSED with its
place), the scale and the arrangement are those in which all of them fit, so the letters keep one height
through the session: nothing on the screen jumps when the phase changes, and a new text is drawn in place
without a new layout of the screen (tens of milliseconds at 200x60, at each step).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from unknot.ui.widgets.block_font import GLYPH_ROWS, can_draw, draw, pixel_width

SEPARATOR = "  ·  "
"""Between the parts when they share a line."""


class Plan(NamedTuple):
    """How to draw: the lines, and the rows and columns each takes (rows 1: plain text)."""

    lines: tuple[str, ...]
    rows: int
    scale: int


def rows_at(scale: int) -> int:
    """Rows of half blocks that a 5-pixel glyph takes at ``scale``."""
    return -(-GLYPH_ROWS * scale // 2)


def plan(parts: tuple[str, ...], width: int, max_rows: int, every: tuple[tuple[str, ...], ...] = ()) -> Plan:
    """The largest drawing of ``parts`` within ``width`` columns and ``max_rows`` rows, at a scale and in
    an arrangement (one line, or one part a line) in which each of ``every`` fits too."""
    parts = tuple(p for p in parts if p)
    if not parts:
        return Plan((), 0, 0)
    scale, stacked = _choice((parts, *every), width, max_rows)
    lines = parts if stacked else (SEPARATOR.join(parts),)
    return Plan(lines, rows_at(scale) if scale else 1, scale)


@lru_cache(maxsize=64)
def _choice(texts: tuple[tuple[str, ...], ...], width: int, max_rows: int) -> tuple[int, bool]:
    """The largest scale, and whether one part a line, at which every text of ``texts`` fits (scale 0:
    plain capitals). Texts of one part are the same either way; a text of several parts is stacked only
    when ``max_rows`` holds all of them."""
    texts = tuple(t for t in (tuple(p for p in text if p) for text in texts) if t)
    most = max(len(text) for text in texts)
    if all(can_draw(p) for text in texts for p in text):
        for scale in range(max(0, 2 * max_rows // GLYPH_ROWS), 0, -1):
            tall = rows_at(scale)
            for stacked in (False, True):
                lines = [line for text in texts for line in (text if stacked else (SEPARATOR.join(text),))]
                if (
                    max(pixel_width(line) for line in lines) * scale <= width
                    and tall * (most if stacked else 1) <= max_rows
                ):
                    return scale, stacked
    joined = max(len(SEPARATOR.join(text)) for text in texts)
    return 0, not (joined <= width or max_rows < most)


class BigText(Widget):
    """Parts of upper-case text in block letters, as large as the width and ``max_rows`` allow."""

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(
        self, *parts: str, max_rows: int = 6, every: Sequence[tuple[str, ...]] = (), id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.parts = tuple(p.upper() for p in parts)
        self.max_rows = max_rows
        self.every = _upper(every)
        """Every text the widget may show in this session, in capitals: the drawing fits them all."""

    def show_all(self, texts: Sequence[tuple[str, ...]]) -> None:
        """Draw every text at the scale and in the arrangement in which all of ``texts`` fit."""
        every = _upper(texts)
        if every != self.every:
            self.every = every
            self.refresh(layout=True)

    def update(self, *parts: str) -> None:
        """Show ``parts`` (in capitals); a new layout only when they changed, as the height may."""
        upper = tuple(p.upper() for p in parts)
        if upper != self.parts:
            width = self.content_size.width
            old, new = self._plan(width), plan(upper, width, self.max_rows, self.every)
            self.parts = upper
            # A new layout of the whole screen only when the letters take another number of rows (a text
            # not among ``every``); the same rows are repainted in place, a fraction of a layout's cost.
            self.refresh(layout=old.rows * len(old.lines) != new.rows * len(new.lines) or not width)

    def set_max_rows(self, rows: int) -> None:
        """The most rows the letters may take (the screen lowers it on short windows)."""
        if rows != self.max_rows:
            self.max_rows = rows
            self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The text shown, as words (for tests and anything that reads the screen as text)."""
        return SEPARATOR.join(p for p in self.parts if p)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        drawing = self._plan(width)
        return drawing.rows * len(drawing.lines)

    def _plan(self, width: int) -> Plan:
        return plan(self.parts, width, self.max_rows, self.every)

    def render(self) -> Text:
        width = self.content_size.width
        drawing = self._plan(width)
        if drawing.scale == 0:
            return Text("\n".join(line[:width] for line in drawing.lines), style="bold", end="")
        rows: list[str] = []
        for line in drawing.lines:
            rows.extend(draw(line, drawing.rows, pixel_width(line) * drawing.scale))
        return Text("\n".join(rows), no_wrap=True, end="")


def _upper(texts: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """``texts`` in capitals, each once."""
    return tuple(dict.fromkeys(tuple(p.upper() for p in text) for text in texts))
