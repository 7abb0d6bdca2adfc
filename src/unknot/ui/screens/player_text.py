"""The player's lines of text, updated only when their words change.

Every ``Static.update()`` asks Textual for a repaint, and by default for a new layout of the whole screen
(every widget placed and drawn again: tens of milliseconds at 200x60). The player writes its lines each
time the session moves on, and most of them read the same from get-ready to the segment, or from one
second to the next; this keeps what each line shows and leaves unchanged lines alone. A line whose size
cannot change with its words (a fixed height and width), or whose words take as many rows as before, is
repainted in place without a new layout (see :func:`~unknot.ui.screens.step_layout.needs_layout`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from unknot.ui.screens.step_layout import update_in_place


class ShownText:
    """What each line (by selector) shows; :meth:`put` updates a line only when its text differs."""

    def __init__(self, find: Callable[[str], Static]) -> None:
        self._find = find
        self._shown: dict[str, str] = {}

    def put(self, selector: str, text: str, *, layout: bool | None = None) -> None:
        """Show ``text``; ``layout=False`` for a widget of fixed size, ``None``: a new layout only if the
        widget's size changes with the words."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget = self._find(selector)
            if layout is None:
                update_in_place(widget, text)
            else:
                widget.update(text, layout=layout)
