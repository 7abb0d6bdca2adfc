"""The default cue player: one miniaudio playback device that mixes overlapping cues.

miniaudio (a default dependency with wheels for Linux, macOS and Windows) talks to PulseAudio, PipeWire's
Pulse server, ALSA, Core Audio or WASAPI through libraries it loads at run time, so a plain ``pip install``
needs no compiler and no headers. Every cue is already 16-bit mono at :data:`unknot.sound.sounds.RATE`
(decoded
once at load), so the device runs in that format and miniaudio converts for the hardware.

:class:`Mixer` sums the voices that are sounding into one stream: a tick during a chime is heard on top of
the chime, not instead of it; a new sound of the same cue replaces that cue's previous one (a tick stops
the last tick), so repeats never pile up. The device is started at a cue and stopped once it has been
quiet for :data:`IDLE_SECONDS`, so a session between cues costs no CPU for sound.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from array import array
from collections.abc import Callable, Generator, Mapping
from typing import Any

from unknot.sound.cue_fallback import failed_status, ring
from unknot.sound.sounds import CHANNELS, RATE, WaveData

__all__ = ["CLOSE_POLLS", "IDLE_SECONDS", "MiniaudioPlayer", "Mixer", "open_device"]

IDLE_SECONDS = 2.0
# miniaudio asks for this much at a time (and buffers three such periods): short enough that a cue starts
# within a tenth of a second or so, long enough that the callback runs only 20 times a second while
# something sounds and that a busy machine seldom makes it late.
PERIOD_MS = 50
CLOSE_POLLS = 40  # of 50 ms: a cue is at most a second or two


class Mixer:
    """The voices sounding now, summed on demand; safe to feed from one thread and read from another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._voices: dict[str, tuple[bytes, int]] = {}

    def add(self, key: str, frames: bytes) -> None:
        """Start ``frames`` (16-bit mono) as the voice ``key``, replacing that key's voice if sounding."""
        with self._lock:
            self._voices[key] = (frames, 0)

    def clear(self) -> None:
        """Silence every voice."""
        with self._lock:
            self._voices.clear()

    @property
    def busy(self) -> bool:
        """Whether any voice is still sounding."""
        with self._lock:
            return bool(self._voices)

    def mix(self, frames: int) -> bytes:
        """The next ``frames`` frames of every voice summed (clamped to 16 bits); b"" when all is quiet."""
        size = 2 * frames
        chunks: list[bytes] = []
        with self._lock:
            for key, (data, at) in list(self._voices.items()):
                chunks.append(data[at : at + size])
                if at + size >= len(data):
                    del self._voices[key]
                else:
                    self._voices[key] = (data, at + size)
        if len(chunks) <= 1:
            return chunks[0] if chunks else b""  # one voice (nearly always): no arithmetic at all
        total = array("i", bytes(4 * (max(len(c) for c in chunks) // 2)))
        for chunk in chunks:
            samples = array("h", chunk)
            if sys.byteorder == "big":
                samples.byteswap()
            for i, sample in enumerate(samples):
                total[i] += sample
        out = array("h", (max(-32768, min(32767, s)) for s in total))
        if sys.byteorder == "big":
            out.byteswap()
        return out.tobytes()


def open_device(backend: Any) -> Any:
    """Open the default playback device through miniaudio (``backend`` is the module); raises if none.

    miniaudio's null backend (a device with no sound) is never chosen, and JACK is left out because its
    client library prints to the terminal when no JACK server runs (JACK desktops also run a Pulse bridge).
    """
    usable = [b for b in backend.Backend if b.name not in ("NULL", "CUSTOM", "JACK")]
    return backend.PlaybackDevice(
        output_format=backend.SampleFormat.SIGNED16,
        nchannels=CHANNELS,
        sample_rate=RATE,
        buffersize_msec=PERIOD_MS,
        backends=usable,
        app_name="unknot",
    )


class MiniaudioPlayer:
    """Plays the cues through one miniaudio device, mixing overlaps; never raises, never waits.

    ``device`` is an opened ``miniaudio.PlaybackDevice`` (:func:`open_device`). When starting it fails
    (the device went away), the player stops trying: ``status`` says why, ``audible`` becomes False, and
    that cue and every later one go to ``fallback`` (the terminal bell).
    """

    def __init__(
        self,
        sounds: Mapping[str, WaveData],
        device: Any,
        *,
        fallback: Callable[[], None] | None = None,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self._device = device
        self._sounds = dict(sounds)
        self._fallback = fallback
        self._idle = idle_seconds
        self._mixer = Mixer()
        self._lock = threading.Lock()
        self._running = False
        self._stopper: threading.Timer | None = None
        self._closed = False
        self._failed = False
        self._quiet_periods = 0
        self.status = f"sound: on (miniaudio, {getattr(device, 'backend', 'default device')})"
        self.audible = True

    def _stream(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            chunk = self._mixer.mix(frames)
            # Counted so close() can let the device play out what it already holds (silence behind it).
            self._quiet_periods = 0 if chunk else self._quiet_periods + 1
            frames = yield chunk

    def play(self, cue: str) -> None:
        """Add the cue's sound to the mix (starting the device if it is stopped) and return at once."""
        if self._closed:
            return
        sound = self._sounds.get(cue)
        if self._failed or sound is None:
            self._ring()
            return
        self._mixer.add(cue, sound.frames)
        try:
            with self._lock:
                if not self._running:
                    stream = self._stream()
                    next(stream)
                    self._device.start(stream)
                    self._running = True
                self._schedule_stop(sound.duration + self._idle)
        except Exception as exc:
            self._failed = True
            self.audible = False
            self._mixer.clear()
            self.status = failed_status(str(exc) or type(exc).__name__, self._fallback)
            self._ring()

    def _schedule_stop(self, after: float) -> None:
        # Called with the lock held. The timer thread stops the device once nothing has sounded for a while.
        if self._stopper is not None:
            self._stopper.cancel()
        self._stopper = threading.Timer(after, self._stop_if_quiet)
        self._stopper.daemon = True
        self._stopper.start()

    def _stop_if_quiet(self) -> None:
        with self._lock:
            if self._closed or not self._running:
                return
            if self._mixer.busy:  # a long user sound: look again later
                self._schedule_stop(self._idle)
                return
            self._running = False
            with contextlib.suppress(Exception):
                self._device.stop()

    def _ring(self) -> None:
        self._fallback = ring(self._fallback)

    def set_sounds(self, sounds: Mapping[str, WaveData]) -> None:
        """Play these sounds from now on (already decoded and scaled)."""
        self._sounds = dict(sounds)

    def close(self) -> None:
        """Let a cue still sounding end (the finish chime as a session ends), then close the device.

        Waits at most :data:`CLOSE_POLLS` short polls, so a long user sound cannot hold up quitting.
        """
        for _ in range(CLOSE_POLLS if self._running else 0):
            # Quiet for a few periods: the device has played out what it had buffered, so closing it
            # (which drops a sound server's buffer) cuts nothing.
            if not self._mixer.busy and self._quiet_periods >= 4:
                break
            threading.Event().wait(0.05)
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._stopper is not None:
                self._stopper.cancel()
            self._mixer.clear()
            self._running = False
        with contextlib.suppress(Exception):
            self._device.close()
