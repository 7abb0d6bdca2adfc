"""Choosing how cues sound: the first backend that reaches a sound device, else the bell and the flash.

In order:

1. miniaudio (:mod:`unknot.sound.mixer`), a default dependency: one device that mixes overlapping cues;
2. simpleaudio, when the optional ``audio`` extra is installed;
3. a system player spawned per cue (:mod:`unknot.sound.spawn`): ``pw-play``, ``paplay``, ``aplay``,
``afplay``;
4. the terminal bell (the UI flashes on every cue in any case).

A backend is skipped when it is not installed, when it has no device, or (simpleaudio 1.0.4 on Python
3.12+) when it would crash the interpreter. The chosen player's ``status`` says which one plays, or why
none does; ``unknot config`` prints it, and the player shows it when cues make no sound. libasound's own
messages are kept off the terminal throughout (:mod:`unknot.sound.alsa`), and libpulse's go to the system
log (:mod:`unknot.sound.pulse_log`). Never raises.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path

from unknot.sound import alsa, audio, spawn
from unknot.sound.pulse_log import quiet_pulse_log
from unknot.sound.sounds import WaveData

__all__ = ["backend_status", "choose_player", "simpleaudio_problem"]

# The running interpreter's version, a module attribute so tests can pretend to be another one.
_PYTHON: tuple[int, int] = (sys.version_info[0], sys.version_info[1])


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


def _reason(exc: BaseException) -> str:
    # miniaudio's errors carry (message, code): the message is the part worth showing.
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return audio.short_error(exc)


def _miniaudio(sounds: Mapping[str, WaveData], bell: Callable[[], None]) -> audio.CuePlayer | str:
    try:
        import miniaudio
    except ImportError:
        return "miniaudio is not installed"
    from unknot.sound.mixer import MiniaudioPlayer, open_device

    try:
        device = open_device(miniaudio)
    except Exception as exc:
        return f"miniaudio: no device ({_reason(exc)})"
    return MiniaudioPlayer(sounds, device, fallback=bell)


def _simpleaudio(sounds: Mapping[str, WaveData], bell: Callable[[], None]) -> audio.CuePlayer | str:
    problem = simpleaudio_problem()
    if problem:
        return problem
    try:
        import simpleaudio
    except ModuleNotFoundError as exc:
        if exc.name == "simpleaudio":
            return "simpleaudio is not installed"
        return f"simpleaudio did not load ({audio.short_error(exc)})"
    except Exception as exc:
        return f"simpleaudio did not load ({audio.short_error(exc)})"
    if alsa.available():
        try:
            reason = alsa.open_error("default")
        except Exception as exc:
            reason = audio.short_error(exc)
        if reason is not None:
            return f"simpleaudio: no device ({reason})"
        device = "default device"
    else:
        # Not ALSA (macOS, Windows): play a few ms of silence to see that a device is there.
        try:
            simpleaudio.play_buffer(bytes(2 * 441), 1, 2, 44100).stop()
        except Exception as exc:
            return f"simpleaudio: no device ({audio.short_error(exc)})"
        device = "default output"
    try:
        return audio.SimpleaudioPlayer(sounds, fallback=bell, backend=simpleaudio, device=device)
    except Exception as exc:
        return f"simpleaudio did not start ({audio.short_error(exc)})"


def _system_player(sounds: Mapping[str, WaveData], bell: Callable[[], None]) -> audio.CuePlayer | str:
    programs = spawn.find_programs()
    if not programs:
        return "no " + ", ".join(name for name, *_ in spawn.PROGRAMS[:-1]) + f" or {spawn.PROGRAMS[-1][0]}"
    failures = []
    folder = Path(tempfile.mkdtemp(prefix="unknot-cues-"))
    for command in programs:
        probe = spawn.probe(command, folder)
        if not isinstance(probe, str):
            return spawn.SpawnPlayer(sounds, command, fallback=bell, folder=folder, probe=probe)
        failures.append(f"{Path(command[0]).name}: no device ({probe})")
    shutil.rmtree(folder, ignore_errors=True)
    return "; ".join(failures)


def choose_player(sounds: Mapping[str, WaveData], *, mute: bool, bell: Callable[[], None]) -> audio.CuePlayer:
    """The first backend that plays on this machine, its ``status`` saying which (or why none does).

    Muted: a :class:`~unknot.sound.audio.SilentPlayer`. Takes a few ms when miniaudio finds a device (one open
    of it), up to a few seconds when every backend must be tried; never raises.
    """
    if mute:
        return audio.SilentPlayer()
    quiet_pulse_log()  # before miniaudio or ALSA's pulse plugin loads libpulse (see pulse_log)
    alsa.silence_alsa_errors()  # before miniaudio or simpleaudio loads libasound
    reasons = []
    for attempt in (_miniaudio, _simpleaudio, _system_player):
        try:
            found = attempt(sounds, bell)
        except Exception as exc:  # a backend's surprise must not stop the session
            found = f"{attempt.__name__.strip('_')} failed ({audio.short_error(exc)})"
        if not isinstance(found, str):
            return found
        reasons.append(found)
    # The player's status row holds one short line; why each backend failed is the detail, which
    # `unknot config` prints.
    return audio.BellPlayer(bell, status=audio.NO_DEVICE, detail="; ".join(reasons))


def backend_status(sounds: Mapping[str, WaveData]) -> str:
    """The ``status`` of the player :func:`choose_player` picks now (opened, then closed at once)."""
    player = choose_player(sounds, mute=False, bell=lambda: None)
    try:
        detail = getattr(player, "detail", "")
        return f"{player.status} ({detail})" if detail else player.status
    finally:
        player.close()
