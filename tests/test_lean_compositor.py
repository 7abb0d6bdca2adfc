"""The player's compositor sends the terminal exactly what Textual's own would, for every frame.

:class:`~unknot.ui.lean_compositor.LeanCompositor` draws fewer widgets and rows for a partial update; here
each partial update of a running session (ticks, step changes, cue flashes, a pause, the last seconds) is
drawn both ways and the bytes for the terminal compared, at the sizes the floor view is checked at. A
Textual whose internals moved under the override fails here rather than drawing wrong cells.
"""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate

from tests.ui_support import FakeClock, build_app, builtin
from unknot.ui.lean_compositor import LeanCompositor
from unknot.ui.screens.player import PlayerScreen

_TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|(\x1b\[[0-9;]*m)|(\n)|(.)", re.DOTALL)


def cells_written(output: str) -> dict[tuple[int, int], tuple[str, str]]:
    """What a terminal shows after ``output``: each cell written, with the SGR it was written in.

    (Enough of a terminal for these updates: cursor moves, colours, one-cell characters.)
    """
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    y = x = 0
    sgr = ""
    for move_y, move_x, colour, newline, char in _TOKEN.findall(output):
        if move_y:
            y, x = int(move_y) - 1, int(move_x) - 1
        elif colour:
            sgr = "" if colour == "\x1b[0m" else sgr + colour
        elif newline:
            y, x = y + 1, 0
        else:
            cells[y, x] = (char, sgr)
            x += 1
    return cells


class Checked(LeanCompositor):
    """Draws each partial update the stock way too, and keeps both terminal outputs."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[tuple[str, str]] = []
        self.full_frames: list[tuple[str, str]] = []
        self.console = Console(width=300, force_terminal=True, color_system="truecolor", legacy_windows=False)

    def render_partial_update(self) -> ChopsUpdate | None:
        dirty = set(self._dirty_regions)
        stock = Compositor.render_partial_update(self)  # _changed is None: Textual's own drawing
        self._dirty_regions = dirty
        lean = super().render_partial_update()
        if stock is None or lean is None:
            assert stock is lean
            return lean
        self.frames.append((stock.render_segments(self.console), lean.render_segments(self.console)))
        return lean

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        # A whole window (a layout, a cue's tint on and off): the lean one skips what is covered.
        stock = Compositor.render_full_update(self, simplify)
        lean = super().render_full_update(simplify)
        self.full_frames.append((stock.render_segments(self.console), lean.render_segments(self.console)))
        return lean


@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_partial_update_equals_textuals(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and isinstance(screen._compositor, LeanCompositor)
        checked = Checked()
        checked.__dict__.update(
            {k: v for k, v in screen._compositor.__dict__.items() if k not in ("frames", "full_frames")}
        )
        screen._compositor = checked
        # Ticks through a get-ready, a segment start (a cue's flash), the halfway cue, a step change and the
        # last seconds, with a pause and a resume in the middle.
        for second in range(75):
            clock.advance(1.0)
            screen._on_wake()
            await pilot.pause(0.05 if second % 10 else 0.5)  # now and then, long enough for a flash to end
            if second == 20:
                await pilot.press("space")
                await pilot.pause()
                await pilot.press("space")
        frames: list[tuple[str, str]] = checked.frames
        assert len(frames) > 60
        for n, (stock, lean) in enumerate(frames):
            assert cells_written(lean) == cells_written(stock), f"frame {n} differs"
            assert len(lean) <= len(stock)
        full: list[tuple[str, str]] = checked.full_frames
        assert len(full) >= 4  # cues' tints on and off, step changes' layouts
        for n, (stock, lean) in enumerate(full):
            assert cells_written(lean) == cells_written(stock), f"full frame {n} differs"


def test_bands_merge_rows_that_meet_or_overlap() -> None:
    from unknot.ui.lean_compositor import _bands

    assert _bands([(10, 20), (54, 55), (19, 25), (25, 26)]) == [(10, 26), (54, 55)]
    assert _bands([]) == []
