"""The floor countdown: the time left in block digits that fill the space the layout gives them.

It replaces Textual's ``Digits`` (3 rows at every size): this widget draws ``value`` with
:mod:`~unknot.ui.widgets.block_font` at the full height of its content region and as wide as that allows,
centred. It ticks once a second at sizes up to 150x45 cells, so it is drawn for little CPU: lines are
made once per value and size and handed to Textual as ready strips (the Line API, no Rich text to lay
out), and :meth:`update` marks dirty only the cells of the digits that changed (``0:45`` to ``0:44``
repaints one digit of four, and only the rows of it that differ), so the terminal is sent a fraction of
the cells. At 200x60 the digits are 45 rows, and Textual's per-line styling pass (padding, borders, tint,
opacity: none of which this widget has) cost more than everything else the player does in a second, so
:meth:`render_lines` hands the compositor the ready strips itself whenever those styles are plain, and
leaves the rest to Textual otherwise.
"""

from __future__ import annotations

from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from unknot.ui.widgets.block_font import GAP, draw, fit, pixel_width


def glyph_spans(text: str) -> list[tuple[int, int]]:
    """Each character's first pixel column and width, as :func:`block_font.bitmap` lays them out."""
    spans, x = [], 0
    for char in text:
        width = pixel_width(char)
        spans.append((x, width))
        x += width + GAP
    return spans


def glyph_edges(text: str, width: int, cols: int) -> list[tuple[int, int]]:
    """Each character's first and last-plus-one cell column, centred in ``width`` as drawn ``cols`` wide."""
    pixels = sum(w for _, w in glyph_spans(text)) + GAP * (len(text) - 1)
    pad = (width - cols) // 2
    return [(pad + x * cols // pixels, pad + -(-(x + w) * cols // pixels)) for x, w in glyph_spans(text)]


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
        self._cuts: list[int] = []
        """Where each line is cut into segments: at every glyph's edges (see :meth:`render_line`)."""
        self._strips: dict[tuple[str, Style], Strip] = {}
        self._style: Style | None = None
        self._plain: tuple[Color] | None = None
        """The background line filters see, when the styles are plain enough to skip Textual's pass."""
        self._plain_known = False

    def update(self, value: str) -> None:
        """Show ``value``; repaints only the digits that changed (all of them when the length changes)."""
        if value == self.value:
            return
        old, self.value = self.value, value
        width, height = self.content_size
        if len(old) != len(value) or not width or not height:
            self.refresh()
            return
        cached = self._lines
        before = cached[3] if cached is not None and cached[1:3] == (height, width) else None
        rows, cols = fit(value, height, width)
        edges = glyph_edges(value, width, cols)
        changed = [n for n, (a, b) in enumerate(zip(old, value, strict=True)) if a != b]
        left, right = edges[changed[0]][0], edges[changed[-1]][1]
        if before is None:
            self.refresh(Region(left, 0, right - left, rows))
            return
        # Only the rows whose cells differ in those columns: "4" to "3" keeps two of its five pixel rows.
        after = self._current_lines()
        differ = [a[left:right] != b[left:right] for a, b in zip(before, after, strict=False)]
        self.refresh(*(Region(left, y, right - left, n) for y, n in _runs(differ)))

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
        edges = {x for edge in glyph_edges(self.value, width, cols) for x in edge}
        self._cuts = sorted(x for x in edges | {0, width} if 0 <= x <= width)
        if len(self._strips) > 512:  # lines of old values and sizes
            self._strips.clear()
        return lines

    def notify_style_update(self) -> None:
        # The colours changed (a phase class here, the flash on an ancestor, a new theme): forget the
        # style, which is otherwise worked out once, not for each of up to 80 lines a second (0.3 ms each).
        super().notify_style_update()
        self._style = None
        self._plain_known = False

    def _plain_background(self) -> tuple[Color] | None:
        # Textual's styling pass changes a content line only through these; with none set, a line is the
        # strip render_line makes, through the app's line filters (NO_COLOR, ANSI colours).
        if not self._plain_known:
            styles = self.styles
            plain = (
                not any(styles.gutter)
                and not any(edge for edge, _ in styles.outline)
                and not styles.tint.a
                and styles.text_opacity == 1
                and self.opacity == 1
                and not (styles.has_rule("hatch") and styles.hatch != "none")
                and self._border_title is None
                and self._border_subtitle is None
            )
            self._plain = (self.background_colors[1],) if plain else None
            self._plain_known = True
        return self._plain

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``: the cached strips, filtered and cut, without Textual's styling pass."""
        plain = self._plain_background()
        if plain is None:
            return super().render_lines(crop)
        background = plain[0]
        filters = self.get_line_filters()
        x1, x2 = crop.column_span
        whole = crop.column_span == (0, self.size.width)
        lines, width = self._current_lines(), self.content_size.width
        strips = []
        for y in crop.line_range:
            strip = self._strip(lines, width, y)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip if whole else strip.crop(x1, x2))
        return strips

    def render_line(self, y: int) -> Strip:
        return self._strip(self._current_lines(), self.content_size.width, y)

    def _strip(self, lines: list[str], width: int, y: int) -> Strip:
        # The lines and width are looked up once for all the lines a frame draws (each look-up asks the
        # screen where the widget is).
        text = lines[y] if y < len(lines) else " " * width
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        key = (text, style)
        strip = self._strips.get(key)
        if strip is None:
            # One segment per glyph (and gap): Textual sends the terminal whole segments, so a line of one
            # segment would send every digit again when only the last one changed.
            cuts = self._cuts if len(text) == width and self._cuts else [0, width]
            segments = [Segment(text[a:b], style) for a, b in pairwise(cuts) if b > a]
            strip = self._strips[key] = Strip(segments, width)
        return strip


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The first index and length of each run of True in ``flags``."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for y, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = y
        elif not flag and start is not None:
            runs.append((start, y - start))
            start = None
    return runs
