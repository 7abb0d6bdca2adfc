"""Spoken sentences for the audio export, synthesised offline with espeak-ng into sample arrays.

Each distinct sentence is synthesised once (a routine says "Switch sides" many times) and in parallel,
since each is a separate process. A sentence that would run past the time it has is spoken faster, and
if it is still too long it is cut with a short fade, so speech never moves a cue. Without espeak-ng,
:meth:`Speaker.available` is False and the export carries the cues alone.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]

WORDS_PER_MINUTE = 165
"""A calm speaking pace; espeak-ng's default (175) sounds hurried over a session."""
MAX_WORDS_PER_MINUTE = 300
"""The fastest a sentence is sped up to fit its slot; beyond this it is cut instead."""
FADE_SECONDS = 0.05
SPEECH_GAIN = 0.8
"""espeak-ng speaks near full scale; a little under it leaves room for a cue on top."""


class Speaker:
    """Synthesises sentences to float samples at ``rate`` Hz through espeak-ng, caching each one."""

    def __init__(self, rate: int, which: Callable[[str], str | None] = shutil.which) -> None:
        self.rate = rate
        self._program = which("espeak-ng")
        self._cache: dict[tuple[str, int], Samples] = {}

    def available(self) -> bool:
        return self._program is not None

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise every distinct text at the normal pace, two processes at a time."""
        todo = [t for t in dict.fromkeys(texts) if (t, WORDS_PER_MINUTE) not in self._cache]
        if not todo or self._program is None:
            return
        with ThreadPoolExecutor(max_workers=2) as pool:
            spoken = pool.map(lambda t: self._synth(t, WORDS_PER_MINUTE), todo)
            for text, samples in zip(todo, spoken, strict=True):
                self._cache[text, WORDS_PER_MINUTE] = samples

    def say(self, text: str, max_seconds: float) -> Samples | None:
        """``text`` spoken in at most ``max_seconds`` (faster, then cut, when needed); None without speech."""
        if self._program is None or max_seconds <= 0:
            return None
        samples = self._get(text, WORDS_PER_MINUTE)
        limit = int(max_seconds * self.rate)
        if len(samples) > limit:
            pace = min(MAX_WORDS_PER_MINUTE, int(WORDS_PER_MINUTE * len(samples) / limit) + 10)
            samples = self._get(text, pace)
        if len(samples) > limit:
            samples = samples[:limit].copy()
            fade = min(limit, int(FADE_SECONDS * self.rate))
            if fade:
                samples[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
        return samples

    def _get(self, text: str, pace: int) -> Samples:
        key = (text, pace)
        if key not in self._cache:
            self._cache[key] = self._synth(text, pace)
        return self._cache[key]

    def _synth(self, text: str, pace: int) -> Samples:
        assert self._program is not None
        done = subprocess.run(
            [self._program, "--stdout", "-s", str(pace), "--", text],
            capture_output=True,
            check=False,
            timeout=60,
        )
        if done.returncode != 0:
            return np.zeros(0, np.float32)
        return _resample(*_read_wav(done.stdout), self.rate) * np.float32(SPEECH_GAIN)


def _read_wav(data: bytes) -> tuple[Samples, int]:
    """Mono 16-bit PCM from a WAV that espeak-ng wrote to a pipe (its size fields are not filled in)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return np.zeros(0, np.float32), 22050
    pos, rate, channels = 12, 22050, 1
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            channels, rate = struct.unpack("<HI", data[pos + 10 : pos + 16])
        if chunk == b"data":
            body = data[pos + 8 :]  # to the end: the size field of a piped WAV is a placeholder
            pcm = np.frombuffer(body[: len(body) - len(body) % (2 * channels)], "<i2")
            mono = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm
            return (mono / 32768.0).astype(np.float32), rate
        pos += 8 + size + (size & 1)
    return np.zeros(0, np.float32), rate


def _resample(samples: Samples, rate: int, target: int) -> Samples:
    """Resampling for speech and short cues: halving averages pairs (a gentle low-pass against
    aliasing), anything else is linear, enough for speech, which carries little above 5 kHz."""
    if rate == target or not len(samples):
        return samples
    if rate == 2 * target:
        even = samples[: len(samples) - len(samples) % 2]
        halved: Samples = even.reshape(-1, 2).mean(axis=1).astype(np.float32)
        return halved
    count = round(len(samples) * target / rate)
    positions = np.arange(count, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
