"""Starting a routine while a session is saved always asks (session.flow.on_start), in both front ends:
the same routine is offered to resume, another one is asked about naming both. Pilot and plain mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tests import plain_support
from tests.ui_support import DATA, FakeClock, build_app, wake_player
from unknot.session.events import Phase
from unknot.session.store import Store
from unknot.ui.app import UnknotApp
from unknot.ui.screens.picker import PickerScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.screens.resume import ResumeScreen
from unknot.ui.screens.switch import SwitchScreen


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(DATA / "short.yaml", folder / "short.yaml")
    return folder


def labels(app: UnknotApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def pick(app: UnknotApp, pilot: object, routine_id: str) -> None:
    """Highlight ``routine_id`` in the picker and press Enter, as a user does."""
    assert isinstance(app.screen, PickerScreen)
    option_list = app.screen.query_one("#routines", OptionList)
    ids = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
    option_list.highlighted = ids.index(routine_id)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def leave_a_session_of_short(tmp_path: Path, user_dir: Path) -> Store:
    """Run short.yaml in the app on a fake clock 8.5 s in (segment 2 of 3), then quit: it is saved."""
    store = Store.open(tmp_path / "unknot.db")
    clock = FakeClock()
    app = build_app(clock=clock, store=store, user_dir=user_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pick(app, pilot, "short")
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        wake_player(app, clock, 8.5)
        assert isinstance(app.screen, PlayerScreen) and app.screen.session.index == 1
        await pilot.press("q")
        await pilot.pause()
    assert store.load_progress() is not None
    return store


async def test_picking_the_routine_in_progress_offers_to_resume_it(tmp_path: Path, user_dir: Path) -> None:
    store = await leave_a_session_of_short(tmp_path, user_dir)
    app = build_app(clock=FakeClock(), store=store, user_dir=user_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")  # decide later: the list
        await pilot.pause()
        await pick(app, pilot, "short")  # the same routine as the one saved
        assert isinstance(app.screen, ResumeScreen)
        assert labels(app) == [
            "Resume 'Short test routine' at segment 2 of 3, 0:02 left",
            "Start over from the beginning",
            "Discard this session",
        ]
        await pilot.press("enter")  # resume
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        session = app.screen.session
        assert session.paused and session.index == 1 and session.phase is Phase.SEGMENT
        assert session.remaining() == pytest.approx(1.5)


async def test_picking_another_routine_asks_naming_both(tmp_path: Path, user_dir: Path) -> None:
    store = await leave_a_session_of_short(tmp_path, user_dir)
    app = build_app(clock=FakeClock(), store=store, user_dir=user_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pick(app, pilot, "quick-relief-5")
        assert isinstance(app.screen, SwitchScreen)
        question = str(app.screen.query_one("#switch-question", Static).render())
        assert question == (
            "A session of 'Short test routine' is in progress at segment 2 of 3, 0:02 left. Start "
            "'Quick relief, 5 min' instead? The session of 'Short test routine' would be discarded."
        )
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and store.load_progress() is not None


# ---------------------------------------------------------------------- plain mode, in this process


@pytest.fixture
def plain_here(tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(user_dir))
    monkeypatch.delenv("NO_COLOR", raising=False)


def leave_short_in_plain_mode() -> None:
    # Enter for the reminder at 100; q at 108.5, 8.5 s in: segment 2 of 3 with 1.5 s left.
    status, out, _ = plain_support.run(["run", "short"], [(100.0, ""), (108.5, "q")])
    assert status == 0 and "progress is kept" in out


def test_plain_run_of_the_routine_in_progress_offers_to_resume_it(plain_here: None) -> None:
    leave_short_in_plain_mode()
    status, out, _ = plain_support.run(
        ["run", "short"], [(200.0, ""), (200.0, ""), (201.0, "q")], start=200.0
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (
        "A session of 'Short test routine' is in progress at segment 2 of 3, 0:02 left: r resume it (or just "
        "Enter), s start it over, d discard it and start 'Short test routine', q leave it for later."
    )
    assert any(line.startswith("0:08 Paused where you left off: segment 2 of 3") for line in lines), out


def test_plain_run_of_another_routine_asks_naming_both(plain_here: None) -> None:
    leave_short_in_plain_mode()
    status, out, _ = plain_support.run(["run", "quick-relief-5"], [(200.0, "q")], start=200.0)
    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("A session of 'Short test routine' is in progress at segment 2 of 3")
    assert "d discard it and start 'Quick relief, 5 min'" in first
    assert "Nothing changed: the session in progress is kept." in out
