"""Warnings the app shows name routines, files and databases: they appear as the characters they are,
never read as Textual markup (the same rule as every other text from input, ``unknot.ui.shown``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.fakes import RecordingPlayer
from tests.ui_support import FakeClock, short_routine
from unknot.model.routine import Routine
from unknot.session.store_records import StoreError
from unknot.sound.sounds import SoundFileError, WaveData
from unknot.ui.app import Services, make_app
from unknot.ui.screens.player import PlayerScreen


def no_sounds(routine: Routine) -> dict[str, WaveData]:
    raise SoundFileError(Path("/sounds/[red]chime[/red].wav"), "not a WAV file")


async def test_a_routine_whose_own_sounds_fail_is_named_as_written() -> None:
    routine = replace(short_routine(), name="Hips [bold]and[/bold] back")
    services = Services(clock=FakeClock(), make_player=lambda bell: RecordingPlayer(), sounds_for=no_sounds)
    app = make_app(services, start=routine)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)  # the session runs on, with the default sounds
        messages = [n.message for n in app._notifications]
    expected = (
        r"Hips \[bold]and\[/bold] back: its own sounds cannot be played"
        r" (/sounds/\[red]chime\[/red].wav: not a WAV file)"
    )
    assert expected in messages


async def test_a_store_that_refuses_to_forget_is_named_as_written() -> None:
    class Refusing:
        def load_progress(self) -> None:
            return None  # nothing saved: the app opens on the list

        def clear_progress(self) -> None:
            raise StoreError("cannot write /data/[x]/unknot.db")

    app = make_app(Services(clock=FakeClock(), store=Refusing()))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        app.clear_saved_session()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert r"cannot write /data/\[x]/unknot.db" in messages
