"""When a new step's words need a new layout of the player, and when they can be drawn in place.

A new layout places and sizes every widget of the screen again (about 8 ms of CPU at 200x60, and every
widget drawn again after it), and Textual's ``Static.update()`` asks for one each time by default. At a
step change (get-ready, segment, the next get-ready) most of the player's lines keep their size: the
lines of a fixed height, and the instruction when the new one wraps to as many rows. Those are repainted
in place; a layout is asked for only when a line's size does change with its words.
"""

from __future__ import annotations

from textual.widgets import Static


def update_in_place(widget: Static, text: str) -> None:
    """Show ``text`` in ``widget``, with a new layout of the screen only if its size changes."""
    styles = widget.styles
    width, height = styles.width, styles.height
    if width is not None and width.is_auto:
        widget.update(text)  # a line as wide as its words: the lines beside it move
        return
    if height is None or not height.is_auto:
        widget.update(text, layout=False)  # a fixed size (rows or a share of the window)
        return
    before = content_rows(widget)
    widget.update(text, layout=False)
    if content_rows(widget) != before:
        widget.refresh(layout=True)


def content_rows(widget: Static) -> int:
    """The rows ``widget``'s words take at its present width (as a layout would size it)."""
    size = widget.content_size
    return widget.get_content_height(widget.container_size, widget.screen.size, size.width)
