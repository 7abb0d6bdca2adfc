"""The fallback for machines without miniaudio or simpleaudio: a system sound player, spawned per cue.

Most Linux desktops have ``pw-play`` (PipeWire), ``paplay`` (PulseAudio) or ``aplay`` (ALSA); macOS has
``afplay``. :class:`SpawnPlayer` writes each cue to a WAV file in a private temporary folder once, then
starts the program on it for every cue and returns at once; the sound server mixes overlapping cues.
Their output never reaches the terminal (stdout and stderr go to ``/dev/null``), which also keeps
``ALSA lib ...`` lines off the screen.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable, Mapping
from pathlib import Path

from unknot.sound.cue_fallback import failed_status, ring
from unknot.sound.sounds import WaveData

__all__ = ["PROGRAMS", "SpawnPlayer", "find_programs", "probe"]

# In the order they are tried: the sound servers' own players first, then plain ALSA, then macOS.
PROGRAMS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"), ("afplay",))
PROBE_SECONDS = 0.5


def find_programs() -> list[list[str]]:
    """The players on the PATH, in the order of :data:`PROGRAMS`, each as a command to add a file to."""
    found = []
    for name, *flags in PROGRAMS:
        path = shutil.which(name)
        if path is not None:
            found.append([path, *flags])
    return found


def _write_wav(path: Path, sound: WaveData) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(sound.channels)
        out.setsampwidth(sound.sample_width)
        out.setframerate(sound.rate)
        out.writeframes(sound.frames)


def probe(command: list[str], folder: Path) -> subprocess.Popen[bytes] | str:
    """Start ``command`` on a hundredth of a second of silence; the process, or why it failed at once.

    Waits at most :data:`PROBE_SECONDS` for it to end: a sound server may hold the program until its
    buffer has played out (two seconds on a null sink), so a program still running then is taken as
    working, and the :class:`SpawnPlayer` it is handed to notices a late failure at the next cue.
    """
    quiet = folder / "probe.wav"
    _write_wav(quiet, WaveData(bytes(2 * 441), 1, 2, 44100))
    try:
        process = subprocess.Popen(
            [*command, str(quiet)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    try:
        code = process.wait(timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        return process
    return process if code == 0 else f"exit status {code}"


class SpawnPlayer:
    """Plays each cue by starting ``command`` on its WAV file; never raises, never waits.

    ``folder`` is a private folder for the cue files, which the player owns and removes when closed;
    ``probe`` the process :func:`probe` started, whose failure is noticed like a cue's. A new sound of a
    cue ends that cue's previous one if still going. When a player exits with an error
    (the server went away), or cannot be started, the player stops trying: ``status`` says why,
    ``audible`` becomes False, and cues go to ``fallback`` (the terminal bell).
    """

    def __init__(
        self,
        sounds: Mapping[str, WaveData],
        command: list[str],
        *,
        fallback: Callable[[], None] | None = None,
        folder: Path | None = None,
        probe: subprocess.Popen[bytes] | None = None,
    ) -> None:
        self._command = command
        self._fallback = fallback
        self._folder = folder if folder is not None else Path(tempfile.mkdtemp(prefix="unknot-cues-"))
        self._files: dict[str, Path] = {}
        self._generation = 0
        self._sounds: dict[str, WaveData] = {}
        self._running: dict[str, subprocess.Popen[bytes]] = {} if probe is None else {"": probe}
        self._closed = False
        self._failed = False
        self.set_sounds(sounds)
        self.status = f"sound: on ({Path(command[0]).name})"
        self.audible = True

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """Play these sounds from now on; their files are written when first played."""
        self._sounds = dict(sounds)
        self._files = {}
        self._generation += 1

    def _file(self, cue: str, sound: WaveData) -> Path:
        path = self._files.get(cue)
        if path is None:
            path = self._folder / f"{cue}-{self._generation}.wav"
            _write_wav(path, sound)
            self._files[cue] = path
        return path

    def play(self, cue: str) -> None:
        """Start the program on the cue's file and return at once."""
        if self._closed:
            return
        sound = self._sounds.get(cue)
        if self._failed or sound is None or self._reap():
            self._ring()
            return
        try:
            previous = self._running.pop(cue, None)
            if previous is not None and previous.poll() is None:
                previous.terminate()
            self._running[cue] = subprocess.Popen(
                [*self._command, str(self._file(cue, sound))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except Exception as exc:
            self._fail(str(exc) or type(exc).__name__)
            self._ring()

    def _reap(self) -> bool:
        """Forget finished players; True (and the player fails over) when one of them exited with an error."""
        for cue, process in list(self._running.items()):
            code = process.poll()
            if code is None:
                continue
            del self._running[cue]
            if code > 0:  # a negative code is our own terminate()
                self._fail(f"{Path(self._command[0]).name} exited with status {code}")
                return True
        return False

    def _fail(self, reason: str) -> None:
        self._failed = True
        self.audible = False
        self.status = failed_status(reason, self._fallback)

    def _ring(self) -> None:
        self._fallback = ring(self._fallback)

    def close(self) -> None:
        """Let the sounds still playing finish on their own, and forget the files when they have."""
        self._closed = True
        for process in self._running.values():
            with contextlib.suppress(Exception):
                process.wait(timeout=2)
        self._running = {}
        shutil.rmtree(self._folder, ignore_errors=True)
