"""Start the app for ``unknot``, ``unknot run`` and ``unknot resume``: real adapters in, clean up after."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from typing import TYPE_CHECKING, TextIO

from unknot import paths
from unknot.errors import UsageError
from unknot.loader import UnknownRoutine, discover, resolve
from unknot.routine import Routine
from unknot.store import Store

if TYPE_CHECKING:
    from unknot.audio import CuePlayer, WaveData


def launch(args: argparse.Namespace) -> int:
    """Run the app; returns the exit status."""
    from unknot.commands.serve import served
    from unknot.settings import load_settings, save_setting
    from unknot.ui.app import Services, make_app

    settings = load_settings()  # a bad file stops here with PATH:LINE:COL, exit status 2
    routine = _routine_from_args(args, settings.default_routine)
    resume = args.command == "resume"
    with ExitStack() as stack:
        store = Store.open()
        stack.callback(store.close)
        if resume and store.load_progress() is None:
            raise UsageError("there is no session in progress to resume; start one with `unknot run ID`")
        player_factory, voice, sounds_for = _audio(args, stack, settings.volume / 100, settings.voice)
        notices = [store.notice] if store.notice else []
        if served():
            notices.append("In a browser: sound plays on the machine running `unknot serve`, not here.")
        services = Services(
            clock=time.monotonic,
            discover=discover,
            make_player=player_factory,
            store=store,
            sounds_for=sounds_for,
            voice=voice,
            events_out=_open_events(args, stack),
            notices=notices,
            settings=settings,
            save_setting=save_setting,
        )
        app = make_app(services, start=routine, resume=resume)
        try:
            app.run()
        finally:
            # However the app ended (q, a signal, an exception inside it), the session in memory is saved.
            app.save_progress()
        return app.return_code or 0


def _routine_from_args(args: argparse.Namespace, default: str) -> Routine | None:
    if args.command != "run":
        return None
    ref = getattr(args, "routine", None) or default
    try:
        return resolve(ref)
    except UnknownRoutine as exc:
        raise UsageError(str(exc)) from exc


def _open_events(args: argparse.Namespace, stack: ExitStack) -> TextIO | None:
    path = getattr(args, "events", None)
    if not path:
        return None
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8", buffering=1))
    except OSError as exc:
        raise UsageError(f"cannot write the events file {path}: {exc.strerror}") from exc


def _audio(
    args: argparse.Namespace, stack: ExitStack, volume: float, voice_on: bool
) -> tuple[
    Callable[[Callable[[], None]], CuePlayer],
    Callable[[str], None] | None,
    Callable[[Routine], Mapping[str, WaveData]],
]:
    from unknot import audio

    sounds = audio.load_cue_sounds(sounds_dir=paths.builtin_sounds_dir(), volume=volume)
    mute = bool(getattr(args, "mute", False))

    def sounds_for(routine: Routine) -> Mapping[str, WaveData]:
        if not routine.sounds:
            return sounds
        return audio.load_cue_sounds(routine.sounds, volume=volume, sounds_dir=paths.builtin_sounds_dir())

    def make_player(bell: Callable[[], None]) -> CuePlayer:
        player = audio.choose_player(sounds, mute=mute, bell=bell)
        stack.callback(player.close)
        return player

    voice: Callable[[str], None] | None = None
    if (getattr(args, "voice", False) or voice_on) and not mute:
        speaker = audio.Voice()
        if speaker.available():
            stack.callback(speaker.close)
            voice = speaker.say
    return make_player, voice, sounds_for
