"""Make unknot's cue sounds: seven short, gentle WAV files in ``sounds/``.

Run it with ``make sounds`` (or ``python scripts/make_sounds.py --out DIR``). It uses only the standard
library (``wave``, ``array``, ``math``) and writes the same bytes on every run, so the WAVs in the
repository can be checked against it (``tests/test_sounds.py`` does).

Every sound is 16-bit PCM, mono, 44100 Hz, built from sine partials under a smooth envelope (a
raised-cosine attack, an exponential decay and a raised-cosine release that ends on exact silence, so
nothing clicks), then scaled so its loudest sample sits at -3 dBFS.

=========  ========================================================  ======
cue        what it sounds like                                       length
=========  ========================================================  ======
start      rising two-note chime, G4 then D5                         0.65 s
halfway    one soft bell, A5                                         0.90 s
tick       short wood-block knock, about 1.3 kHz                     0.08 s
switch     two tones trading places, B4 F#5 B4 F#5 (a "left, right")  0.52 s
end        falling two notes, E5 then A4                             0.80 s
finish     rising three-note arpeggio, C5 E5 G5, left to ring        1.20 s
phase      one low, soft tone, D4, quieter than the rest              0.40 s
=========  ========================================================  ======
"""

from __future__ import annotations

import argparse
import math
import sys
import wave
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 44100
PEAK_DBFS = -3.0
FULL_SCALE = 32767

# Note frequencies (equal temperament, A4 = 440 Hz).
D4 = 293.66
G4 = 392.00
A4 = 440.00
B4 = 493.88
C5 = 523.25
D5 = 587.33
E5 = 659.25
FS5 = 739.99
G5 = 783.99
A5 = 880.00

# A soft bell: the fundamental, a quieter octave and a faint inharmonic partial that fades fastest.
# Each partial is (frequency ratio, relative amplitude, decay time constant as a share of the note's).
BELL: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (2.0, 0.28, 0.55), (2.76, 0.08, 0.3))
# A wood block: a short knock with a strong inharmonic overtone.
WOOD: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (2.59, 0.45, 0.6))
# A plain, slightly rounded tone for the switch cue, so it does not sound like the chimes.
SOFT: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (3.0, 0.06, 1.0))


def note(
    freq: float,
    length: float,
    *,
    partials: Sequence[tuple[float, float, float]] = BELL,
    attack: float = 0.008,
    decay: float = 0.35,
    release: float = 0.03,
) -> list[float]:
    """One note as floats in -1..1 (before normalising): sine partials under a click-free envelope.

    ``decay`` is the time constant of the exponential fade, in seconds; ``attack`` and ``release`` are
    raised-cosine ramps from and to exact zero.
    """
    count = round(length * RATE)
    attack_n = max(1, round(attack * RATE))
    release_n = max(1, round(release * RATE))
    out = []
    for i in range(count):
        t = i / RATE
        value = 0.0
        for ratio, amplitude, decay_share in partials:
            value += (
                amplitude * math.exp(-t / (decay * decay_share)) * math.sin(2.0 * math.pi * freq * ratio * t)
            )
        if i < attack_n:
            value *= 0.5 - 0.5 * math.cos(math.pi * i / attack_n)
        left = count - 1 - i
        if left < release_n:
            value *= 0.5 - 0.5 * math.cos(math.pi * left / release_n)
        out.append(value)
    return out


def mix(length: float, parts: Sequence[tuple[float, list[float]]]) -> list[float]:
    """Lay notes (start time in seconds, samples) into a silent track ``length`` seconds long."""
    track = [0.0] * round(length * RATE)
    for start, samples in parts:
        offset = round(start * RATE)
        for i, value in enumerate(samples):
            if offset + i < len(track):
                track[offset + i] += value
    return track


def start() -> list[float]:
    """Rising two-note chime: G4, then D5 a little later, both left to ring."""
    return mix(0.65, [(0.0, note(G4, 0.65, decay=0.22)), (0.16, note(D5, 0.49, decay=0.2))])


def halfway() -> list[float]:
    """A single soft bell."""
    return note(A5, 0.90, decay=0.3, attack=0.006, release=0.05)


def tick() -> list[float]:
    """A short wood-block knock, 80 ms."""
    return note(1300.0, 0.08, partials=WOOD, attack=0.0015, decay=0.014, release=0.02)


def switch() -> list[float]:
    """Two tones trading places four times, like a step from one side to the other and back."""
    step = 0.13
    parts = [
        (n * step, note(freq, step, partials=SOFT, attack=0.01, decay=0.25, release=0.025))
        for n, freq in enumerate((B4, FS5, B4, FS5))
    ]
    return mix(4 * step, parts)


def end() -> list[float]:
    """Falling two notes: E5, then A4, which rings out."""
    return mix(0.80, [(0.0, note(E5, 0.8, decay=0.16)), (0.2, note(A4, 0.6, decay=0.22))])


def finish() -> list[float]:
    """A rising C major arpeggio, C5 E5 G5, the last note held longest."""
    return mix(
        1.20,
        [
            (0.0, note(C5, 1.2, decay=0.22)),
            (0.16, note(E5, 1.04, decay=0.24)),
            (0.32, note(G5, 0.88, decay=0.32)),
        ],
    )


def phase() -> list[float]:
    """One low, soft tone for a change of phase in a held step (find, hold, release): under the
    other cues, so it marks the moment without startling someone lying still on a ball."""
    return note(D4, 0.40, partials=SOFT, attack=0.02, decay=0.18, release=0.06)


CUES: dict[str, Callable[[], list[float]]] = {
    "start": start,
    "halfway": halfway,
    "tick": tick,
    "switch": switch,
    "end": end,
    "finish": finish,
    "phase": phase,
}
PEAKS_DBFS = {"phase": -12.0}
"""Cues quieter than :data:`PEAK_DBFS`: the phase tone sits well under the others."""


def to_pcm16(samples: Sequence[float], peak_dbfs: float = PEAK_DBFS) -> bytes:
    """Scale so the loudest sample sits at ``peak_dbfs`` and pack as little-endian 16-bit PCM."""
    loudest = max(abs(value) for value in samples)
    gain = FULL_SCALE * 10.0 ** (peak_dbfs / 20.0) / loudest
    pcm = array("h", (round(value * gain) for value in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    return pcm.tobytes()


def write_wav(path: Path, frames: bytes) -> None:
    """Write mono 16-bit 44100 Hz PCM frames as a WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every cue WAV into ``--out`` (the repository's ``sounds/`` unless told otherwise)."""
    parser = argparse.ArgumentParser(description="Make unknot's cue sounds.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "sounds",
        help="folder to write the WAV files into (default: the repository's sounds/)",
    )
    args = parser.parse_args(argv)
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in CUES.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, to_pcm16(make(), PEAKS_DBFS.get(name, PEAK_DBFS)))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
