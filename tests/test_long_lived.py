"""A running player's objects are kept out of the garbage collector's walks, and given back when it closes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from tests.fakes import RecordingPlayer
from tests.ui_support import DATA, FakeClock, wake_player
from unknot.routine_files.discovery import discover
from unknot.routine_files.loader import load_routine
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.summary import SummaryScreen


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def short_app(clock: FakeClock) -> UnknotApp:
    services = Services(
        clock=clock,
        discover=lambda: discover(user_dir=DATA / "no-user-dir"),
        make_player=lambda bell: RecordingPlayer(),
        ask_pain=False,
    )
    return make_app(services, start=load_routine(DATA / "short.yaml"))


async def into_the_player(app: UnknotApp, pilot: Pilot[int]) -> PlayerScreen:
    await pilot.press("enter")  # the reminder
    for _ in range(50):
        await pilot.pause()
        if gc.get_freeze_count():
            break
    assert isinstance(app.screen, PlayerScreen)
    return app.screen


async def test_set_aside_once_the_player_shows_and_given_back_when_the_routine_ends() -> None:
    clock = FakeClock()
    app = short_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert gc.get_freeze_count() == 0  # the reminder: nothing set aside yet
        await into_the_player(app, pilot)
        assert gc.get_freeze_count() > 10_000  # the app, its styles and widgets, the session
        wake_player(app, clock, 16.0)  # the whole routine
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert gc.get_freeze_count() == 0


async def test_given_back_when_the_app_ends_with_the_player_on() -> None:
    app = short_app(FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await into_the_player(app, pilot)
        assert gc.get_freeze_count() > 0
        await pilot.press("q")
    assert gc.get_freeze_count() == 0
