"""The floor countdown: the time left in block digits that fill the space the layout gives them.

It replaces Textual's ``Digits`` (3 rows at every size): this widget draws ``value`` with
:mod:`~unknot.ui.widgets.block_font` at the full height of its content region and as wide as that allows,
centred. It ticks once a second at sizes up to 150x45 cells, so it is drawn for little CPU: lines are
made once per value and size and handed to Textual as ready strips (the Line API, no Rich text to lay
out), and :meth:`update` marks dirty only the columns of the digits that changed (``0:45`` to ``0:44``
repaints one digit of four), so the terminal is sent a quarter of the cells.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from unknot.ui.widgets.block_font import GAP, bitmap, draw, fit, pixel_width


def glyph_spans(text: str) -> list[tuple[int, int]]:
    """Each character's first pixel column and width, as :func:`block_font.bitmap` lays them out."""
    spans, x = [], 0
    for char in text:
        width = pixel_width(char)
        spans.append((x, width))
        x += width + GAP
    return spans


class BigCountdown(Widget):
    """A time such as ``4:05`` in solid block digits, scaled to the widget's size."""

    DEFAULT_CSS = """
    BigCountdown {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, value: str = "0:00", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.value = value
        self._lines: tuple[str, int, int, list[str]] | None = None
        self._strips: dict[tuple[str, Style], Strip] = {}
        self._style: Style | None = None

    def update(self, value: str) -> None:
        """Show ``value``; repaints only the digits that changed (all of them when the length changes)."""
        if value == self.value:
            return
        old, self.value = self.value, value
        width, height = self.content_size
        if len(old) != len(value) or not width or not height:
            self.refresh()
            return
        rows, cols = fit(value, height, width)
        pixels = len(bitmap(value)[0])
        pad = (width - cols) // 2
        changed = [span for span, a, b in zip(glyph_spans(value), old, value, strict=True) if a != b]
        first = min(x for x, _ in changed)
        last = max(x + w for x, w in changed)
        left = pad + first * cols // pixels
        right = pad + -(-last * cols // pixels)
        self.refresh(Region(left, 0, right - left, rows))

    def glyph_rows(self) -> int:
        """How many rows the digits take at the present size (what the floor view promises)."""
        rows, _cols = fit(self.value, self.content_size.height, self.content_size.width)
        return rows

    def _current_lines(self) -> list[str]:
        width, height = self.content_size
        cached = self._lines
        if cached is not None and cached[:3] == (self.value, height, width):
            return cached[3]
        rows, cols = fit(self.value, height, width)
        pad = " " * ((width - cols) // 2)
        lines = [(pad + line).ljust(width) for line in draw(self.value, rows, cols)]
        self._lines = (self.value, height, width, lines)
        if len(self._strips) > 512:  # lines of old values and sizes
            self._strips.clear()
        return lines

    def notify_style_update(self) -> None:
        # The colours changed (a phase class here, the flash on an ancestor, a new theme): forget the
        # style, which is otherwise worked out once, not for each of up to 80 lines a second (0.3 ms each).
        super().notify_style_update()
        self._style = None

    def render_line(self, y: int) -> Strip:
        lines = self._current_lines()
        width = self.content_size.width
        text = lines[y] if y < len(lines) else " " * width
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        key = (text, style)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = Strip([Segment(text, style)], width)
        return strip
