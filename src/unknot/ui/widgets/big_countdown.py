"""The floor countdown: the time left in block digits that fill the space the layout gives them.

It replaces Textual's ``Digits`` (3 rows at every size): this widget draws ``value`` with
:mod:`~unknot.ui.widgets.block_font` at the full height of its content region and as wide as that allows,
centred. :meth:`update` only repaints (never asks for a new layout), so the once-a-second tick stays cheap,
and the drawing is cached by value and size.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from unknot.ui.widgets.block_font import draw, fit


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
        self._cache: tuple[str, int, int, Text] | None = None

    def update(self, value: str) -> None:
        """Show ``value``; repaints only when it changed."""
        if value != self.value:
            self.value = value
            self.refresh()

    def glyph_rows(self) -> int:
        """How many rows the digits take at the present size (what the floor view promises)."""
        rows, _cols = fit(self.value, self.content_size.height, self.content_size.width)
        return rows

    def render(self) -> Text:
        height, width = self.content_size.height, self.content_size.width
        cached = self._cache
        if cached is not None and cached[:3] == (self.value, height, width):
            return cached[3]
        rows, cols = fit(self.value, height, width)
        pad = " " * ((width - cols) // 2)
        lines = [pad + line for line in draw(self.value, rows, cols)]
        # The value itself is also the widget's accessible text: plain text readers see "4:05" first.
        text = Text("\n".join(lines), no_wrap=True, end="")
        self._cache = (self.value, height, width, text)
        return text
