"""Shared pieces for the Pilot and snapshot tests: a fake clock and an app built on fakes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.fakes import RecordingPlayer
from unknot.model.routine import Routine
from unknot.routine_files.discovery import discover, resolve, resolve_saved
from unknot.routine_files.loader import load_routine
from unknot.session.cues import SoundCues
from unknot.session.store import Store
from unknot.ui.app import Services, UnknotApp, make_app

DATA = Path(__file__).resolve().parent / "data"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wake_player(app: UnknotApp, clock: FakeClock, seconds: float) -> None:
    """Move the clock on in half seconds, waking the player each time as its timer would.

    Steps of half a second stay well inside the runner's 2 s gap limit, so no step reads as a suspend.
    """
    from unknot.ui.screens.player import PlayerScreen

    steps = max(1, round(seconds * 2))
    for _ in range(steps):
        clock.advance(seconds / steps)
        screen = app.screen
        if isinstance(screen, PlayerScreen):
            screen._on_wake()


async def until(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run on (real time: its timers fire) until ``condition()`` holds, or fail at ``timeout``.

    For what a real-time timer does (a poll, the end of a flash): a deadline on the outcome, over as soon
    as it shows, where waiting the timer's period out fails on a machine that runs the timer late.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not so after {timeout} s"
        await pilot.pause(0.05)


def short_routine() -> Routine:
    return load_routine(DATA / "short.yaml")


def builtin(routine_id: str = "si-joint-10") -> Routine:
    return resolve(routine_id)


def build_app(
    *,
    clock: FakeClock | None = None,
    start: Routine | None = None,
    player: RecordingPlayer | None = None,
    store: Store | None = None,
    ask_pain: bool = False,
    resume: bool = False,
    user_dir: Path | None = None,
) -> UnknotApp:
    """The real app on fakes: a frozen clock, recorded sound, and a store only when given one."""
    recording = player or RecordingPlayer()
    services = Services(
        clock=clock or FakeClock(),
        discover=lambda: discover(user_dir=user_dir or DATA / "no-user-dir"),
        find_saved=lambda id_, source: resolve_saved(id_, source, user_dir=user_dir or DATA / "no-user-dir"),
        make_player=lambda bell: recording,
        store=store,
        ask_pain=ask_pain,
    )
    return make_app(services, start=start, resume=resume)


def cues_of(app: UnknotApp) -> SoundCues:
    assert app.cues is not None
    return app.cues
