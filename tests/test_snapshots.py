"""SVG snapshots of every screen at 80x24 and 40x12, on a frozen clock.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui_support import FakeClock, build_app, builtin
from unknot.ui.screens.player import PlayerScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]
Steps = Callable[[Pilot[Any], FakeClock], Awaitable[None]]


async def _advance(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds * 2)):
        clock.advance(0.5)
        screen = pilot.app.screen
        if isinstance(screen, PlayerScreen):
            screen._on_wake()
    await pilot.pause(0.5)  # let any cue flash fade before the picture is taken


async def _nothing(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.pause()


async def _get_ready(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 1)


async def _mid_segment(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 35)


async def _paused(pilot: Pilot[Any], clock: FakeClock) -> None:
    await _mid_segment(pilot, clock)
    await pilot.press("space")
    await pilot.pause(0.5)


async def _last_seconds(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 78)  # the first segment of si-joint-10 runs 5 s to 80 s


async def _summary(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 150)  # the lower back, both sides of the buttocks, into the maximus
    await pilot.press("h")
    for _ in range(30):
        await pilot.press("n")
    await pilot.pause(0.5)


SCENES: dict[str, tuple[bool, Steps]] = {
    "picker": (False, _nothing),
    "reminder": (True, _nothing),
    "player_get_ready": (True, _get_ready),
    "player_mid_segment": (True, _mid_segment),
    "player_paused": (True, _paused),
    "player_last_3s": (True, _last_seconds),
    "summary": (True, _summary),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(scene: str, size: tuple[int, int], snap_compare: Any) -> None:
    start, steps = SCENES[scene]
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin() if start else None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
