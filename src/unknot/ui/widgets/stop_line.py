"""The stop line under the player: what to do at a nerve sign, always in view while a step runs."""

from __future__ import annotations

from textual.app import RenderResult
from textual.events import Mount
from textual.widgets import Static

from unknot.model.safety import STOP_LINE, STOP_LINE_SHORT
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown


class StopLine(Static):
    """One line, :data:`~unknot.model.safety.STOP_LINE`; the short form when the full one would not fit.

    Both name the key bound to "this hurts" (``h`` unless the keymap says otherwise).
    """

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
        self._long, self._short = STOP_LINE, STOP_LINE_SHORT

    def on_mount(self, event: Mount) -> None:
        key = shown(key_hint(self.app, "player.hurts"))
        self._long = STOP_LINE.replace("Press h", f"Press {key}")
        self._short = STOP_LINE_SHORT.replace("h:", f"{key}:")
        self.refresh()

    def render(self) -> RenderResult:
        # Chosen as the line is drawn, at the width it is drawn in: picked on mount and again on resize,
        # the first frame of the player showed the short form (the width was still 0 then) until the
        # resize came a frame later.
        return self._long if self.size.width >= len(self._long) else self._short
