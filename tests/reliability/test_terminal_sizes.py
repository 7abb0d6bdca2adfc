"""Every terminal size from 20x6 to 250x80, and live resizes while a session runs: no exception.

Pilot on a fake clock: the app starts at the smallest and the largest size (the reminder and the player
drawn there), then, during segments and get-readies, the terminal is resized through a grid of widths and
heights that includes every layout threshold on both sides, with the clock moving on between resizes.
One tmux run does the same to the real app in a real terminal (resize-window while a segment runs).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.reliability.conftest import Figure
from tests.tmux import WAIT_SECONDS, TmuxSession, available
from tests.ui_support import FakeClock, build_app, builtin, wake_player
from unknot.ui.app import UnknotApp
from unknot.ui.screens.player import PlayerScreen

# Every layout threshold in the player (80/22, 60/18, 40/12) from both sides, and the extremes.
WIDTHS = (20, 21, 30, 39, 40, 41, 59, 60, 79, 80, 81, 100, 133, 160, 200, 249, 250)
HEIGHTS = (6, 7, 9, 11, 12, 13, 17, 18, 21, 22, 23, 30, 45, 60, 79, 80)
EDGES = ((20, 6), (250, 80))
CORNERS = ((20, 6), (250, 80), (20, 80), (250, 6))
UNKNOT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "unknot"


async def _to_player(app: UnknotApp, pilot: object) -> PlayerScreen:
    """Pass the reminder (and a pain prompt, if one is asked) into the player."""
    for _ in range(5):
        if isinstance(app.screen, PlayerScreen):
            return app.screen
        key = "enter" if type(app.screen).__name__ in ("ReminderScreen", "ResumeScreen") else "escape"
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PlayerScreen), type(app.screen).__name__
    return app.screen


@pytest.mark.parametrize("size", EDGES, ids=[f"{w}x{h}" for w, h in EDGES])
async def test_starts_and_runs_at_the_edge_sizes(size: tuple[int, int], figure: Figure) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin("si-joint-10"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _to_player(app, pilot)
        for _ in range(10):
            wake_player(app, clock, 1.0)
            await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
    figure(f"{size[0]}x{size[1]}: started there, reminder and 10 s of player drawn, no exception")


@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
async def test_live_resizes_during_a_session(figure: Figure) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin("si-joint-10"))
    # Each width with every height would be 272 resizes (30 s); pairing them twice, forwards and
    # backwards, still crosses every threshold both ways, growing and shrinking, in 34 (and 4 corners).
    heights = [HEIGHTS[i % len(HEIGHTS)] for i in range(len(WIDTHS))]
    sizes = [*zip(WIDTHS, heights, strict=True), *zip(WIDTHS[::-1], heights, strict=True), *CORNERS]
    start = time.perf_counter()
    phases: set[str] = set()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_player(app, pilot)
        wake_player(app, clock, screen.session.routine.transition + 0.5)  # into the first segment
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            wake_player(app, clock, 1.5)
            await pilot.pause()
            assert app.screen is screen, "the player left during the resizes"
            phases.add(screen.session.phase.value)
        assert screen.size.width == sizes[-1][0]
    took = time.perf_counter() - start
    figure(
        f"{len(sizes)} live resizes 20x6..250x80 during {'/'.join(sorted(phases))}: "
        f"0 exceptions ({took:.1f} s)"
    )


@pytest.mark.tmux
@pytest.mark.skipif(not available(), reason="needs tmux (apt-get install tmux)")
def test_live_resizes_in_a_real_terminal(tmp_path: Path, figure: Figure) -> None:
    unknot = str(UNKNOT) if UNKNOT.exists() else "unknot"
    env = {"UNKNOT_DATA_DIR": str(tmp_path), "UNKNOT_CONFIG_DIR": str(tmp_path / "config")}
    sizes = [(20, 6), (250, 80), (39, 11), (80, 22), (59, 17), (100, 30), (21, 7), (160, 45), (100, 30)]
    with TmuxSession.start([unknot, "run", "quick-relief-5", "--mute"], size=(100, 30), env=env) as tm:
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")
        # A deadline on the player's title; the pain question is answered once, and again only if it is
        # still there seconds later (a loaded machine may take that long to take the key).
        deadline = time.monotonic() + WAIT_SECONDS
        answered = -WAIT_SECONDS
        while "· unknot" not in tm.title():
            screen = tm.capture_pane()
            if "pain" in screen.lower() and "?" in screen and time.monotonic() - answered > 5:
                tm.send_keys("Escape")
                answered = time.monotonic()
            assert time.monotonic() < deadline, tm.capture_pane()
            time.sleep(0.1)
        pid = tm.pane_pid()
        for width, height in sizes * 2:
            tm.resize(width, height)
            time.sleep(0.15)
        tm.wait_until(lambda screen: "· unknot" in tm.title() and screen.strip() != "")
        assert tm.alive(), "unknot ended during the resizes"
        assert Path(f"/proc/{pid}").exists()
        screen = tm.capture_pane()
        assert "Traceback" not in screen and "Error" not in screen, screen
    figure(f"real terminal: {len(sizes) * 2} resizes 20x6..250x80 while running, still running, no error")
