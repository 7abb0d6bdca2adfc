"""A compositor that draws, for a partial update, only what the update needs: the widgets whose visible
part a changed area touches, and only the rows the update writes.

Textual's :class:`~textual._compositor.Compositor` answers a partial update (a countdown digit and the
segment's bar, once a second) by drawing, in full, every widget whose *clip* (the visible area of its
parent) overlaps the rectangle around all the changes. In the player every widget sits in containers as
large as the window, so each second the footer, the banner, the body map and 15 others handed over every
cached line (about 300 lines at 200x60) for a few dozen changed cells. The terminal is sent the same cells
either way: the update writes only the changed spans, and those lie inside the changed areas, so a widget
that misses all of them, and a row outside them, add nothing to it.

Textual fills each cell from the front-most widget that draws it, so a widget behind others is drawn only in
the rows they leave open. That holds for whole frames too (a layout, a cue's tint on and off), which go
through here as one changed area, the window: the screen and the containers behind their children (about
half of a whole frame at 200x60) are not drawn at all.

This leans on three of Textual's internal methods (``_get_renders``, ``render_partial_update`` and
``render_full_update``, in Textual since 0.x and unchanged in 8.x); ``tests/test_lean_compositor.py``
checks that a screen drawn through it equals the stock compositor's, cell for cell, whole frames included,
so a Textual that changes them fails there.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip


class LeanCompositor(Compositor):
    """Textual's compositor; a partial update draws only the widgets and rows its changes touch."""

    def __init__(self) -> None:
        super().__init__()
        self._changed: list[Region] | None = None
        """While a partial update draws: the areas that changed (``None``: draw as Textual does)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._changed = None

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        # The whole window changed (a layout, a cue's tint): every cell once, by the widget in front.
        self._changed = [self.size.region]
        try:
            return super().render_full_update(simplify)
        finally:
            self._changed = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        changed = self._changed
        if changed is None or crop is None:
            yield from super()._get_renders(crop)
            return
        intersection = Region.intersection
        drawn: list[Region] = []  # what the widgets in front have drawn: theirs wins, as they are in front
        for widget, (region, clip) in self.visible_widgets.items():  # front to back
            visible = intersection(region, clip)
            if not visible.area:
                continue
            spans: list[tuple[int, int]] = []
            for area in changed:
                touched = intersection(visible, area)
                if touched.area:
                    spans.extend(_uncovered(touched, drawn))
            # Every column of the widget (the compositor cuts each line at the widgets' edges), but only
            # the rows that changed and that the widgets in front left open, in bands: the countdown's
            # digit and the bar under it are two bands; a container whose children fill it, none.
            for top, bottom in _bands(spans):
                band = Region(visible.x, top, visible.width, bottom - top)
                lines = widget.render_lines(
                    Region(band.x - region.x, top - region.y, band.width, band.height)
                )
                drawn.append(band)
                # The band is handed back as the clip, so the compositor lays these lines where they are.
                yield region, band, lines


def _uncovered(area: Region, drawn: list[Region]) -> list[tuple[int, int]]:
    """Row ranges of ``area`` whose cells the ``drawn`` regions do not all cover."""
    over = sorted((d for d in drawn if d.overlaps(area)), key=lambda d: d.x)
    if not over:
        return [(area.y, area.bottom)]
    if any(d.contains_region(area) for d in over):
        return []
    left, right = area.x, area.right
    open_rows: list[tuple[int, int]] = []
    for y in range(area.y, area.bottom):
        reach = left  # how far from the left the regions in front cover this row without a gap
        for d in over:
            if d.y <= y < d.bottom and d.x <= reach:
                reach = max(reach, d.right)
                if reach >= right:
                    break
        if reach < right:
            open_rows.append((y, y + 1))
    return open_rows


def _bands(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Row ranges ``(top, bottom)`` merged where they overlap or meet."""
    bands: list[tuple[int, int]] = []
    for top, bottom in sorted(spans):
        if bands and top <= bands[-1][1]:
            bands[-1] = (bands[-1][0], max(bands[-1][1], bottom))
        else:
            bands.append((top, bottom))
    return bands
