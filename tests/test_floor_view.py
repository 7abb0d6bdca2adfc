"""The floor view: a countdown that grows with the window, legible in every phase, with nothing left blank.

Pilot tests on a frozen clock at 80x24, 100x30, 200x60 and 250x80: the countdown's height in rows, the
WCAG contrast of its colours against the background in each phase (default theme and high contrast), no
band of empty rows from 80x24 to 250x80, the large phase and place, ``f`` and the ``flash`` setting. The
snapshots of the same sizes and phases are in ``test_snapshots.py``'s sibling test below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.color import Color
from textual.pilot import Pilot

from tests.ui_support import FakeClock, build_app, builtin, wake_player
from unknot.settings import Settings
from unknot.ui.app import UnknotApp
from unknot.ui.floor_colours import FLOOR_CONTRAST, contrast_ratio
from unknot.ui.screens import player_flash
from unknot.ui.screens.floor_layout import floor_layout
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.widgets.big_countdown import BigCountdown
from unknot.ui.widgets.big_text import BigText
from unknot.ui.widgets.block_font import draw

FLOOR_SIZES = [(80, 24), (100, 30), (200, 60), (250, 80)]
MIN_ROWS = {(80, 24): 8, (100, 30): 10, (200, 60): 20, (250, 80): 27}
"""A third of the window's height, rounded up: what the countdown must reach."""

Steps = Callable[[Pilot[Any], FakeClock], Awaitable[None]]


# The tests that look after a cue shorten its flash to 50 ms (the `quick_flash` fixture of conftest.py), so
# waiting 0.15 s lets it fade; the flash itself is tested at its real length below.
FLASH_FADED = 0.15
quick_flash = pytest.mark.usefixtures("quick_flash")


async def _advance(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    wake_player(pilot.app, clock, seconds)  # type: ignore[arg-type]
    await pilot.pause(FLASH_FADED)  # let the cue's flash fade


async def get_ready(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 1)


async def running(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 35)


async def last_seconds(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    first = builtin().steps[0]
    await _advance(pilot, clock, first.get_ready + first.seconds - 2)  # 2 s left of si-joint-10's first step


async def paused(pilot: Pilot[Any], clock: FakeClock) -> None:
    await running(pilot, clock)
    await pilot.press("space")
    await pilot.pause(0.3)


PHASES: dict[str, tuple[Steps, str]] = {
    "get_ready": (get_ready, "GET READY"),
    "running": (running, "NOW"),
    "last_seconds": (last_seconds, "NOW"),
    "paused": (paused, "PAUSED"),
}


def screen_rows(app: UnknotApp) -> list[str]:
    """The characters on screen, row by row, as the compositor draws them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def countdown_colours(app: UnknotApp) -> tuple[Color, Color]:
    style = app.screen.query_one("#countdown", BigCountdown).rich_style
    assert style.color is not None and style.bgcolor is not None
    fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
    return Color(*fg), Color(*bg)


def _look(app: UnknotApp, phase: str) -> dict[str, Any]:
    countdown = app.screen.query_one("#countdown", BigCountdown)
    fg, bg = countdown_colours(app)
    return {
        "rows": countdown.glyph_rows(),
        "ratio": contrast_ratio(fg, bg),
        "banner": app.screen.query_one("#banner", BigText).plain,
        "word": PHASES[phase][1],
        "screen": screen_rows(app),
    }


async def _in_phase(size: tuple[int, int], phase: str, theme: str | None = None) -> dict[str, Any]:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    if theme is not None:
        app.theme = theme
    async with app.run_test(size=size) as pilot:
        await PHASES[phase][0](pilot, clock)
        return _look(app, phase)


def _assert_a_third_and_legible(seen: dict[str, Any], phase: str, size: tuple[int, int]) -> None:
    assert seen["rows"] >= MIN_ROWS[size], seen["rows"]
    assert seen["rows"] * 3 >= size[1]
    assert seen["ratio"] >= FLOOR_CONTRAST, f"{phase}: {seen['ratio']:.2f}:1"
    assert seen["banner"].startswith(seen["word"])
    assert "LOWER BACK" in seen["banner"]
    assert any("█" in row for row in seen["screen"])  # solid blocks, not thin strokes


SNAPSHOT_PHASES = ["get_ready", "running", "paused"]


# The phases that have a snapshot are checked in the snapshot's own run (test_floor_view_snapshot): the
# same app in the same state, started once instead of twice.
@quick_flash
@pytest.mark.parametrize("size", FLOOR_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", [phase for phase in PHASES if phase not in SNAPSHOT_PHASES])
async def test_the_countdown_is_a_third_of_the_window_and_legible(phase: str, size: tuple[int, int]) -> None:
    _assert_a_third_and_legible(await _in_phase(size, phase), phase, size)


@quick_flash
@pytest.mark.parametrize("phase", list(PHASES))
async def test_the_high_contrast_theme_keeps_the_countdown_legible(phase: str) -> None:
    seen = await _in_phase((100, 30), phase, theme="unknot-high-contrast")
    assert seen["ratio"] >= FLOOR_CONTRAST, f"{phase}: {seen['ratio']:.2f}:1"


@quick_flash
@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
async def test_no_band_of_empty_rows_from_80x24_to_250x80() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await running(pilot, clock)
        for width, height in [(80, 24), (90, 27), (100, 30), (120, 36), (150, 45), (200, 60), (250, 80)]:
            for floor_only in (False, True):
                await pilot.resize_terminal(width, height)
                if app.screen.has_class("-floor-only") != floor_only:
                    await pilot.press("f")
                await pilot.pause(0.2)
                rows = screen_rows(app)
                assert len(rows) == height
                blank = [n for n, row in enumerate(rows) if not row.strip()]
                bands = [n for n in blank if n + 1 in blank]
                assert not bands, f"{width}x{height} floor_only={floor_only}: empty rows {blank}"
                rows_drawn = app.screen.query_one("#countdown", BigCountdown).glyph_rows()
                assert rows_drawn * 3 >= height, (width, height, rows_drawn)


@quick_flash
async def test_f_shows_only_the_countdown_and_its_labels_and_back() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await running(pilot, clock)
        screen = app.screen
        before = screen.query_one("#countdown", BigCountdown).glyph_rows()
        assert screen.query_one("#step-instruction").visible and screen.query_one("#up-next").display
        await pilot.press("f")
        await pilot.pause()
        assert not screen.query_one("#player-side").display and not screen.query_one("#up-next").display
        assert screen.query_one("#banner").display and screen.query_one("#step-how").display
        assert screen.query_one("#countdown", BigCountdown).glyph_rows() > before
        await pilot.press("f")
        await pilot.pause()
        assert screen.query_one("#player-side").display


@pytest.mark.parametrize("mode", ["screen", "countdown", "off"])
async def test_the_flash_setting_picks_what_lights_up(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The flash goes after 0.4 s of real time; a busy machine can take longer than that to get here.
    monkeypatch.setattr(player_flash, "FLASH_SECONDS", 60.0)
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    app.services.settings = Settings(flash=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 5.2)  # the first segment begins: a cue
        await pilot.pause()
        window = getattr(app.screen, "window_tint", None) is not None
        countdown = app.screen.query_one("#countdown").has_class("-flash")
        banner = app.screen.query_one("#banner").has_class("-flash")
        expected = {
            "screen": (True, True, False),  # the window tinted, the countdown turned over
            "countdown": (False, True, True),
            "off": (False, False, False),
        }
        assert (window, countdown, banner) == expected[mode]


@quick_flash
@pytest.mark.parametrize("phase", list(PHASES))
async def test_no_color_draws_the_countdown_clearly(phase: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    assert app.no_color
    async with app.run_test(size=(100, 30)) as pilot:
        await PHASES[phase][0](pilot, clock)
        widget = app.screen.query_one("#countdown", BigCountdown)
        region = widget.content_region
        strips = app.screen._compositor.render_strips()[region.y : region.bottom]
        segments = []
        for strip in strips:  # what the terminal gets: the app's NO_COLOR filter applied
            for line_filter in app._filters:
                strip = strip.apply_filter(line_filter, Color(0, 0, 0))
            segments.extend(seg for seg in strip if "█" in seg.text)
        assert sum(seg.text.count("█") for seg in segments) > 100  # solid blocks, every phase
        for seg in segments:
            assert seg.style is not None and seg.style.color is not None
            if seg.style.color.is_default:  # NoColor: the terminal's own foreground on its background
                continue
            # Monochrome: greys; the digits stay at 7:1 against the background in grey too.
            assert seg.style.bgcolor is not None
            fg = Color(*seg.style.color.get_truecolor())
            bg = Color(*seg.style.bgcolor.get_truecolor())
            assert contrast_ratio(fg, bg) >= FLOOR_CONTRAST, (phase, fg, bg)


def test_the_layout_gives_way_in_order() -> None:
    wide, middle, narrow = floor_layout(200, 60), floor_layout(100, 30), floor_layout(80, 24)
    assert "-no-map" not in wide.classes and "-compact-map" not in wide.classes
    assert "-compact-map" in middle.classes
    assert "-no-map" in narrow.classes and "-no-side" not in narrow.classes
    assert "-no-side" in floor_layout(70, 24).classes
    assert "-floor-only" in floor_layout(100, 30, floor_only=True).classes


def test_the_block_font_fills_the_rows_it_is_given() -> None:
    lines = draw("0:45", 10, 40)
    assert len(lines) == 10 and all(len(line) == 40 for line in lines)
    assert all(line.strip() for line in lines)  # every row of every digit has ink
    assert set("".join(lines)) <= {" ", "█", "▀", "▄"}


@quick_flash
@pytest.mark.parametrize("size", FLOOR_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", SNAPSHOT_PHASES)
def test_floor_view_snapshot(phase: str, size: tuple[int, int], snap_compare: Any) -> None:
    """The picture, and the checks of test_the_countdown_is_a_third_of_the_window_and_legible on it."""
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    seen: dict[str, Any] = {}

    async def run_before(pilot: Pilot[Any]) -> None:
        await PHASES[phase][0](pilot, clock)
        seen.update(_look(app, phase))

    same = snap_compare(app, terminal_size=size, run_before=run_before)
    _assert_a_third_and_legible(seen, phase, size)
    assert same


def first_style(countdown: BigCountdown) -> Any:
    """The style of the countdown's first line, as it is handed to Textual."""
    return countdown.render_line(0)._segments[0].style


async def test_the_countdown_turns_over_with_a_screen_flash_and_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from unknot.ui.screens import player_flash

    # The flash ends on Textual's real-time timer: a long one while the cue's flash is looked at (a busy
    # machine can take longer than 0.4 s to get there), then a short one to see it go away.
    monkeypatch.setattr(player_flash, "FLASH_SECONDS", 600.0)
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 5.2)  # the first segment begins: a cue
        await pilot.pause()
        countdown = app.screen.query_one("#countdown", BigCountdown)
        assert first_style(countdown).reverse
        monkeypatch.setattr(player_flash, "FLASH_SECONDS", 0.05)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        player.flash()  # a cue during a flash starts it again, now for 50 ms
        for _ in range(200):  # until it has gone (each look waits for the app to be idle)
            await pilot.pause(0.05)
            if not first_style(countdown).reverse:
                break
        assert not first_style(countdown).reverse
        running_colour = first_style(countdown).color
        await pilot.press("space")
        await pilot.pause()
        assert first_style(countdown).color != running_colour


def _reference_draw(text: str, rows: int, cols: int) -> list[str]:
    """The plain nearest-neighbour scaling that :func:`block_font.draw` must equal, cell for cell."""
    from unknot.ui.widgets.block_font import GLYPH_ROWS, bitmap

    pixels = bitmap(text)
    width = len(pixels[0])
    halves = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}

    def at(y: int, x: int) -> bool:
        return pixels[y * GLYPH_ROWS // (2 * rows)][x * width // cols]

    return ["".join(halves[at(2 * r, x), at(2 * r + 1, x)] for x in range(cols)) for r in range(rows)]


@pytest.mark.parametrize("text", ["0:45", "10:00", "1:01:59", "9", "GET READY", "LEFT PIRIFORMIS"])
@pytest.mark.parametrize("size", [(3, 13), (8, 33), (10, 52), (21, 64), (45, 150), (65, 200), (7, 40)])
def test_the_cached_drawing_equals_plain_scaling(text: str, size: tuple[int, int]) -> None:
    rows, cols = size
    assert draw(text, rows, cols) == _reference_draw(text, rows, cols)


def test_the_flash_setting_is_checked(tmp_path: Any) -> None:
    from unknot.errors import SettingsError
    from unknot.settings import load_settings

    path = tmp_path / "config.toml"
    path.write_text('flash = "countdown"\n')
    assert load_settings(path).flash == "countdown"
    assert load_settings(tmp_path / "none.toml").flash == "screen"
    path.write_text('flash = "blink"\n')
    with pytest.raises(SettingsError, match='flash: must be one of "screen", "countdown" or "off"'):
        load_settings(path)
