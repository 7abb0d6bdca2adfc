"""Shared pieces for the Pilot and snapshot tests: a fake clock and an app built on fakes."""

from __future__ import annotations

from pathlib import Path

from unknot.cues import SoundCues
from unknot.engine import Session
from unknot.loader import discover, load_routine, resolve
from unknot.routine import Routine
from unknot.runner import Checkpoints
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


class RecordingPlayer:
    """A cue player that remembers what it was asked to play."""

    status = "sound: recording (test)"
    audible = True

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, cue: str) -> None:
        self.played.append(cue)

    def close(self) -> None:
        pass


class ListCheckpoints:
    """Checkpoints kept in a list."""

    def __init__(self) -> None:
        self.saved: list[dict[str, object]] = []
        self.finished: list[Session] = []

    def save(self, session: Session) -> None:
        self.saved.append(session.snapshot())

    def finish(self, session: Session) -> None:
        self.finished.append(session)


def short_routine() -> Routine:
    return load_routine(DATA / "short.yaml")


def builtin(routine_id: str = "si-joint-10") -> Routine:
    return resolve(routine_id)


def build_app(
    *,
    clock: FakeClock | None = None,
    start: Routine | None = None,
    session: Session | None = None,
    player: RecordingPlayer | None = None,
    checkpoints: Checkpoints | None = None,
) -> UnknotApp:
    """The real app on fakes: a frozen clock, recorded sound, checkpoints in a list."""
    recording = player or RecordingPlayer()
    services = Services(
        clock=clock or FakeClock(),
        discover=lambda: discover(user_dir=DATA / "no-user-dir"),
        make_player=lambda bell: recording,
        checkpoints_for=(lambda s: checkpoints) if checkpoints is not None else None,
    )
    return make_app(services, start=start, session=session)


def cues_of(app: UnknotApp) -> SoundCues:
    assert app.cues is not None
    return app.cues
