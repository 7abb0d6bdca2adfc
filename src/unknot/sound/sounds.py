"""Cue sound files: decoding them, scaling their volume and loading the sound of every cue.

:func:`load_sound` is the one rule for a cue sound file, used both by the routine loader (to report a bad
file at ``file:line:col``) and when the sounds are loaded to play: at most :data:`MAX_SOUND_BYTES`, and
decodable. With miniaudio (a default dependency) any common format is read (WAV of any bit depth and rate,
FLAC, MP3, OGG Vorbis) and converted once, here, to the one format every player plays: 16-bit mono at
:data:`RATE` Hz. Where miniaudio is missing, :func:`read_wave` reads PCM WAVs (any width, as 16-bit).
:func:`scale_volume` applies the volume once; :func:`load_cue_sounds` loads every cue, from a routine's own
``sounds:`` or the sounds shipped with unknot. Playing them is :mod:`unknot.sound.audio`'s job.

This module imports no Textual and no simpleaudio; miniaudio only when a file is decoded.
"""

from __future__ import annotations

import stat
import sys
import wave
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from unknot.model.routine import CUE_NAMES
from unknot.paths import builtin_sounds_dir

__all__ = [
    "CHANNELS",
    "MAX_SOUND_BYTES",
    "RATE",
    "SUPPORTED_RATES",
    "SoundFileError",
    "WaveData",
    "load_cue_sounds",
    "load_sound",
    "read_wave",
    "scale_volume",
]

# The format every cue is decoded to: the shipped sounds' own, so they need no conversion.
RATE = 44100
CHANNELS = 1
# A cue is a second or two; a bigger file is a mistake (a whole song), and would be slow to decode.
MAX_SOUND_BYTES = 2 * 1024 * 1024

# The sample rates simpleaudio accepts; anything else is refused when the file is loaded, not when played.
SUPPORTED_RATES = frozenset({8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000})


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


def load_sound(path: Path) -> WaveData:
    """Decode a cue sound file to 16-bit mono at :data:`RATE` Hz (the one rule for cue sound files).

    Raises :class:`SoundFileError` for a missing file, one that is not a regular file or is bigger than
    :data:`MAX_SOUND_BYTES`, one that cannot be decoded, or one that holds no sound.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SoundFileError(path, "no such file") from None
    except OSError as exc:
        raise SoundFileError(path, f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SoundFileError(path, "is not a file; give the path of a sound file")
    if info.st_size > MAX_SOUND_BYTES:
        raise SoundFileError(
            path,
            f"is {info.st_size // 1024} KiB; cue sounds may be at most {MAX_SOUND_BYTES // (1024 * 1024)}"
            " MiB, so trim it",
        )
    try:
        import miniaudio
    except ImportError:  # no wheel for this platform: PCM WAVs only, as they are
        return read_wave(path)
    try:
        decoded = miniaudio.decode_file(
            str(path), miniaudio.SampleFormat.SIGNED16, nchannels=CHANNELS, sample_rate=RATE
        )
    except (miniaudio.MiniaudioError, OSError) as exc:
        raise SoundFileError(
            path, f"is not a sound file unknot can read ({exc}); use WAV, FLAC, MP3 or OGG Vorbis"
        ) from None
    samples = decoded.samples
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        raise SoundFileError(path, "holds no sound")
    return WaveData(samples.tobytes(), CHANNELS, 2, RATE)


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
        raise SoundFileError(
            path, f"is not a PCM WAV file ({exc}); install miniaudio for other formats"
        ) from None
    if channels not in (1, 2):
        raise SoundFileError(path, f"has {channels} channels; use a mono or stereo file")
    if rate not in SUPPORTED_RATES:
        raise SoundFileError(path, f"has a sample rate of {rate} Hz; use 44100 or 48000 Hz")
    if width not in (1, 2, 3, 4):
        raise SoundFileError(path, f"has {8 * width}-bit samples; use 16-bit PCM")
    frames = frames[: len(frames) - len(frames) % (channels * width)]
    if not frames:
        raise SoundFileError(path, "holds no sound")
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

    Each cue in :data:`unknot.model.routine.CUE_NAMES` comes from ``overrides`` when given there (a routine's
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
        sounds[cue] = scale_volume(load_sound(path), volume)
    return sounds
