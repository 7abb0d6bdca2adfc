"""Cue players: playing the cue sounds without ever getting in the app's way.

The app talks to a :class:`CuePlayer` and never learns which kind it has:

* :class:`SimpleaudioPlayer` plays the cue WAVs through simpleaudio (the ``audio`` extra);
* :class:`BellPlayer` rings the terminal bell, the fallback when there is no simpleaudio or no device;
* :class:`SilentPlayer` does nothing, for ``--mute``;
* :class:`RecordingPlayer` writes down the cue names, for tests.

:func:`choose_player` picks one and says why in its ``status`` line, which the app shows in its status
bar. Playing never raises and never waits for a sound to finish: a failure turns the player into the
fallback and updates ``status``.

With no sound card, libasound prints ``ALSA lib ...`` lines to the terminal; :func:`silence_alsa_errors`
(called by :func:`choose_player` before simpleaudio is first imported) keeps them off the screen.

The sounds themselves (reading WAVs, volume) are loaded by :mod:`unknot.sounds`; speech is
:mod:`unknot.voice`.

This module imports no Textual: the UI passes in what it needs (``app.bell``).
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any, Protocol

from unknot import alsa
from unknot.sounds import WaveData

__all__ = [
    "INSTALL_HINT",
    "BellPlayer",
    "CuePlayer",
    "RecordingPlayer",
    "SilentPlayer",
    "SimpleaudioPlayer",
    "choose_player",
    "recent_alsa_errors",
    "silence_alsa_errors",
    "simpleaudio_problem",
]

INSTALL_HINT = "pip install 'unknot[audio]'"
NO_DEVICE = "No sound device: using the bell and flashes"
"""The status when no sound device opens: one short line, which fits the player's status row."""

# The running interpreter's version, a module attribute so tests can pretend to be another one.
_PYTHON: tuple[int, int] = (sys.version_info[0], sys.version_info[1])


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
        """Stop anything still sounding and release the player; later plays do nothing."""
        ...


# --------------------------------------------------------------------------------------------------
# ALSA


def silence_alsa_errors() -> bool:
    """Keep libasound's ``ALSA lib ...`` messages off the terminal (see :mod:`unknot.alsa`).

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


class RecordingPlayer:
    """A fake for tests: writes down the name of every cue played."""

    def __init__(self, status: str = "sound: recording (test)", audible: bool = False) -> None:
        self.cues: list[str] = []
        self.status = status
        self.audible = audible
        self.closed = False

    def play(self, cue: str) -> None:
        """Record the cue name (even after close, so tests can see the mistake)."""
        self.cues.append(cue)

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """No WAVs are played here, so there is nothing to swap."""

    def close(self) -> None:
        """Record that the player was closed."""
        self.closed = True


def _short_error(exc: BaseException) -> str:
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
            then = "using the terminal bell" if self._fallback else "cues are silent"
            self.status = f"sound off: playing failed ({_short_error(exc)}); {then}"
            self._ring()

    def _ring(self) -> None:
        if self._fallback is None:
            return
        try:
            self._fallback()
        except Exception:
            self._fallback = None

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """Play these sounds from now on (already loaded and scaled)."""
        self._sounds = dict(sounds)

    def close(self) -> None:
        """Stop every sound this player started."""
        self._closed = True
        playing, self._playing = self._playing, {}
        for play_object in playing.values():
            with contextlib.suppress(Exception):
                play_object.stop()


# --------------------------------------------------------------------------------------------------
# Choosing one


def simpleaudio_problem(python: tuple[int, int] | None = None) -> str | None:
    """Why the installed simpleaudio must not be imported, or None when it is fine (or absent).

    The original simpleaudio 1.0.4 crashes the interpreter on Python 3.12 and later; the maintained fork
    ``simpleaudio-patched`` installs the same module and works. Only the installed metadata is read:
    nothing is imported.
    """
    version = _PYTHON if python is None else python
    try:
        plain = metadata.version("simpleaudio")
    except metadata.PackageNotFoundError:
        return None
    try:
        metadata.version("simpleaudio-patched")
    except metadata.PackageNotFoundError:
        if plain == "1.0.4" and version >= (3, 12):
            return "simpleaudio 1.0.4 crashes on Python 3.12+; install simpleaudio-patched"
    return None


def choose_player(sounds: Mapping[str, WaveData], *, mute: bool, bell: Callable[[], None]) -> CuePlayer:
    """The best player this machine allows, its ``status`` saying what was chosen and why.

    Muted: a :class:`SilentPlayer`. Otherwise a :class:`SimpleaudioPlayer` when simpleaudio is
    installed (and safe on this Python) and the default sound device opens; else a :class:`BellPlayer`
    ringing ``bell``. ALSA's own error messages are kept off the terminal throughout. Takes a few ms
    (one open and close of the device); never raises.
    """
    if mute:
        return SilentPlayer()

    def fallback(reason: str) -> BellPlayer:
        return BellPlayer(bell, status=f"sound off: {reason}; using the terminal bell")

    problem = simpleaudio_problem()
    if problem:
        return fallback(problem)
    has_alsa = silence_alsa_errors()
    try:
        import simpleaudio
    except ModuleNotFoundError as exc:
        if exc.name == "simpleaudio":
            return fallback(f"simpleaudio is not installed: `{INSTALL_HINT}`")
        return fallback(f"simpleaudio did not load ({_short_error(exc)})")
    except Exception as exc:
        return fallback(f"simpleaudio did not load ({_short_error(exc)})")

    if has_alsa:
        try:
            reason = alsa.open_error("default")
        except Exception as exc:
            reason = _short_error(exc)
        if reason is not None:
            return BellPlayer(bell, status=NO_DEVICE, detail=f"the default output would not open: {reason}")
        device = "default device"
    else:
        # Not ALSA (macOS, Windows): play a few ms of silence to see that a device is there.
        try:
            simpleaudio.play_buffer(bytes(2 * 441), 1, 2, 44100).stop()
        except Exception as exc:
            return BellPlayer(bell, status=NO_DEVICE, detail=_short_error(exc))
        device = "default output"
    try:
        return SimpleaudioPlayer(sounds, fallback=bell, backend=simpleaudio, device=device)
    except Exception as exc:
        return fallback(f"simpleaudio did not start ({_short_error(exc)})")
