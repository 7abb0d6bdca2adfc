"""``unknot export --audio``: the whole session as one audio file, at the times the plan gives.

The app's cue sounds (read with :func:`unknot.sound.sounds.load_cue_sounds`, so a routine's own ``sounds:``
count too), the spoken set-ups and instructions, and quiet phase and breathing cues are placed at their
sample and mixed a block at a time, so a long routine needs little memory. The file holds exactly the
routine's length; chapters are written beside it (:mod:`unknot.export.chapters`).
"""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from unknot.export.chapters import tag_mp3, write_chapters
from unknot.export.plan import Plan, total_seconds
from unknot.export.speech import Samples, Speaker, _resample
from unknot.export.timeline import Cue, app_cues, guidance
from unknot.model.routine import Routine
from unknot.sound.sounds import WaveData, load_cue_sounds

FORMATS = (".mp3", ".wav")
RATES = {".wav": 44100, ".mp3": 22050}
"""Samples per second of each format. MP3 is spoken-word quality (22.05 kHz, 64 kbit/s mono, as
audiobooks and podcasts use), which also encodes twice as fast as CD rate."""
MP3_KBPS = 64
BLOCK_SECONDS = 10
# LAME puts 576 samples of encoder delay in front and a decoder adds 529 more; lameenc writes no LAME
# tag that would let a player remove them, so the session's first 1105 samples (silence by design: the
# first words come at 0.3 s) are not fed to the encoder, and what a player decodes starts on time.
MP3_DELAY_SAMPLES = 576 + 529


@dataclass(frozen=True)
class Rendered:
    """What an export wrote."""

    path: Path
    seconds: float
    speech: bool


def _mono(sound: WaveData, rate: int) -> Samples:
    pcm = np.frombuffer(sound.frames, "<i2").astype(np.float32) / 32768.0
    if sound.channels == 2:
        pcm = pcm.reshape(-1, 2).mean(axis=1).astype(np.float32)
    return _resample(pcm, sound.rate, rate)


def _tone(start_hz: float, end_hz: float, seconds: float, level: float, rate: int) -> Samples:
    """A soft sine glide that swells and fades, like a breath: the export's quiet breathing cues."""
    count = int(seconds * rate)
    t = np.arange(count) / rate
    phase = 2 * np.pi * np.cumsum(np.linspace(start_hz, end_hz, count)) / rate
    envelope = np.sin(np.pi * t / seconds) ** 2
    return (level * envelope * np.sin(phase)).astype(np.float32)


def cue_samples(routine: Routine, rate: int) -> dict[str, Samples]:
    """Every cue's sound: the app's from its sound files, and the two quiet breathing ones made here."""
    loaded = load_cue_sounds(routine.sounds)
    sounds = {name: _mono(wave_data, rate) for name, wave_data in loaded.items()}
    sounds["breath_in"] = _tone(330, 440, 0.7, 0.05, rate)
    sounds["breath_out"] = _tone(440, 294, 1.0, 0.04, rate)
    return sounds


def heard_cues(plan: Plan, routine: Routine, sounds: dict[str, Samples], rate: int) -> list[Cue]:
    """Every cue at its planned time, but the finish, which must be heard before the file ends.

    The file lasts exactly the routine's time, and the app plays its finish chime at that very moment;
    so the chime is placed to end with the file, and a tick it would cover is left out.
    """
    total = float(total_seconds(plan))
    cues = [*app_cues(plan, routine), *guidance(plan, routine)[1]]
    finish = total - len(sounds["finish"]) / rate
    kept = [c for c in cues if c.name != "finish" and not finish <= c.time <= total]
    return sorted([*kept, Cue(max(0.0, finish), "finish")], key=lambda c: c.time)


def placements(plan: Plan, routine: Routine, speaker: Speaker) -> list[tuple[int, Samples]]:
    """Each sound with the sample it starts at (at the speaker's rate), sorted."""
    rate = speaker.rate
    sounds = cue_samples(routine, rate)
    says, _quiet = guidance(plan, routine)
    placed = [(round(c.time * rate), sounds[c.name]) for c in heard_cues(plan, routine, sounds, rate)]
    if speaker.available():
        speaker.prepare(s.text for s in says)
        for say in says:
            spoken = speaker.say(say.text, say.until - say.time)
            if spoken is not None and len(spoken):
                placed.append((round(say.time * rate), spoken))
    return sorted(placed, key=lambda p: p[0])


def mix(placed: list[tuple[int, Samples]], length: int, block: int, skip: int = 0) -> Iterator[bytes]:
    """16-bit little-endian PCM of samples ``skip`` to ``length``, ``block`` samples at a time."""
    first = 0
    for begin in range(skip, length, block):
        end = min(length, begin + block)
        buf = np.zeros(end - begin, np.float32)
        while first < len(placed) and placed[first][0] + len(placed[first][1]) <= begin:
            first += 1  # sounds are short, so one that ends before this block is done for good
        for at, sound in placed[first:]:
            if at >= end:
                break
            lo, hi = max(at, begin), min(at + len(sound), end)
            if hi > lo:
                buf[lo - begin : hi - begin] += sound[lo - at : hi - at]
        np.clip(buf, -1.0, 1.0, out=buf)
        yield (buf * 32767.0).astype("<i2").tobytes()


def _write_wav(out: BinaryIO, pcm: Iterator[bytes], rate: int) -> None:
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        for chunk in pcm:
            wav.writeframes(chunk)


def _write_mp3(out: BinaryIO, pcm: Iterator[bytes], rate: int) -> None:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)  # fast; the cues and a voice lose nothing audible
    for chunk in pcm:
        out.write(encoder.encode(chunk))
    out.write(encoder.flush())


def render(
    plan: Plan,
    routine: Routine,
    path: Path,
    speaker: Speaker | None = None,
    warn: Callable[[str], None] = lambda _m: None,
) -> Rendered:
    """Write the session to ``path`` (.mp3 or .wav), then its chapters; returns what was written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write {path.suffix or 'a file without an extension'}; use .mp3 or .wav")
    rate = RATES[suffix]
    speaker = speaker or Speaker(rate)
    if speaker.rate != rate:
        raise ValueError(f"a {suffix} file is written at {rate} Hz; the speaker makes {speaker.rate} Hz")
    if not speaker.available():
        warn("no speech engine found (install espeak-ng): the audio has every cue but no spoken guidance")
    placed = placements(plan, routine, speaker)
    length = total_seconds(plan) * rate
    block = rate * BLOCK_SECONDS
    # Written beside the target and renamed into place, so a failed export leaves no half file.
    part = path.with_name(f".{path.name}.part")
    try:
        with part.open("wb") as out:
            if suffix == ".wav":
                _write_wav(out, mix(placed, length, block), rate)
            else:
                _write_mp3(out, mix(placed, length, block, skip=MP3_DELAY_SAMPLES), rate)
        if suffix == ".mp3":
            tag_mp3(plan, part)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    write_chapters(plan, path)
    return Rendered(path, length / rate, speaker.available())
