"""The shipped cue WAVs: format, length, loudness, how they differ, and that the script remakes them."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import wave
from array import array
from functools import cache
from pathlib import Path

import pytest

from unknot.model.routine import CUE_NAMES
from unknot.paths import builtin_sounds_dir

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "make_sounds.py"
RATE = 44100

# Length bounds in seconds: the tick is a short knock, the rest are brief chimes.
LENGTHS = dict.fromkeys(CUE_NAMES, (0.2, 1.2)) | {"tick": (0.06, 0.1)}


@cache
def samples(cue: str) -> tuple[int, ...]:
    with wave.open(str(builtin_sounds_dir() / f"{cue}.wav"), "rb") as source:
        data = array("h", source.readframes(source.getnframes()))
    if sys.byteorder == "big":
        data.byteswap()
    return tuple(data)


def pitch(cue: str, start: float, length: float = 0.1) -> int:
    """The strongest semitone (MIDI note number, A4 = 69) in a Hann-windowed stretch of the sound."""
    window = samples(cue)[round(start * RATE) : round((start + length) * RATE)]
    n = len(window)
    tapered = [x * (0.5 - 0.5 * math.cos(2 * math.pi * i / (n - 1))) for i, x in enumerate(window)]

    def power(freq: float) -> float:
        step = 2 * math.pi * freq / RATE
        re = sum(x * math.cos(step * i) for i, x in enumerate(tapered))
        im = sum(x * math.sin(step * i) for i, x in enumerate(tapered))
        return re * re + im * im

    return max(range(50, 101), key=lambda midi: power(440.0 * 2 ** ((midi - 69) / 12)))


@pytest.mark.parametrize("cue", CUE_NAMES)
def test_format(cue: str) -> None:
    path = builtin_sounds_dir() / f"{cue}.wav"
    assert path.is_file(), f"missing {path}; run `make sounds`"
    with wave.open(str(path), "rb") as source:
        assert source.getcomptype() == "NONE"
        assert source.getsampwidth() == 2
        assert source.getnchannels() == 1
        assert source.getframerate() == RATE
        low, high = LENGTHS[cue]
        assert low <= source.getnframes() / RATE <= high


# Peak level in dBFS: the phase tone marks a change inside a held step, so it sits well under the rest.
LOUDNESS = dict.fromkeys(CUE_NAMES, (-6.0, -1.0)) | {"phase": (-14.0, -10.0)}


@pytest.mark.parametrize("cue", CUE_NAMES)
def test_loudness_and_no_clicks(cue: str) -> None:
    data = samples(cue)
    peak = max(abs(x) for x in data)
    low, high = LOUDNESS[cue]
    assert low <= 20 * math.log10(peak / 32768) <= high
    assert min(data) > -32768 and max(data) < 32767  # never at full scale
    # Starts and ends on silence: no click when the sound is started or cut at its end.
    assert abs(data[0]) <= 32 and abs(data[-1]) <= 32
    # Fades in and out (even the knock's 1.5 ms attack) rather than jumping.
    assert all(abs(x) < 400 for x in data[:5] + data[-5:]), "no fade at the start or the end"


def test_cues_are_told_apart_by_their_first_note() -> None:
    first = {cue: pitch(cue, 0.0, 0.08 if cue == "tick" else 0.1) for cue in CUE_NAMES}
    for a, b in itertools.combinations(CUE_NAMES, 2):
        assert first[a] != first[b], f"{a} and {b} both open on MIDI note {first[a]}"


def test_cues_have_their_shapes() -> None:
    # start rises, end falls, finish climbs three notes, switch swaps two tones, halfway stays put.
    assert pitch("start", 0.02) < pitch("start", 0.3)
    assert pitch("end", 0.02) > pitch("end", 0.45)
    assert pitch("finish", 0.02) < pitch("finish", 0.18) < pitch("finish", 0.5)
    b, f, b2, f2 = (pitch("switch", 0.015 + 0.13 * n) for n in range(4))
    assert b == b2 and f == f2 and b != f
    assert pitch("halfway", 0.02) == pitch("halfway", 0.5)
    assert pitch("tick", 0.0, 0.08) > pitch("halfway", 0.02)  # the knock is the highest


def test_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True)
    made = sorted(path.name for path in tmp_path.iterdir())
    assert made == sorted(f"{cue}.wav" for cue in CUE_NAMES)
    for cue in CUE_NAMES:
        committed = (builtin_sounds_dir() / f"{cue}.wav").read_bytes()
        assert (tmp_path / f"{cue}.wav").read_bytes() == committed, (
            f"sounds/{cue}.wav differs from what scripts/make_sounds.py makes; run `make sounds`"
        )
