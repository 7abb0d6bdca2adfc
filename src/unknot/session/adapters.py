"""The real adapters for a session, built from the command line and the settings.

Both front ends (the Textual app's launcher and the plain mode) get their cue player, voice, sounds and
events log here, so ``--mute``, ``--voice``, ``--events``, the volume and a routine's own sounds mean the
same in both.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, TextIO

from unknot import paths
from unknot.model.routine import Routine
from unknot.settings import Settings

if TYPE_CHECKING:
    from unknot.sound import audio, sounds


@dataclass(frozen=True)
class SessionAdapters:
    """What a front end plugs into a session runner."""

    make_player: Callable[[Callable[[], None]], audio.CuePlayer]
    """Builds the cue player; it is given the front end's bell for the fallback."""
    say: Callable[[str], None] | None
    """Speaks the look-ahead, or None when the voice is off or unavailable."""
    sounds_for: Callable[[Routine], Mapping[str, sounds.WaveData]]
    """The cue sounds for a routine: its own ``sounds:`` over the defaults, scaled by the volume."""
    events_out: TextIO | None
    """The ``--events`` file, line-buffered, or None."""


def session_adapters(args: argparse.Namespace, settings: Settings, stack: ExitStack) -> SessionAdapters:
    """Build the adapters; everything opened is closed by ``stack``.

    Nothing is read or opened for sound until the player is first made (the app does it after its first
    frame), so start-up does not wait for the sound files, the sound libraries or the device.
    """
    volume = settings.volume / 100
    sounds_dir = paths.builtin_sounds_dir()
    mute = bool(getattr(args, "mute", False))
    if not mute:
        from unknot.sound.pulse_log import quiet_pulse_log

        # Now, before the app's threads start: the variable is set once, never beside another thread.
        quiet_pulse_log()

    @cache
    def defaults() -> Mapping[str, sounds.WaveData]:
        from unknot.sound import sounds

        return sounds.load_cue_sounds(sounds_dir=sounds_dir, volume=volume)

    def make_player(bell: Callable[[], None]) -> audio.CuePlayer:
        from unknot.sound import backends

        player = backends.choose_player(defaults(), mute=mute, bell=bell)
        stack.callback(player.close)
        return player

    def sounds_for(routine: Routine) -> Mapping[str, sounds.WaveData]:
        from unknot.sound import sounds

        if not routine.sounds:
            return defaults()
        return sounds.load_cue_sounds(routine.sounds, volume=volume, sounds_dir=sounds_dir)

    say: Callable[[str], None] | None = None
    if (getattr(args, "voice", False) or settings.voice) and not mute:
        from unknot.sound import voice

        speaker = voice.Voice()
        if speaker.available():
            stack.callback(speaker.close)
            say = speaker.say
    return SessionAdapters(make_player, say, sounds_for, _open_events(getattr(args, "events", None), stack))


def _open_events(path: str | None, stack: ExitStack) -> TextIO | None:
    if not path:
        return None
    from unknot.session.eventsfile import open_events

    return open_events(path, stack)
