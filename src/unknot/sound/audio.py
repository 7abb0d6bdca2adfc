"""Cue players: playing the cue sounds without ever getting in the app's way.

The app talks to a :class:`CuePlayer` and never learns which kind it has:

* :class:`SimpleaudioPlayer` plays the cues through simpleaudio (the optional ``audio`` extra);
* :class:`BellPlayer` rings the terminal bell, the fallback when no sound device can be reached;
* :class:`SilentPlayer` does nothing, for ``--mute``;

The default player is :class:`unknot.sound.mixer.MiniaudioPlayer` and the last sounding fallback
:class:`unknot.sound.spawn.SpawnPlayer`; :func:`unknot.sound.backends.choose_player` picks one and says why
in its
``status`` line. Playing never raises and never waits for a sound to finish: a failure turns the player
into the fallback and updates ``status``.

With no sound card, libasound prints ``ALSA lib ...`` lines to the terminal; :func:`silence_alsa_errors`
(called before any backend loads libasound) keeps them off the screen.

The sounds themselves (reading WAVs, volume) are loaded by :mod:`unknot.sound.sounds`; speech is
:mod:`unknot.sound.voice`.

This module imports no Textual: the UI passes in what it needs (``app.bell``).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from unknot.sound import alsa
from unknot.sound.cue_fallback import failed_status, ring
from unknot.sound.sounds import WaveData

__all__ = [
    "BellPlayer",
    "CuePlayer",
    "SilentPlayer",
    "SimpleaudioPlayer",
    "recent_alsa_errors",
    "short_error",
    "silence_alsa_errors",
]

NO_DEVICE = "No sound device: using the bell and flashes"
"""The status when no sound device opens: one short line, which fits the player's status row."""


class CuePlayer(Protocol):
    """What the app needs from something that plays cues."""

    @property
    def status(self) -> str:
        """One line for the status bar: whether cues make a sound, and if not, why."""
        ...

    @property
    def audible(self) -> bool:
        """True while cues are played as sounds through a sound device."""
        ...

    def play(self, cue: str) -> None:
        """Start the cue's sound and return at once (within a few ms); never raises."""
        ...

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """Use these sounds from now on (a routine's own ``sounds:``); players without sound ignore it."""
        ...

    def close(self) -> None:
        """Release the player (a cue still sounding may end first, within a second or two); later plays
        do nothing."""
        ...


# --------------------------------------------------------------------------------------------------
# ALSA


def silence_alsa_errors() -> bool:
    """Keep libasound's ``ALSA lib ...`` messages off the terminal (see :mod:`unknot.sound.alsa`).

    Idempotent; returns False when libasound is not available (then there is nothing to silence).
    """
    return alsa.silence_alsa_errors()


def recent_alsa_errors() -> list[str]:
    """The last few messages libasound reported (and that were kept off the screen), oldest first."""
    return alsa.recent_errors()


# --------------------------------------------------------------------------------------------------
# Players


class SilentPlayer:
    """Plays nothing: for ``--mute``, and where no player was asked for."""

    audible = False

    def __init__(self, status: str = "sound: muted") -> None:
        self.status = status

    def play(self, cue: str) -> None:
        """Do nothing."""

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """No WAVs are played here, so there is nothing to swap."""

    def close(self) -> None:
        """Do nothing."""


class BellPlayer:
    """The fallback: rings the terminal bell for every cue (the UI flashes the screen as well)."""

    audible = False

    def __init__(
        self, bell: Callable[[], None], status: str = "sound: terminal bell", detail: str = ""
    ) -> None:
        self._bell = bell
        self.status = status
        self.detail = detail
        """Why there is no sound, when the status line is kept short (no sound device)."""
        self._closed = False

    def play(self, cue: str) -> None:
        """Ring the bell, whatever the cue."""
        if self._closed:
            return
        try:
            self._bell()
        except Exception:
            self.status = "sound off: the terminal bell failed"

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """No WAVs are played here, so there is nothing to swap."""

    def close(self) -> None:
        """Stop ringing."""
        self._closed = True


def short_error(exc: BaseException) -> str:
    # simpleaudio's "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    # reads better as "Error opening PCM device: No such file or directory".
    text = re.sub(r"\.? -- CODE: -?\d+ -- MSG: ", ": ", str(exc)).strip()
    return text or type(exc).__name__


class SimpleaudioPlayer:
    """Plays the cue WAVs through simpleaudio.

    ``play`` starts the sound with ``simpleaudio.play_buffer`` and returns; it never waits for the end.
    A new sound of a cue stops that cue's previous sound if it is still going (a tick stops the last
    tick), so repeated cues never pile up; different cues may overlap.

    When playing fails (the device went away), the player stops trying: ``status`` says why,
    ``audible`` becomes False, and that cue and every later one go to ``fallback`` (the terminal bell).

    ``backend`` is the simpleaudio module (imported here when not given; tests pass a fake).
    """

    def __init__(
        self,
        sounds: Mapping[str, WaveData],
        *,
        fallback: Callable[[], None] | None = None,
        backend: Any = None,
        device: str = "default device",
    ) -> None:
        if backend is None:
            silence_alsa_errors()
            import simpleaudio

            backend = simpleaudio
        self._backend = backend
        self._sounds = dict(sounds)
        self._fallback = fallback
        self._playing: dict[str, Any] = {}
        self._failed = False
        self._closed = False
        self.status = f"sound: on ({device})"
        self.audible = True

    def play(self, cue: str) -> None:
        """Start the cue's sound (stopping this cue's previous sound) and return at once."""
        if self._closed:
            return
        sound = self._sounds.get(cue)
        if self._failed or sound is None:
            self._ring()
            return
        try:
            previous = self._playing.pop(cue, None)
            if previous is not None:
                previous.stop()
            self._playing[cue] = self._backend.play_buffer(
                sound.frames, sound.channels, sound.sample_width, sound.rate
            )
        except Exception as exc:
            self._failed = True
            self.audible = False
            self.status = failed_status(short_error(exc), self._fallback)
            self._ring()

    def _ring(self) -> None:
        self._fallback = ring(self._fallback)

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """Play these sounds from now on (already loaded and scaled)."""
        self._sounds = dict(sounds)

    def close(self) -> None:
        """Let a sound still playing end (at most 40 polls of 50 ms), then stop what is left."""
        self._closed = True
        playing, self._playing = self._playing, {}
        for _ in range(40):
            with contextlib.suppress(Exception):
                if not any(p.is_playing() for p in playing.values()):
                    break
            threading.Event().wait(0.05)
        for play_object in playing.values():
            with contextlib.suppress(Exception):
                play_object.stop()
