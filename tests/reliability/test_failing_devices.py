"""No sound device, a read-only database, a full disk: the session goes on, the user is told once, and
nothing saved before the trouble is lost.

Sessions run on a fake clock through the real runner, store and checkpoints. The read-only database is
real (SQLite opened with ``mode=ro``, so writes fail as they would on a read-only mount); the full disk is
faked where SQLite would report it (``database or disk is full`` from the connection), and where Python
would (``OSError(ENOSPC)`` from the ``--events`` file).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.fakes import RecordingCues, RecordingPlayer
from tests.reliability.conftest import Figure
from tests.ui_support import FakeClock, build_app, short_routine
from unknot import paths
from unknot.model.routine import Routine
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.store import Store
from unknot.session.store_records import SessionRecord
from unknot.sound import audio
from unknot.sound.sounds import load_cue_sounds
from unknot.ui.screens.player import PlayerScreen

EARLIER = SessionRecord(
    routine_id="earlier",
    routine_name="An earlier session",
    started_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC),
    ended_at=datetime(2026, 1, 1, 9, 10, tzinfo=UTC),
    active_seconds=600,
    region_seconds={"lumbar": 600},
    skipped=[],
    hurts=[],
    completed=True,
)


def run_session(
    routine: Routine,
    *,
    checkpoints: StoreCheckpoints | None = None,
    cues: Any = None,
    events_out: Any = None,
    trouble: tuple[float, Callable[[], None]] | None = None,
    recovery: tuple[float, Callable[[], None]] | None = None,
) -> tuple[Session, list[str]]:
    """Run ``routine`` to its end on a fake clock; ``trouble`` and ``recovery`` are (seconds in, action).

    Returns the session and the warnings the user was given.
    """
    clock = FakeClock()
    session = Session(routine, clock)
    warnings: list[str] = []
    runner = SessionRunner(
        session,
        cues=cues if cues is not None else RecordingCues(),
        checkpoints=checkpoints,
        events_out=events_out,
        on_warning=warnings.append,
    )
    pending = [event for event in (trouble, recovery) if event is not None]
    start = clock.now
    runner.begin()
    while not session.finished:
        wake = runner.next_wakeup()
        assert wake is not None, "the session stopped running"
        clock.now = wake + 0.002
        while pending and clock.now - start >= pending[0][0]:
            pending.pop(0)[1]()
        runner.wake()
        assert clock.now - start < 10 * routine.total_seconds, "the session does not end"
    return session, warnings


class FullDisk:
    """A connection that reports a full disk on every write, as SQLite does (SQLITE_FULL)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _store_with_history(path: Path) -> Store:
    store = Store.open(path)
    store.finish(EARLIER)
    return store


def _check_nothing_lost(path: Path, progress_before: dict[str, Any] | None) -> str:
    with Store.open(path) as again:
        assert again.notice is None, again.notice
        assert again.integrity_ok()
        names = [s.routine_name for s in again.history()]
        assert EARLIER.routine_name in names, names
        progress = again.load_progress()
        if progress_before is not None:
            assert progress is not None, "the progress saved before the trouble is gone"
            assert progress.snapshot["step"] == progress_before["step"]
            assert progress.snapshot["phase"] == progress_before["phase"]
        return f"history {len(names)} kept, progress {'kept' if progress else 'none'}"


@pytest.mark.parametrize("lasts", ["to the end", "5 seconds"])
def test_full_disk_mid_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lasts: str, figure: Figure
) -> None:
    path = tmp_path / "unknot.db"
    store = _store_with_history(path)
    real = store._conn
    saved: list[dict[str, Any]] = []

    def fill_disk() -> None:
        progress = store.load_progress()
        assert progress is not None, "nothing was saved before the disk filled"
        saved.append(progress.snapshot)
        monkeypatch.setattr(store, "_conn", FullDisk(real))

    def free_disk() -> None:  # another program freed some room
        monkeypatch.setattr(store, "_conn", real)

    routine = short_routine()
    recovery = (9.0, free_disk) if lasts == "5 seconds" else None
    session, warnings = run_session(
        routine, checkpoints=StoreCheckpoints(store), trouble=(4.0, fill_disk), recovery=recovery
    )
    assert session.finished and session.summary().completed
    during = [w for w in warnings if "progress" in w]
    assert len(during) == 1, warnings  # told once, however many saves failed
    assert "disk is full" in during[0]
    assert len(warnings) == 1, warnings  # one warning for saving, whether progress or the end was lost
    store._conn = real
    store.close()
    if lasts == "5 seconds":
        assert warnings == during
        kept = _check_nothing_lost(path, None)
        with Store.open(path) as again:
            assert routine.name in [s.routine_name for s in again.history()], "the session was not recorded"
    else:
        kept = _check_nothing_lost(path, saved[0])  # the progress from before the disk filled is still there
    told = "; ".join(warnings)
    figure(f"full disk ({lasts}): session finished, warned {len(warnings)}x, {kept} ({told[:80]}...)")


def test_read_only_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figure: Figure) -> None:
    path = tmp_path / "unknot.db"
    store = _store_with_history(path)
    checkpoints = StoreCheckpoints(store)
    real = store._conn
    saved: list[dict[str, Any]] = []

    def read_only() -> None:
        progress = store.load_progress()
        assert progress is not None
        saved.append(progress.snapshot)
        # A real read-only connection: SQLite refuses each write itself (SQLITE_READONLY).
        monkeypatch.setattr(
            store, "_conn", sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        )

    session, warnings = run_session(short_routine(), checkpoints=checkpoints, trouble=(4.0, read_only))
    assert session.finished
    assert len([w for w in warnings if "progress" in w]) == 1, warnings
    assert all("read-only" in w for w in warnings), warnings
    assert len(warnings) == 1, warnings
    store._conn.close()
    store._conn = real
    store.close()
    kept = _check_nothing_lost(path, saved[0])
    figure(f"read-only database: session finished, warned {len(warnings)}x, {kept}")


def test_data_dir_that_cannot_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figure: Figure
) -> None:
    # As root a chmod does not stop writes: the folder's creation fails as it would on a read-only mount.
    target = tmp_path / "ro" / "unknot.db"
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
        if self == target.parent:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    store = Store.open(target)
    assert store.notice is not None and "nothing will be saved" in store.notice
    session, warnings = run_session(short_routine(), checkpoints=StoreCheckpoints(store))
    assert session.finished
    assert warnings == []  # the one notice was the store's, shown at start; the session saves in memory
    store.close()
    figure(f"read-only data folder: session finished in memory, told once ({store.notice[:60]}...)")


def test_events_file_on_a_full_disk(figure: Figure) -> None:
    class FullFile:
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    out = FullFile()
    session, warnings = run_session(short_routine(), events_out=out)
    assert session.finished
    assert out.writes == 1  # after the first failure the log is let go
    assert len(warnings) == 1, warnings
    figure(f"events file on a full disk: session finished, warned {len(warnings)}x")


class DeadDevice:
    """simpleaudio with no device: every play fails as ALSA reports it."""

    plays = 0

    def play_buffer(self, *args: Any) -> Any:
        self.plays += 1
        raise RuntimeError("Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory")


def test_sound_device_gone(figure: Figure) -> None:
    sounds = load_cue_sounds(sounds_dir=paths.builtin_sounds_dir())
    rings: list[int] = []
    device = DeadDevice()
    player = audio.SimpleaudioPlayer(sounds, fallback=lambda: rings.append(1), backend=device)
    session, warnings = run_session(short_routine(), cues=SoundCues(player))
    assert session.finished
    assert device.plays == 1  # tried once, then the bell for the rest
    assert not player.audible
    assert player.status.startswith("sound off: playing failed (Error opening PCM device: No such file")
    assert rings and len(rings) >= 5, rings
    assert warnings == []
    figure(
        f"sound device gone: session finished, 1 failed play then {len(rings)} bells; "
        f"status: {player.status[:50]}"
    )


async def test_sound_device_gone_in_the_app(figure: Figure) -> None:
    # The device fails at the first cue: the session runs to the end on the bell, and the user is told once.
    sounds = load_cue_sounds(sounds_dir=paths.builtin_sounds_dir())
    notified: list[str] = []
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine(), player=RecordingPlayer())
    bells: list[int] = []
    device = DeadDevice()

    def make_player(bell: Callable[[], None]) -> audio.SimpleaudioPlayer:
        return audio.SimpleaudioPlayer(sounds, fallback=lambda: bells.append(1), backend=device)

    app.services.make_player = make_player
    real_notify = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notified.append(message)
        real_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            if isinstance(app.screen, PlayerScreen):
                break
            await pilot.press("enter" if "Reminder" in type(app.screen).__name__ else "escape")
            await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        status_at_start = str(player.query_one("#player-status", Static).render())
        for _ in range(6):  # into the first segment: its start cue fails
            clock.advance(0.5)
            player._on_wake()
            await pilot.pause()
        status_after = str(player.query_one("#player-status", Static).render())
        for _ in range(40):
            clock.advance(0.5)
            if isinstance(app.screen, PlayerScreen):
                app.screen._on_wake()
            await pilot.pause()
        assert not isinstance(app.screen, PlayerScreen), "the session did not end"
    assert device.plays == 1 and bells
    told = len(notified)
    figure(
        f"sound device gone (app): session ran to the end, {len(bells)} bells; told {told}x "
        f"(status line: {status_after[:50]!r})"
    )
    assert told == 1 and "playing failed" in notified[0]
    assert status_after != status_at_start and status_after.startswith("sound off: playing failed")
