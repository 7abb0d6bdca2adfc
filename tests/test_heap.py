"""What start-up left alive is out of the collector's sight while the player runs, and back after."""

from __future__ import annotations

import gc

from tests.ui_support import FakeClock, build_app, builtin
from unknot.ui.screens.player import PlayerScreen


async def test_the_heap_is_frozen_while_the_player_runs_and_thawed_after() -> None:
    gc.unfreeze()
    app = build_app(clock=FakeClock(), start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # past the reminder
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert gc.get_freeze_count() > 0
        screen = app.screen
        assert all(obj is not screen for obj in gc.get_objects())  # the player is among what is set aside
    assert gc.get_freeze_count() == 0
