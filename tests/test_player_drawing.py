"""The player's cheap drawing paths draw exactly what Textual's own would.

The countdown hands the compositor its strips itself (``BigCountdown.render_lines``), the Meter keeps its
lines, the screen flash is a line filter: each is checked here against the slower path it replaces, on a
frozen clock, and a tick is checked to mark dirty only the cells of the digit that changed.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.ui_support import FakeClock, build_app, builtin, until, wake_player
from unknot.ui.screens import player_flash
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.widgets.big_countdown import BigCountdown
from unknot.ui.widgets.meter import Meter


def textual_lines(widget: Widget) -> list[Any]:
    """The widget's lines as Textual's styling pass draws them (what the fast path replaces)."""
    widget._styles_cache.clear()
    return widget._styles_cache.render_widget(widget, widget.size.region)


def cells(strips: list[Any]) -> list[list[tuple[str, Any]]]:
    """Each cell's character and style, so strips cut into different segments compare equal."""
    return [[(seg.text[i], seg.style) for seg in strip for i in range(len(seg.text))] for strip in strips]


@pytest.mark.parametrize("no_color", [False, True])
async def test_the_countdown_draws_what_textual_would(
    no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("enter")
        countdown = app.screen.query_one("#countdown", BigCountdown)
        for seconds, settle in ((1, 0.5), (4.2, 0.0), (30, 0.5)):  # get-ready; a cue's flash; running
            wake_player(app, clock, seconds)
            await pilot.pause(settle)
            region = countdown.size.region
            assert cells(countdown.render_lines(region)) == cells(textual_lines(countdown))
            crop = Region(7, 3, 40, 9)
            fast = countdown.render_lines(crop)
            assert [s.cell_length for s in fast] == [40] * 9
            assert cells(fast) == [row[7:47] for row in cells(textual_lines(countdown))[3:12]]


async def test_a_tick_repaints_only_the_cells_of_the_digit_that_changed() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 10)
        await pilot.pause(0.5)
        countdown = app.screen.query_one("#countdown", BigCountdown)
        before = countdown.value
        countdown._repaint_regions.clear()
        clock.advance(1.0)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        screen._on_wake()
        assert countdown.value != before and countdown.value[:-1] == before[:-1]  # 0:55 to 0:54
        dirty = list(countdown._repaint_regions)
        assert dirty, "the countdown asked for no repaint"
        width, height = countdown.size
        for region in dirty:
            assert region.x > width // 2 and region.right <= width  # the last digit's columns only
        assert sum(r.height for r in dirty) < height  # not every row: only those that differ
        # Each line is cut at the digits' edges, so the terminal is sent only the digit that changed.
        assert len(countdown.render_line(countdown.glyph_rows() // 2)._segments) > 1


async def test_the_meter_draws_what_textual_would() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 20)
        await pilot.pause(0.5)
        meter = app.screen.query_one("#step-progress", Meter)
        assert 0 < meter.fraction < 1
        strip = meter.render_line(0)
        plain = Widget.render_line(meter, 0)  # Textual's drawing of render()'s Bar
        assert cells([strip]) == cells([plain])


async def test_a_screen_flash_tints_every_line_and_goes_away(monkeypatch: pytest.MonkeyPatch) -> None:
    # A flash lasts 2 s here, not 0.4: a busy machine may take longer than 0.4 s to get to the check.
    monkeypatch.setattr(player_flash, "FLASH_SECONDS", 2.0)
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.5)
        quiet = [strip.text for strip in app.screen._compositor.render_strips()]
        quiet_footer = app.screen._compositor.render_strips()[-1]
        wake_player(app, clock, 5.2)  # the first segment begins: a cue
        await pilot.pause()
        lit = app.screen._compositor.render_strips()
        assert lit[-1]._segments[0].style != quiet_footer._segments[0].style  # the footer is lit too
        # The flash ends on a real-time timer: waited for (a deadline), not waited out.
        footer = quiet_footer._segments[0].style
        await until(pilot, lambda: app.screen._compositor.render_strips()[-1]._segments[0].style == footer)
        after = app.screen._compositor.render_strips()
        assert after[-1]._segments[0].style == quiet_footer._segments[0].style
        assert len(quiet) == len(after)


@pytest.mark.parametrize("rest_colour", ["blue", "default"])
def test_the_meter_line_has_the_cells_of_textuals_bar(rest_colour: str) -> None:
    from rich.console import Console
    from rich.style import Style
    from textual.renderables.bar import Bar

    from unknot.ui.widgets.meter import bar_segments

    console = Console(width=300)
    done, rest = Style(color="red"), Style(color=rest_colour)
    for width in range(1, 50):
        for halves in range(2 * width + 3):  # every half cell, and past the end
            end = halves / 2
            bar = Bar(highlight_range=(0, end), highlight_style=done, background_style=rest)
            textual = console.render_lines(bar, console.options.update_width(width), pad=True)[0]
            assert cells([bar_segments(width, end, done, rest)]) == cells([textual]), (width, end)
