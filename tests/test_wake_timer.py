"""The player's wake-up on the event loop: it fires once, reports errors, and not after its screen closed."""

from __future__ import annotations

import asyncio

from tests.ui_support import FakeClock, build_app, builtin
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.wake_timer import wake_in


async def test_a_wake_fires_once_and_an_error_goes_to_on_error() -> None:
    calls: list[str] = []
    errors: list[Exception] = []

    def boom() -> None:
        calls.append("boom")
        raise ValueError("inside the wake")

    wake_in(0, lambda: calls.append("ok"), errors.append, lambda: True)
    wake_in(0, boom, errors.append, lambda: True)
    stopped = wake_in(0, lambda: calls.append("stopped"), errors.append, lambda: True)
    stopped.stop()
    await asyncio.sleep(0.01)
    assert calls == ["ok", "boom"]
    assert [str(error) for error in errors] == ["inside the wake"]


async def test_a_wake_that_comes_after_its_owner_closed_does_nothing() -> None:
    calls: list[str] = []
    wake_in(0, lambda: calls.append("late"), lambda error: calls.append("error"), lambda: False)
    await asyncio.sleep(0.01)
    assert calls == []


async def test_the_player_answers_alive_only_while_its_message_loop_runs() -> None:
    # The CI failure this guards: the app shut down, the screen's children were gone, and a wake already
    # on the loop redrew the countdown. The screen's is_running is what the player hands to wake_in.
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.is_running and player._timer is not None
    # After exit the countdown is gone, and the screen says it is not running, so a late wake is dropped.
    assert not player.query("#countdown")
    assert not player.is_running
