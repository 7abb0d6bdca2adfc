"""A step change (get-ready, segment, the next get-ready) repaints the player in place: no new layout.

A layout places and draws every widget of the screen again, the largest part of a step change's CPU. The
banner's letters keep one size for the session (the largest in which every phase and place of the routine
fits), the top line is one widget, and the other lines are laid out again only when their words take
another number of rows (the instruction) or a line comes or goes (the set-up line).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui_support import FakeClock, build_app, builtin
from unknot.ui.screens.floor_words import banner_texts
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.widgets.big_text import plan
from unknot.ui.widgets.block_font import pixel_width


@pytest.mark.parametrize("width", [80, 100, 140, 200, 250])
@pytest.mark.parametrize("max_rows", [2, 6, 10])
def test_every_banner_of_a_routine_takes_the_same_rows_and_fits(width: int, max_rows: int) -> None:
    texts = [tuple(p.upper() for p in text) for text in banner_texts(builtin().steps)]
    drawings = [plan(text, width, max_rows, tuple(texts)) for text in texts]
    assert len({d.rows * len(d.lines) for d in drawings}) == 1
    assert len({d.scale for d in drawings}) == 1
    for drawing in drawings:
        assert drawing.rows * len(drawing.lines) <= max(max_rows, 2)
        if drawing.scale:
            assert all(pixel_width(line) * drawing.scale <= width for line in drawing.lines)
        else:
            assert all(len(line) <= width for line in drawing.lines) or len(drawing.lines) > 1


def _sizes(screen: PlayerScreen) -> tuple[Any, ...]:
    """The rows of the lines that may still change size at a step: the instruction and the set-up line."""
    cue = screen.query_one("#step-cue")
    return (screen.query_one("#step-instruction").size.height, cue.display and cue.size.height)


@pytest.mark.slow  # 160 s of the player at 200x60, frame by frame: in make test, not test-fast
async def test_a_step_change_needs_no_layout_unless_a_line_changes_size() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        layouts: list[int] = []
        refresh_layout = screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(1)
            refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted  # type: ignore[method-assign]
        banner = screen.query_one("#banner")
        banner_rows = {banner.size.height}
        quiet_changes = 0
        for _ in range(160):
            session = screen.session
            before = ((session.index, session.phase), _sizes(screen))
            layouts.clear()
            clock.advance(1.0)
            screen._on_wake()
            await pilot.pause(0.05)
            after = ((session.index, session.phase), _sizes(screen))
            banner_rows.add(banner.size.height)
            if after[0] != before[0] and after[1] == before[1]:
                assert not layouts, f"a layout at {after[0]}"
                quiet_changes += 1
        assert quiet_changes >= 3  # most step changes of the first minutes
        assert len(banner_rows) == 1 and banner_rows.pop() > 0


async def test_the_top_line_reads_place_then_phase() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
        line = app.screen.query_one("#step-title").render_line(0).text.rstrip()
        assert line == "Move to: Lower back  Get ready"
