"""The player's set-up line, the Ready? wait, trigger-point phases and the breathing pacer (Pilot)."""

from __future__ import annotations

from textual.widgets import Static

from tests.fakes import RecordingPlayer
from tests.ui_support import DATA, FakeClock, wake_player
from unknot.model.routine import Routine, Segment
from unknot.routine_files.discovery import discover
from unknot.session.events import Phase
from unknot.settings import Settings
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.widgets.step_cue import StepCue


def routine() -> Routine:
    return Routine(
        id="r",
        name="R",
        transition=5,
        segments=(
            Segment("lumbar", "swedish", 30),
            Segment("piriformis", "trigger_point", 60, tool="lacrosse_ball"),
            Segment("gluteal", "myofascial_release", 60, position="on_back", tool="soft_ball"),
        ),
    )


def app_with(settings: Settings, clock: FakeClock, player: RecordingPlayer) -> UnknotApp:
    services = Services(
        clock=clock,
        discover=lambda: discover(user_dir=DATA / "no-user-dir"),
        make_player=lambda bell: player,
        settings=settings,
    )
    return make_app(services, start=routine())


def cue_line(app: UnknotApp) -> str:
    widget = app.screen.query_one(StepCue)
    return str(widget.render()) if widget.display else ""


def label(app: UnknotApp) -> str:
    return str(app.screen.query_one("#phase-label", Static).render())


async def test_set_up_phases_and_pacer_in_the_player() -> None:
    clock, player = FakeClock(), RecordingPlayer()
    app = app_with(Settings(), clock, player)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert cue_line(app) == ""  # standing with your hands already: nothing to set up
        wake_player(app, clock, 36)  # 5 s get-ready + 30 s, then into the next get-ready
        await pilot.pause()
        assert app.screen.session.phase is Phase.GET_READY
        assert cue_line(app) == "Set up: lacrosse ball; lie on your back, knees bent, feet flat"
        wake_player(app, clock, 20)  # 20 s down to the floor
        await pilot.pause()
        assert cue_line(app) == "▸ Find the spot"
        assert "phase" not in player.played  # the first phase begins with the start chime
        wake_player(app, clock, 15)
        await pilot.pause()
        assert cue_line(app) == "▸ Hold" and player.played[-1] == "phase"
        wake_player(app, clock, 41)  # release: the last 5 s
        await pilot.pause()
        assert cue_line(app) == "▸ Release"
        wake_player(app, clock, 15)  # into the held release on a soft ball (10 s set-up)
        await pilot.pause()
        assert app.screen.session.phase is Phase.SEGMENT and app.screen.session.step.index == 2
        assert cue_line(app).startswith("Breathe in")
        wake_player(app, clock, 4)
        await pilot.pause()
        assert cue_line(app).startswith("Breathe out")


async def test_wait_holds_at_ready_until_enter_and_the_pacer_can_be_off() -> None:
    clock, player = FakeClock(), RecordingPlayer()
    app = app_with(Settings(setup="wait", breathing_pacer=False), clock, player)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        wake_player(app, clock, 56)  # past the 20 s get-ready before the trigger point
        await pilot.pause()
        session = app.screen.session
        assert session.waiting and label(app) == "Ready? space to start"
        assert cue_line(app).startswith("Ready? space to start · Set up: lacrosse ball")
        footer = [strip.text for strip in app.screen._compositor.render_strips()][-1]
        assert " space Start " in footer and "Resume" not in footer  # space starts the step here
        wake_player(app, clock, 30)
        await pilot.pause()
        assert session.waiting  # holds however long it takes
        await pilot.press("enter")
        await pilot.pause()
        assert not session.waiting and session.phase is Phase.SEGMENT
        assert cue_line(app) == "▸ Find the spot"
        wake_player(app, clock, 71)  # the 60 s step, then 10 s of get-ready for the soft ball
        await pilot.pause()
        assert session.waiting  # the soft ball is a change too
        await pilot.press("space")
        await pilot.pause()
        assert session.phase is Phase.SEGMENT and session.step.index == 2
        assert cue_line(app) == ""  # breathing_pacer = false
