"""Issue 17 in the app: the pause says why and names the key bound, and a second window owns nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from tests.fakes import RecordingPlayer
from tests.ui_support import FakeClock, short_routine
from unknot.routine_files.discovery import discover
from unknot.session.ownership import SessionLock
from unknot.session.store import Store
from unknot.settings import Settings
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.picker import PickerScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.switch import SwitchScreen


def app_with(
    settings: Settings,
    clock: FakeClock,
    awake: FakeClock | None = None,
    store: Store | None = None,
    lock: SessionLock | None = None,
) -> UnknotApp:
    services = Services(
        clock=clock,
        discover=lambda: discover(user_dir=Path("/nonexistent")),
        make_player=lambda bell: RecordingPlayer(),
        settings=settings,
        awake_clock=awake,
        store=store,
        lock=lock,
        ask_pain=False,
    )
    return make_app(services, start=short_routine())


def save_a_session_of_short(store: Store, owner: str | None = None) -> None:
    store.save_progress(
        routine_id="short",
        routine_name="Short",
        routine_hash="h",
        snapshot={"step": 0},
        started_at=datetime.now(UTC),
        owner=owner,
    )


def label(app: UnknotApp) -> str:
    return str(app.screen.query_one("#phase-label", Static).render())


async def test_the_self_made_pause_says_why_and_names_the_bound_key() -> None:
    clock, awake = FakeClock(), FakeClock()
    keys = {"player.pause": "k", "reminder.begin": "b", "player.hurts": "x"}
    app = app_with(Settings(keys=keys), clock, awake)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#reminder-keys", Static).render()).startswith("b start")
        assert "Press x and move off" in str(app.screen.query_one("#reminder-stop", Static).render())
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        clock.advance(180)  # the lid was closed for three minutes; the awake clock stood still
        # The player's next wake-up finds the gap: made here, as its real-time timer would, rather than
        # waited for (a loaded machine may fire that timer seconds late).
        app.screen._on_wake()
        await pilot.pause()
        assert app.screen.session.paused
        assert label(app) == "‖ Paused: this computer was asleep for 3 minutes · k to resume"
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("k")  # a pause of the user's own: no reason given
        await pilot.pause()
        assert label(app) == "‖ Paused · k to resume"


async def test_a_second_window_offers_nothing_for_the_session_another_runs(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    store = Store.open(db)
    save_a_session_of_short(store, owner="first")
    first = SessionLock(db)
    assert first.acquire()
    app = app_with(Settings(), FakeClock(), store=store, lock=SessionLock(db))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)  # no resume prompt, no reminder
            messages = [str(n.message) for n in app._notifications]
            assert any("This session is open in another unknot window (pid" in m for m in messages)
            app.begin_routine(short_routine())  # starting anything is refused too
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            # Another routine is refused before anything is asked: a yes to "start it instead?" would
            # delete the progress of the session that window runs.
            app.start_asking(replace(short_routine(), id="another", name="Another"))
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
        progress = store.load_progress()
        assert progress is not None and progress.snapshot == {"step": 0}
    finally:
        first.release()
        store.close()


async def test_keeping_the_saved_session_lets_go_of_the_lock_taken_to_ask(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    store = Store.open(db)
    save_a_session_of_short(store)
    lock = SessionLock(db)
    app = app_with(Settings(), FakeClock(), store=store, lock=lock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # the resume prompt: decide later, the list
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen) and not lock.held
            app.start_asking(replace(short_routine(), id="another", name="Another"))
            await pilot.pause()
            assert isinstance(app.screen, SwitchScreen) and lock.held  # asked as the owner
            await pilot.press("escape")  # keep it
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen) and not lock.held  # another window may run it
        assert store.load_progress() is not None
    finally:
        lock.release()
        store.close()
