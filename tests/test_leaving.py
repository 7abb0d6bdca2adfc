"""Leaving the app on a signal, in-process: the session is saved and the exit status is 128 + the signal's
number, so the launcher neither returns 0 nor prints "Progress saved" to a terminal that may be gone. (The
real signals, in tmux, are tests/test_signals_tmux.py.)"""

from __future__ import annotations

import signal
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from tests.ui_support import FakeClock, build_app, short_routine, wake_player
from unknot.session.store import Store
from unknot.ui import leaving
from unknot.ui.screens.player import PlayerScreen


class Watchdog:
    """Stands in for the timer that would end the test's own process."""

    started: ClassVar[list[tuple[float, tuple[int, ...]]]] = []

    def __init__(self, seconds: float, function: object, args: tuple[int, ...]) -> None:
        self.seconds, self.args = seconds, args
        self.daemon = False

    def start(self) -> None:
        Watchdog.started.append((self.seconds, self.args))


async def test_sigterm_saves_and_exits_with_128_plus_the_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leaving, "threading", SimpleNamespace(Timer=Watchdog))
    Watchdog.started.clear()
    store = Store.open(tmp_path / "unknot.db")
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine(), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        wake_player(app, clock, 3.0)
        leaving.leave_on_signal(app, signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert Watchdog.started == [(leaving.EXIT_GRACE_SECONDS, (128 + signal.SIGTERM,))]
    progress = store.load_progress()
    assert progress is not None and progress.snapshot["step"] == 0
