"""A progress bar with no timers of its own.

Textual's ``ProgressBar`` keeps a one-second interval running for its ETA even when no ETA is shown, so the
player's two bars woke the app and drew an extra frame every second on top of the countdown's own. A
:class:`Meter` draws only when its fill moves by a visible amount (half a cell), and only when it is told.
At 200 columns the segment's bar moves every second, so its line is made straight from segments
(:func:`bar_segments`, the cells Textual's ``Bar`` draws, without laying out Rich text: a tenth of the
CPU) and kept per fill and width.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget


def bar_segments(width: int, end: float, done: Style, rest: Style) -> list[Segment]:
    """The cells of Textual's ``Bar`` filled from 0 to ``end`` columns: ``done`` for the fill, ``rest`` for
    the line after it, in half cells (``Bar.__rich_console__`` with a highlight range starting at 0)."""
    bar, half_left, half_right = Bar.BAR, Bar.HALF_BAR_LEFT, Bar.HALF_BAR_RIGHT
    end = min(end, width)
    if end <= 0:
        return [Segment(bar * width, rest)]
    end = round(end * 2) / 2
    half_end = end - int(end) > 0
    if rest.color is not None and rest.color.is_default:  # as Bar does: no line under a default colour
        bar = half_left = " "
    segments = [Segment(Bar.BAR * int(end), done)] if int(end) else []
    if half_end:
        segments.append(Segment(half_right, done))
    elif end != width:
        segments.append(Segment(half_left, rest))
    tail = width - int(end) - 1
    if tail > 0:
        segments.append(Segment(bar * tail, rest))
    return segments


class Meter(Widget, can_focus=False):
    """A one-line bar filled to :attr:`fraction` (0 to 1), drawn in half cells like Textual's own."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--bar", "meter--complete"}
    DEFAULT_CSS = """
    Meter {
        width: 1fr;
        height: 1;
        &> .meter--bar {
            color: $primary;
            background: $surface;
        }
        &> .meter--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    fraction: reactive[float] = reactive(0.0)
    """How full the bar is, from 0 to 1."""

    def _validate_fraction(self, fraction: float) -> float:
        # Round to what can be seen (half a cell), so a change too small to show causes no redraw.
        fraction = min(1.0, max(0.0, fraction))
        steps = 2 * self.size.width
        return round(fraction * steps) / steps if steps else fraction

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: dict[tuple[float, int, Style, Style], Strip] = {}
        self._styles: dict[bool, tuple[Style, Style]] = {}
        """The bar's colours and those under it, by whether it is complete: worked out once, not each
        second (each asks every ancestor for its style)."""

    def notify_style_update(self) -> None:
        # The colours changed (a class, a theme): work them out again when next drawn.
        super().notify_style_update()
        self._styles = {}

    def _colours(self) -> tuple[Style, Style]:
        complete = self.fraction >= 1
        colours = self._styles.get(complete)
        if colours is None:
            bar = self.get_component_rich_style("meter--complete" if complete else "meter--bar")
            colours = self._styles[complete] = (bar, self.rich_style)
        return colours

    def _style(self) -> Style:
        return self._colours()[0]

    def render(self) -> Bar:
        """The bar, filled from the left."""
        style = self._style()
        return Bar(
            highlight_range=(0, self.size.width * self.fraction),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
        )

    def render_line(self, y: int) -> Strip:
        """The bar's one line, made once per fill, width and colours."""
        width = self.size.width
        style, base = self._colours()  # base: the colours under the bar's own, as Textual's drawing has
        key = (self.fraction, width, style, base)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 1024:  # fills of widths left behind
                self._strips.clear()
            line = bar_segments(
                width, width * self.fraction, Style.from_color(style.color), Style.from_color(style.bgcolor)
            )
            strip = self._strips[key] = Strip(line, width).apply_style(base)
        return strip if y == 0 else Strip.blank(width)
