"""Pilot tests of the screens and keys, on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tests.fakes import RecordingPlayer
from tests.ui_support import (
    FakeClock,
    build_app,
    builtin,
    short_routine,
    until,
    wake_player,
)
from unknot.session.events import Phase
from unknot.session.store import Store
from unknot.ui.app import UnknotApp
from unknot.ui.screens import player_flash
from unknot.ui.screens.picker import PickerScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.player_flash import WindowTint
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.screens.summary import SummaryScreen
from unknot.ui.widgets.big_countdown import BigCountdown


def text_of(app: UnknotApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def countdown(app: UnknotApp) -> str:
    return app.screen.query_one("#countdown", BigCountdown).value


async def wake(app: UnknotApp, clock: FakeClock, seconds: float, pilot: object) -> None:
    wake_player(app, clock, seconds)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_picker_lists_routines_with_time_and_starts_one_with_enter() -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        si = next(p for p in prompts if p.startswith("SI joint relief"))
        assert "10:00" in si and "Lower back" in si
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("si-joint-10")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert app.screen.routine.id == "si-joint-10"


async def test_reminder_comes_before_any_timing_and_esc_goes_back() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert text_of(app, "#reminder-title") == "Consult a qualified professional"
        body = " ".join(str(s.render()) for s in app.screen.query(Static))
        for words in ("licensed massage therapist", "numb", "fever", "pregnan", "physical therapy"):
            assert words in body.lower(), words
        assert app.runner is None  # nothing is timing yet
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_player_shows_step_countdown_and_next_then_runs_to_summary(tmp_path: Path) -> None:
    clock = FakeClock()
    player = RecordingPlayer()
    store = Store.open(tmp_path / "unknot.db")
    app = build_app(clock=clock, start=short_routine(), player=player, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert text_of(app, "#phase-label") == "Get ready"
        assert text_of(app, "#step-title") == "Move to: Lower back"
        assert countdown(app) == "0:02"
        assert text_of(app, "#up-next").startswith("Next: Left piriformis")
        await wake(app, clock, 2.5, pilot)
        assert text_of(app, "#step-title") == "Lower back"
        assert "Swedish" in text_of(app, "#step-how")
        assert countdown(app) == "0:03"
        assert player.played == ["start"]
        await wake(app, clock, 20, pilot)
        assert isinstance(app.screen, SummaryScreen)
        lines = text_of(app, "#summary-lines")
        assert "Lower back" in lines and "Piriformis" in lines and "Total time: 0:15" in lines
        assert player.played[-1] == "finish"
        assert "switch" in player.played
        assert [s.routine_id for s in store.history()] == ["short"]
        assert store.load_progress() is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_space_pauses_and_the_countdown_holds() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wake(app, clock, 3, pilot)
        await pilot.press("space")
        await pilot.pause()
        assert "Paused" in text_of(app, "#phase-label")
        held = countdown(app)
        await wake(app, clock, 10, pilot)
        assert countdown(app) == held
        await pilot.press("space")
        await wake(app, clock, 1, pilot)
        assert countdown(app) != held
        assert "Paused" not in text_of(app, "#phase-label")


async def test_keys_next_previous_time_hurts_restart() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wake(app, clock, 6, pilot)  # into the first segment
        runner = app.runner
        assert runner is not None
        session = runner.session
        assert session.phase is Phase.SEGMENT and session.index == 0
        left = session.remaining()
        assert text_of(app, "#routine-left") == "10 min left"  # 600 - 6 s
        for _ in range(4):
            await pilot.press("plus")
        assert session.remaining() == left + 60
        assert text_of(app, "#routine-left") == "11 min left"  # the added minute counts
        for _ in range(3):
            await pilot.press("minus")
        assert session.remaining() == left + 15
        await pilot.press("minus")
        assert session.remaining() == left
        await pilot.press("r")
        assert session.remaining() == session.step.seconds
        await pilot.press("n")
        assert session.index == 1 and session.phase is Phase.GET_READY
        await pilot.press("p")
        assert session.index == 0
        await pilot.press("n")
        await pilot.press("h")
        assert session.summary().hurts == [1]
        assert session.summary().skipped == [0]


async def test_cues_flash_the_screen_and_the_last_three_seconds_show(monkeypatch: pytest.MonkeyPatch) -> None:
    # A flash lasts 2 s here, not 0.4: a busy machine may take longer than 0.4 s to get to the check.
    monkeypatch.setattr(player_flash, "FLASH_SECONDS", 2.0)
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wake(app, clock, 2.2, pilot)
        countdown_widget = app.screen.query_one("#countdown")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)  # flash = "screen", the default: the whole window is tinted
        assert screen.window_tint is not None and screen.window_tint in app.get_line_filters()
        assert countdown_widget.has_class("-final")  # a 3 s segment is all last seconds
        assert text_of(app, "#final-count") == "● ● ●"
        await until(pilot, lambda: screen.window_tint is None)  # the 2 s flash's real-time end
        assert screen.window_tint is None
        assert not any(isinstance(f, WindowTint) for f in app.get_line_filters())


async def test_m_mutes_and_unmutes() -> None:
    clock = FakeClock()
    player = RecordingPlayer()
    app = build_app(clock=clock, start=short_routine(), player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("m")
        assert "muted" in text_of(app, "#player-status")
        await wake(app, clock, 2.5, pilot)
        assert player.played == []
        await pilot.press("m")
        assert "muted" not in text_of(app, "#player-status")


async def test_q_saves_and_quits_without_asking(tmp_path: Path) -> None:
    clock = FakeClock()
    store = Store.open(tmp_path / "unknot.db")
    app = build_app(clock=clock, start=short_routine(), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wake(app, clock, 3.25, pilot)
        await pilot.press("q")
        await pilot.pause()
    progress = store.load_progress()
    assert progress is not None
    assert progress.snapshot["step"] == 0 and progress.snapshot["phase"] == "segment"
    assert progress.snapshot["done"] == 1.25
    assert app.return_code == 0


async def test_small_sizes_hide_secondary_things_and_tiny_ones_do_not_crash() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert not screen.has_class("-no-side") and not screen.has_class("-no-map")
        assert screen.query_one("#body-map").display
        for width, height in ((79, 24), (40, 12), (20, 6), (250, 80), (60, 18)):
            await pilot.resize_terminal(width, height)
            await wake(app, clock, 0.5, pilot)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert screen.has_class("-no-side") and screen.has_class("-small")
        assert not screen.query_one("#body-map").display


async def test_command_palette_offers_every_routine() -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Start: SI joint relief, 10 min" in titles
        assert any("theme" in title.lower() for title in titles)


async def test_a_routine_with_its_own_sounds_hands_them_to_the_player() -> None:
    from unknot.paths import builtin_sounds_dir
    from unknot.routine_files.loader import load_routine
    from unknot.sound import sounds
    from unknot.ui.app import Services, make_app

    routine = load_routine(Path(__file__).parent / "data" / "good" / "sounds.yaml")
    player = RecordingPlayer()

    def sounds_for(r: object) -> dict[str, sounds.WaveData]:
        return sounds.load_cue_sounds(routine.sounds, sounds_dir=builtin_sounds_dir())

    services = Services(clock=FakeClock(), make_player=lambda bell: player, sounds_for=sounds_for)
    app = make_app(services, start=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    own = sounds.load_sound(routine.sounds["start"])
    assert player.sounds["start"] == own  # type: ignore[attr-defined]
    assert player.sounds["tick"] == sounds.load_sound(builtin_sounds_dir() / "tick.wav")  # type: ignore[attr-defined]


async def test_question_mark_shows_and_hides_every_key() -> None:
    app = build_app(start=short_routine())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        panels = app.screen.query("HelpPanel")
        assert panels, "the help panel should be open"
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_the_picker_opens_on_the_default_routine() -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option is not None
        assert options.highlighted_option.id == "si-joint-10"


async def test_ctrl_z_pauses_and_saves_before_the_process_is_suspended(tmp_path: Path) -> None:
    clock = FakeClock()
    store = Store.open(tmp_path / "unknot.db")
    app = build_app(clock=clock, start=short_routine(), store=store)
    suspended: list[bool] = []
    app.action_suspend_process = lambda: suspended.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wake(app, clock, 2.5, pilot)
        assert app.runner is not None and app.runner.session.running
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert suspended == [True]
        assert app.runner.session.paused
        saved = store.load_progress()
        assert saved is not None and saved.snapshot["paused"] is True
        assert saved.snapshot["done"] == app.runner.session.elapsed()


async def test_the_reminder_sits_in_the_middle_of_a_wide_terminal() -> None:
    app = build_app(clock=FakeClock(), start=short_routine())
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#reminder-body").region
        prompt = app.screen.query_one("#reminder-prompt").region
        assert body.width == 90 and body.x == (140 - 90) // 2
        assert prompt.x == body.x  # the keys line stays under the text
