"""The player's top line, ``Move to: Left piriformis  Get ready``: the place, then the phase, one widget.

The two parts were a line as wide as the place's words and the phase label after it: each step changes
the place's length (``Move to: `` comes and goes), which moved the phase label and so asked Textual for
a new layout of the whole screen (about 8 ms of CPU at 200x60, and every widget drawn again after it).
Here :class:`TitleLine` takes the whole line and draws both parts itself, cell for cell as the two widgets
were drawn (the place in its own style, two blank columns, the phase in the phase label's style), so new
words are a repaint of one line. :class:`PhaseWords` stays the phase label (``#phase-label``: its words,
its classes, its colours from the CSS) but takes no room; it asks the line to draw again when it changes.
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.containers import Horizontal
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, VisualType
from textual.widget import Widget
from textual.widgets import Static

GAP = 2
"""Blank columns between the place and the phase."""


class TitleLine(Static):
    """The place (its own words), then the words of ``phase`` in its style, on one line."""

    def __init__(self, phase: PhaseWords, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase = phase
        phase.line = self

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y:
            return Strip.blank(width, _background(self))
        place = self._render()
        # As Textual sizes a widget of "width: auto" (it passes the same styles).
        place_width = min(width, place.get_optimal_width(self.styles, width))  # type: ignore[arg-type]
        own = _strip(self, place, place_width).extend_cell_length(place_width + GAP, _background(self))
        rest = width - own.cell_length
        if rest <= 0:
            return own.crop(0, width)
        phase = self.phase
        return Strip.join([own, _strip(phase, phase._render(), rest)])


def _background(widget: Widget) -> RichStyle:
    """What Textual pads a widget's lines with: its background over its parents'."""
    base, background = widget.background_colors
    return Style(background=base + background).rich_style


def _strip(widget: Widget, visual: Visual, width: int) -> Strip:
    """``visual``'s first line as Textual draws ``widget`` ``width`` columns wide, padded to the width."""
    strips = Visual.to_strips(widget, visual, width, 1, widget.visual_style)
    line = strips[0] if strips else Strip.blank(width)
    return line.adjust_cell_length(width, _background(widget))


class PhaseWords(Static):
    """The phase label: its words and styles, drawn by the :class:`TitleLine` it belongs to."""

    DEFAULT_CSS = """
    PhaseWords {
        display: none;
    }
    """
    line: TitleLine | None = None

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)  # it takes no room of its own
        if self.line is not None:
            self.line.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.line is not None:
            self.line.refresh()  # paused, a flash: the phase's colours changed


def top_line() -> Horizontal:
    """The player's ``#top-line``: the place (``#step-title``) and the phase label (``#phase-label``)."""
    phase = PhaseWords(id="phase-label")
    return Horizontal(TitleLine(phase, id="step-title"), phase, id="top-line")
