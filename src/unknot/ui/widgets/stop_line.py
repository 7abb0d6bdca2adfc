"""The stop line under the player: what to do at a nerve sign, always in view while a step runs."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Static

from unknot.safety import STOP_LINE, STOP_LINE_SHORT


class StopLine(Static):
    """One line, :data:`~unknot.safety.STOP_LINE`; the short form when the full one would not fit."""

    DEFAULT_CSS = """
    StopLine {
        height: 1;
        padding: 0 1;
        color: $warning;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(STOP_LINE, id=id)

    def on_resize(self, event: Resize) -> None:
        fits = self.size.width >= len(STOP_LINE)
        self.update(STOP_LINE if fits else STOP_LINE_SHORT)
