"""Never lose a session: the resume prompt, pain ratings, history, gaps in time, and a crash that saves."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from tests.fakes import RecordingCues
from tests.ui_support import DATA, FakeClock, build_app, short_routine, wake_player
from unknot.learning.history import sparkline
from unknot.session.engine import Session
from unknot.session.events import Phase
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.store import Store
from unknot.session.store_records import SessionRecord
from unknot.ui.screens.choice import ChoiceScreen
from unknot.ui.screens.history import HistoryScreen
from unknot.ui.screens.pain import PainScreen
from unknot.ui.screens.picker import PickerScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.screens.resume import ResumeScreen
from unknot.ui.screens.summary import SummaryScreen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "unknot.db")


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(DATA / "short.yaml", folder / "short.yaml")
    return folder


def save_progress_at(
    store: Store,
    user_dir: Path,
    seconds: float,
    pain_before: int | None = 4,
    routine_file: str = "short.yaml",
) -> None:
    """Run the short routine on a fake clock for ``seconds`` and save it, as the app would have."""
    from unknot.routine_files.loader import load_routine

    routine = load_routine(user_dir / routine_file)
    clock = FakeClock(0)
    session = Session(routine, clock)
    session.begin()
    clock.advance(seconds)
    session.poll()
    StoreCheckpoints(store, pain_before=pain_before).save(session)


def text(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_session_in_progress_is_offered_with_where_it_stopped(store: Store, user_dir: Path) -> None:
    save_progress_at(store, user_dir, 8.5)  # 1.5 s into the left piriformis (segment 2 of 3)
    app = build_app(store=store, user_dir=user_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == [
            "Resume 'Short test routine' at segment 2 of 3, 0:02 left",
            "Start over from the beginning",
            "Discard this session",
        ]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)  # the reminder comes first, every time
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)  # no pain question for a resumed session
        session = app.screen.session
        assert session.paused and session.index == 1 and session.phase is Phase.SEGMENT
        assert session.remaining() == pytest.approx(1.5)
        assert "Paused" in text(app, "#phase-label")


async def test_start_over_and_discard(store: Store, user_dir: Path) -> None:
    save_progress_at(store, user_dir, 8.5)
    app = build_app(store=store, user_dir=user_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # start over
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert store.load_progress() is None
    save_progress_at(store, user_dir, 8.5)
    app = build_app(store=store, user_dir=user_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # discard
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert store.load_progress() is None


async def test_a_changed_routine_offers_only_start_over_or_discard(store: Store, user_dir: Path) -> None:
    save_progress_at(store, user_dir, 8.5)
    path = user_dir / "short.yaml"
    path.write_text(path.read_text().replace("description: Three quick steps", "description: Changed"))
    app = build_app(store=store, user_dir=user_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "changed" in text(app, "#resume-problem")
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["restart", "discard"]


async def test_a_routine_that_no_longer_loads_says_why_and_enter_keeps_the_session(
    store: Store, user_dir: Path
) -> None:
    save_progress_at(store, user_dir, 8.5)
    path = user_dir / "short.yaml"
    path.write_text(path.read_text().replace("technique:", "tecnique:", 1))
    app = build_app(store=store, user_dir=user_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        problem = text(app, "#resume-problem")
        # The loader's own words with the place, and how to see every problem, as plain mode says.
        assert f"{path}:" in problem and "unknown key 'tecnique'; did you mean 'technique'?" in problem
        assert "Fix it (`unknot validate` on that file lists every problem)" in problem
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["later", "restart", "discard"]
        assert options.get_option_at_index(1).disabled  # nothing to start over
        await pilot.press("enter")  # the first answer loses nothing
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert store.load_progress() is not None


async def test_unknot_resume_goes_straight_to_the_reminder_then_paused(store: Store, user_dir: Path) -> None:
    save_progress_at(store, user_dir, 3.0)
    app = build_app(store=store, user_dir=user_dir, resume=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen) and app.screen.session.paused


async def test_pain_before_and_after_go_to_the_history(store: Store, user_dir: Path) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, store=store, user_dir=user_dir, start=short_routine(), ask_pain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        assert isinstance(app.screen, PainScreen) and app.screen.moment == "before"
        await pilot.press("1", "1", "enter")  # 11 is out of range: asked again
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        app.screen.query_one(Input).value = ""
        await pilot.press("6", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "Where" in app.screen.question
        await pilot.press("l")  # one key: left
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        wake_player(app, clock, 20)
        await pilot.pause()
        assert isinstance(app.screen, PainScreen) and app.screen.moment == "after"
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "chair" in app.screen.question
        await pilot.press("e")  # easier
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Pain now: 3" in text(app, "#summary-pain")
        assert "Standing up from a chair: easier" in text(app, "#summary-pain")
        assert "1st session this week" in text(app, "#summary-counts")
    [finished] = store.history()
    assert (finished.pain_before, finished.pain_after) == (6, 3)
    assert store.rows("SELECT pain_where, retest FROM ratings") == [("left", "easier")]


async def test_esc_skips_the_pain_rating(store: Store) -> None:
    app = build_app(store=store, start=short_routine(), ask_pain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("q")
    progress = store.load_progress()
    assert progress is not None and progress.pain_before is None


async def test_history_screen_lists_sessions_and_the_trend(store: Store) -> None:
    for n in range(5):
        started = datetime(2026, 11, 1 + n, 8, 0, tzinfo=UTC)
        record = SessionRecord(
            routine_id="si-joint-10",
            routine_name="SI joint relief, 10 min",
            started_at=started,
            ended_at=started,
            active_seconds=600,
            region_seconds={"lumbar": 120},
            skipped=[],
            hurts=[],
            completed=True,
            pain_before=7 - n,
            pain_after=None if n == 2 else 5 - n,
        )
        store.finish(record)
    app = build_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        assert table.get_row_at(0)[1:5] == ["SI joint relief, 10 min", "10.0", "3", "1"]
        before, after = (str(w.render()) for w in app.screen.query(".trend"))
        # Both rows on the same 0-10 scale, one cell per session, oldest first, a gap where not rated.
        assert before == sparkline([7, 6, 5, 4, 3]) == "▆▅▅▄▃"
        assert after == sparkline([5, 4, None, 2, 1]) == "▅▄ ▂▂"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_an_uncaught_exception_saves_before_the_app_exits(store: Store) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, store=store, start=short_routine())

    with pytest.raises(RuntimeError, match="injected"):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            # In half-second wakes, as the player's timer would: one 3.5 s jump reads as a suspend if the
            # real-time wake comes first (on a busy machine it can), and the session pauses where it began.
            wake_player(app, clock, 3.5)
            screen = app.screen
            assert isinstance(screen, PlayerScreen)

            def explode() -> None:
                raise RuntimeError("injected")

            screen.call_later(explode)
            await pilot.pause()
    progress = store.load_progress()
    assert progress is not None
    assert progress.snapshot["phase"] == "segment" and progress.snapshot["done"] == pytest.approx(1.5)
    assert app.return_code == 1


def test_a_gap_of_ten_seconds_pauses_where_it_began() -> None:
    clock = FakeClock(0)
    session = Session(short_routine(), clock)
    runner = SessionRunner(session, cues=RecordingCues())
    runner.begin()
    clock.advance(2.5)
    runner.wake()
    wake_at = runner.next_wakeup()
    assert wake_at == pytest.approx(3.0)
    clock.now = wake_at + 10  # the laptop slept; the timer fired ten seconds late
    events = runner.wake()
    # What fell due up to the moment the gap began still happens; then the session pauses there.
    assert [e.name for e in events] == ["tick", "paused"]
    assert events[-1].due == pytest.approx(3.0)
    assert session.paused and session.remaining() == pytest.approx(2.0)
    clock.advance(1)
    runner.control("toggle_pause")
    assert not session.paused and session.remaining() == pytest.approx(2.0)


def test_a_short_delay_is_not_a_gap() -> None:
    clock = FakeClock(0)
    session = Session(short_routine(), clock)
    runner = SessionRunner(session, cues=RecordingCues())
    runner.begin()
    wake_at = runner.next_wakeup()
    assert wake_at is not None
    clock.now = wake_at + 1.5
    runner.wake()
    assert not session.paused


async def test_a_routine_run_by_path_is_found_again_by_its_file(store: Store, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(DATA / "short.yaml", elsewhere / "mine.yaml")
    save_progress_at(store, elsewhere, 8.5, routine_file="mine.yaml")
    app = build_app(store=store, user_dir=tmp_path / "empty")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert app.screen.saved.session is not None
        assert app.screen.saved.session.routine.source == elsewhere / "mine.yaml"
