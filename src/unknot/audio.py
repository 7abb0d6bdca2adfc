"""Cue sounds: loading the WAVs and playing them without ever getting in the app's way.

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

:class:`Voice` speaks short texts (the look-ahead to the next step) through ``espeak-ng`` or
``spd-say`` when one is installed.

This module imports no Textual: the UI passes in what it needs (``app.bell``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import wave
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from unknot import alsa
from unknot.paths import builtin_sounds_dir
from unknot.routine import CUE_NAMES

__all__ = [
    "INSTALL_HINT",
    "BellPlayer",
    "CuePlayer",
    "RecordingPlayer",
    "SilentPlayer",
    "SimpleaudioPlayer",
    "SoundFileError",
    "Voice",
    "WaveData",
    "choose_player",
    "load_cue_sounds",
    "read_wave",
    "recent_alsa_errors",
    "silence_alsa_errors",
    "simpleaudio_problem",
]

INSTALL_HINT = "pip install 'unknot[audio]'"

# The sample rates simpleaudio accepts; anything else is refused when the file is loaded, not when played.
SUPPORTED_RATES = frozenset({8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000})

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
# Sounds


@dataclass(frozen=True)
class WaveData:
    """Raw PCM frames ready for playback, with the format needed to play them."""

    frames: bytes
    channels: int
    sample_width: int
    rate: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.frames) / (self.channels * self.sample_width * self.rate)


class SoundFileError(ValueError):
    """A cue sound file that cannot be used; the message names the file and says why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def read_wave(path: Path) -> WaveData:
    """Read a PCM WAV file as 16-bit frames.

    16-bit files are returned as they are; 8-, 24- and 32-bit PCM are converted to 16-bit. Raises
    :class:`SoundFileError` for a missing or unreadable file, compressed or float data, more than two
    channels or a sample rate simpleaudio cannot play.
    """
    try:
        with wave.open(str(path), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            frames = source.readframes(source.getnframes())
    except FileNotFoundError:
        raise SoundFileError(path, "no such file") from None
    except (OSError, EOFError, wave.Error) as exc:
        raise SoundFileError(path, f"not a PCM WAV file ({exc})") from None
    if channels not in (1, 2):
        raise SoundFileError(path, f"{channels} channels; use a mono or stereo file")
    if rate not in SUPPORTED_RATES:
        raise SoundFileError(path, f"sample rate {rate} Hz; use 44100 or 48000 Hz")
    if width not in (1, 2, 3, 4):
        raise SoundFileError(path, f"{8 * width}-bit samples; use 16-bit PCM")
    frames = frames[: len(frames) - len(frames) % (channels * width)]
    if not frames:
        raise SoundFileError(path, "the file holds no sound")
    return WaveData(_to_16_bit(frames, width), channels, 2, rate)


def _to_16_bit(frames: bytes, width: int) -> bytes:
    """Little-endian PCM of any width as little-endian signed 16-bit (keeping the top 16 bits)."""
    if width == 2:
        return frames
    if width == 1:  # 8-bit WAV is unsigned
        return array("h", ((byte - 128) << 8 for byte in frames)).tobytes()
    out = bytearray(2 * (len(frames) // width))
    out[0::2] = frames[width - 2 :: width]
    out[1::2] = frames[width - 1 :: width]
    return bytes(out)


def scale_volume(sound: WaveData, volume: float) -> WaveData:
    """The sound with every sample multiplied by ``volume`` and clamped to 16 bits; 1.0 changes nothing."""
    if volume < 0:
        raise ValueError(f"volume must not be negative, got {volume}")
    if volume == 1.0:
        return sound
    samples = array("h", sound.frames)
    if sys.byteorder == "big":
        samples.byteswap()
    scaled = array("h", (max(-32768, min(32767, round(s * volume))) for s in samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    return WaveData(scaled.tobytes(), sound.channels, sound.sample_width, sound.rate)


_NO_OVERRIDES: Mapping[str, Path] = MappingProxyType({})


def load_cue_sounds(
    overrides: Mapping[str, Path] = _NO_OVERRIDES,
    volume: float = 1.0,
    sounds_dir: Path | None = None,
) -> dict[str, WaveData]:
    """Load every cue's sound, scaled once by ``volume``.

    Each cue in :data:`unknot.routine.CUE_NAMES` comes from ``overrides`` when given there (a routine's
    ``sounds:`` block), else from ``<sounds_dir>/<cue>.wav`` (the sounds shipped with unknot by default).
    Raises :class:`SoundFileError` for a file that cannot be used and :class:`ValueError` for an unknown
    cue name or a negative volume.
    """
    unknown = sorted(set(overrides) - set(CUE_NAMES))
    if unknown:
        raise ValueError(f"unknown cue {unknown[0]!r}; the cues are {', '.join(CUE_NAMES)}")
    if volume < 0:
        raise ValueError(f"volume must not be negative, got {volume}")
    folder = builtin_sounds_dir() if sounds_dir is None else sounds_dir
    sounds = {}
    for cue in CUE_NAMES:
        path = overrides.get(cue, folder / f"{cue}.wav")
        sounds[cue] = scale_volume(read_wave(path), volume)
    return sounds


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
    """Plays nothing: for ``--mute``."""

    status = "sound: muted"
    audible = False

    def play(self, cue: str) -> None:
        """Do nothing."""

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """No WAVs are played here, so there is nothing to swap."""

    def close(self) -> None:
        """Do nothing."""


class BellPlayer:
    """The fallback: rings the terminal bell for every cue (the UI flashes the screen as well)."""

    audible = False

    def __init__(self, bell: Callable[[], None], status: str = "sound: terminal bell") -> None:
        self._bell = bell
        self.status = status
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
            return fallback(f"no sound device (the default output would not open: {reason})")
        device = "default device"
    else:
        # Not ALSA (macOS, Windows): play a few ms of silence to see that a device is there.
        try:
            simpleaudio.play_buffer(bytes(2 * 441), 1, 2, 44100).stop()
        except Exception as exc:
            return fallback(f"no sound device ({_short_error(exc)})")
        device = "default output"
    try:
        return SimpleaudioPlayer(sounds, fallback=bell, backend=simpleaudio, device=device)
    except Exception as exc:
        return fallback(f"simpleaudio did not start ({_short_error(exc)})")


# --------------------------------------------------------------------------------------------------
# Speech


class Voice:
    """Speaks short texts through ``espeak-ng`` (preferred) or ``spd-say``, without waiting.

    A new text interrupts the one still being spoken. When neither program is on ``PATH``,
    :meth:`available` is False and :meth:`say` does nothing.
    """

    MAX_CHARS = 300

    def __init__(self, which: Callable[[str], str | None] = shutil.which) -> None:
        self._program: str | None = None
        self._name = ""
        for name in ("espeak-ng", "spd-say"):
            found = which(name)
            if found:
                self._program, self._name = found, name
                break
        self._process: subprocess.Popen[bytes] | None = None

    def available(self) -> bool:
        """Whether a speech program was found."""
        return self._program is not None

    @property
    def engine(self) -> str:
        """The speech program's name (``espeak-ng`` or ``spd-say``), or "" when there is none."""
        return self._name

    def _command(self, text: str) -> list[str]:
        assert self._program is not None
        if self._name == "spd-say":
            # --wait keeps the client alive while the speech server talks, so it can be interrupted.
            return [self._program, "--wait", "--", text]
        return [self._program, "--", text]

    def say(self, text: str) -> None:
        """Start speaking ``text`` (interrupting any earlier text) and return at once; never raises."""
        text = " ".join(text.split())[: self.MAX_CHARS]
        if self._program is None or not text:
            return
        self.stop()
        try:
            self._process = _spawn(self._command(text))
        except Exception:
            self._process = None

    def speaking(self) -> bool:
        """Whether the last text is still being spoken."""
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """Cut off the text being spoken, if any."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        if self._name == "spd-say" and self._program is not None:
            # The speech server goes on talking after its client is gone; ask it to stop.
            with contextlib.suppress(Exception):
                _spawn([self._program, "--cancel"])

    def close(self) -> None:
        """Stop speaking; later texts are not spoken."""
        self.stop()
        self._program = None


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a program detached from the terminal: no input, no output, its own session."""
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
