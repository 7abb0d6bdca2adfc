"""No silent moments (issue 15, item 4): every key and prompt answers, and nothing covers a running clock.

Pilot tests on a frozen clock: ``h`` is acknowledged at once; help, the command palette and history pause
a running session and resume it when they close (a session paused by hand stays paused); ``H`` works
from the player; the pain, resume and reminder prompts take a click; Enter on an empty pain field skips;
starting another routine while a session is saved asks first, naming both routines. The "noted" notice
leaves the stop line in view at 80x24 and 200x60.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.ui_support import FakeClock, build_app, builtin, short_routine, wake_player
from unknot.session.engine import Session
from unknot.session.progress import StoreCheckpoints
from unknot.session.store import Store
from unknot.ui.screens.history import HistoryScreen
from unknot.ui.screens.pain import PainScreen
from unknot.ui.screens.picker import PickerScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.screens.resume import ResumeScreen
from unknot.ui.screens.switch import SwitchScreen
from unknot.ui.widgets.stop_line import StopLine


async def test_h_says_at_once_that_it_was_noted() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 1.5)
        await pilot.press("h")
        await pilot.pause()
        assert "Noted: this hurts; skipped" in [n.message for n in app._notifications]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_noted_notice_leaves_the_stop_line_in_view(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=size, notifications=True) as pilot:  # Pilot leaves toasts out unless told
        await pilot.press("enter")
        wake_player(app, clock, 10)
        await pilot.press("h")
        await pilot.pause(0.3)
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("Noted: this hurts; skipped" in row for row in rows), rows  # the notice is showing
        stop = app.screen.query_one(StopLine)
        said = str(stop.render())
        assert "Press h and move off." in said  # the whole line fits at these widths
        region = stop.content_region
        assert rows[region.y][region.x : region.right].rstrip() == said, rows[region.y]


async def test_help_pauses_a_running_session_and_resumes_it_on_close() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 10)
        session = app.screen.session  # type: ignore[attr-defined]
        assert session.running
        await pilot.press("question_mark")
        await pilot.pause()
        assert session.paused
        await pilot.press("question_mark")
        await pilot.pause()
        assert session.running


async def test_the_palette_and_history_hold_the_session_and_a_paused_one_stays_paused(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin(), store=Store.open(tmp_path / "unknot.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 10)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        session = player.session
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette) and session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is player and session.running
        await pilot.press("H")  # history, from the player
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is player and session.running
        await pilot.press("space")  # paused by hand: history must not start it again
        await pilot.press("H")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert session.paused


async def test_the_pain_prompt_is_skipped_by_enter_on_an_empty_field_and_answered_by_clicks(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine(), store=Store.open(tmp_path / "a.db"), ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#reminder-begin")  # the reminder, by mouse
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("enter")  # nothing typed: skipped
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
    app = build_app(clock=clock, start=short_routine(), store=Store.open(tmp_path / "b.db"), ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.click("#pain-save")
        await pilot.pause()
        await pilot.press("escape")  # where it is: skipped
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.runner is not None and app.runner.checkpoints.pain_before == 4  # type: ignore[union-attr]
    app = build_app(clock=clock, start=short_routine(), store=Store.open(tmp_path / "c.db"), ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#pain-skip")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


def _saved(path: Path) -> Store:
    store = Store.open(path)
    clock = FakeClock(0)
    session = Session(builtin("quick-relief-5"), clock)
    session.begin()
    clock.advance(40)
    session.poll()
    StoreCheckpoints(store).save(session)
    return store


async def test_starting_another_routine_over_a_saved_session_asks_naming_both(tmp_path: Path) -> None:
    app = build_app(store=_saved(tmp_path / "unknot.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.click("#resume-later")  # by mouse: decide later
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        app.start_asking(builtin("si-joint-10"))
        await pilot.pause()
        assert isinstance(app.screen, SwitchScreen)
        question = str(app.screen.query_one("#switch-question").render())
        assert "'Quick relief, 5 min'" in question and "'SI joint relief, 10 min'" in question
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert app.services.store is not None and app.services.store.load_progress() is not None
        app.start_asking(builtin("si-joint-10"))
        await pilot.pause()
        await pilot.click("#switch-start")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen) and app.screen.routine.id == "si-joint-10"
        assert app.services.store.load_progress() is None


async def test_unknot_run_over_a_saved_session_names_the_routine_that_discarding_starts(
    tmp_path: Path,
) -> None:
    app = build_app(store=_saved(tmp_path / "unknot.db"), start=builtin("si-joint-10"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        options = app.screen.query_one("#resume-options")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert any("Quick relief, 5 min" in p for p in prompts)
        assert "Discard it and start 'SI joint relief, 10 min'" in prompts


def test_q_says_on_the_terminal_how_to_go_on(tmp_path: Path) -> None:
    # The real app in a real terminal (tmux); the shell stays up after it so its last words can be read.
    import shlex
    import sys

    from tests.journeys import into_player
    from tests.tmux import TmuxSession

    env = {
        "HOME": str(tmp_path / "home"),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
    }
    run = shlex.join([sys.executable, "-m", "unknot", "run", "quick-relief-5", "--mute"])
    with TmuxSession.start(["sh", "-c", f"{run}; echo exit=$?; sleep 30"], size=(100, 30), env=env) as tm:
        into_player(tm, first_segment="Move to: Lower back")
        tm.send_keys("q")
        screen = tm.wait_for("exit=0")
        assert "Progress saved: `unknot resume` goes on" in screen


async def test_starting_another_routine_from_a_running_player_asks_and_ends_it_on_yes(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin("quick-relief-5"), store=Store.open(tmp_path / "u.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        wake_player(app, clock, 10)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        app.start_asking(builtin("si-joint-10"))  # what the palette's "Start: ..." does
        await pilot.pause()
        assert isinstance(app.screen, SwitchScreen) and player.session.paused  # held while asked
        await pilot.press("escape")  # keep it: the player again, running again
        await pilot.pause()
        assert app.screen is player and player.session.running
        app.start_asking(builtin("si-joint-10"))
        await pilot.pause()
        await pilot.click("#switch-start")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen) and app.screen.routine.id == "si-joint-10"
        assert player not in app.screen_stack and app.runner is None
        assert app.services.store is not None and app.services.store.load_progress() is None
