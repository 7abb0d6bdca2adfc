"""Large letters for the floor view: the phase and the place ("GET READY", "LEFT PIRIFORMIS").

Drawn with :mod:`~unknot.ui.widgets.block_font` at the largest scale that fits the width and
``max_rows``: the parts on one line when they fit side by side, else one part a line. Scale ``k`` draws
each 5-pixel glyph on ``ceil(5k / 2)`` rows of half blocks, each pixel ``k`` columns wide. When even the
smallest scale does not fit, the parts are written in bold capitals, one a line, so nothing overflows.
"""

from __future__ import annotations

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


def plan(parts: tuple[str, ...], width: int, max_rows: int) -> Plan:
    """The largest drawing of ``parts`` within ``width`` columns and ``max_rows`` rows."""
    parts = tuple(p for p in parts if p)
    if not parts:
        return Plan((), 0, 0)
    layouts = [(SEPARATOR.join(parts),), parts] if len(parts) > 1 else [parts]
    if all(can_draw(p) for p in parts):
        for scale in range(max(0, 2 * max_rows // GLYPH_ROWS), 0, -1):
            for lines in layouts:
                tall = rows_at(scale)
                wide = max(pixel_width(line) for line in lines) * scale
                if wide <= width and tall * len(lines) <= max_rows:
                    return Plan(lines, tall, scale)
    joined = SEPARATOR.join(parts)
    lines = (joined,) if len(joined) <= width or max_rows < len(parts) else parts
    return Plan(lines, 1, 0)


class BigText(Widget):
    """Parts of upper-case text in block letters, as large as the width and ``max_rows`` allow."""

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *parts: str, max_rows: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = tuple(p.upper() for p in parts)
        self.max_rows = max_rows

    def update(self, *parts: str) -> None:
        """Show ``parts`` (in capitals); a new layout only when they changed, as the height may."""
        upper = tuple(p.upper() for p in parts)
        if upper != self.parts:
            width = self.content_size.width
            old, new = plan(self.parts, width, self.max_rows), plan(upper, width, self.max_rows)
            self.parts = upper
            # A new layout of the whole screen only when the letters take another number of rows; the
            # same rows (most step changes) are repainted in place, which costs a fraction of a layout.
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
        drawing = plan(self.parts, width, self.max_rows)
        return drawing.rows * len(drawing.lines)

    def render(self) -> Text:
        width = self.content_size.width
        drawing = plan(self.parts, width, self.max_rows)
        if drawing.scale == 0:
            return Text("\n".join(line[:width] for line in drawing.lines), style="bold", end="")
        rows: list[str] = []
        for line in drawing.lines:
            rows.extend(draw(line, drawing.rows, pixel_width(line) * drawing.scale))
        return Text("\n".join(rows), no_wrap=True, end="")
