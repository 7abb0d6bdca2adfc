"""Cue players: loading and scaling sounds, choosing a player, falling back, and a real ALSA device.

The real-device tests run a child Python whose ``HOME`` holds an ``.asoundrc`` that points ALSA's default
device at the ``file`` plugin (or at nothing), because libasound reads its configuration once per process.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
import time
import wave
from array import array
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import RecordingPlayer
from unknot.model.routine import CUE_NAMES
from unknot.paths import builtin_sounds_dir
from unknot.routine_files.loader import load_routine
from unknot.sound import alsa, backends
from unknot.sound.audio import (
    NO_DEVICE as NO_DEVICE_STATUS,
)
from unknot.sound.audio import (
    BellPlayer,
    CuePlayer,
    SilentPlayer,
    SimpleaudioPlayer,
)
from unknot.sound.backends import choose_player, simpleaudio_problem
from unknot.sound.sounds import (
    MAX_SOUND_BYTES,
    SoundFileError,
    WaveData,
    load_cue_sounds,
    load_sound,
    read_wave,
    scale_volume,
)
from unknot.sound.voice import Voice

DATA = Path(__file__).parent / "data"


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


needs_libasound = pytest.mark.skipif(not alsa.available(), reason="libasound.so.2 is not installed")
# Skipped only where the module is absent: a simpleaudio that is installed but broken fails these tests.
needs_simpleaudio = pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None,
    reason="simpleaudio is not installed (pip install 'unknot[audio]')",
)


def write_wav(
    path: Path, samples: list[int], *, width: int = 2, channels: int = 1, rate: int = 44100
) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 2:
            data = array("h", samples)
            if sys.byteorder == "big":
                data.byteswap()
            out.writeframes(data.tobytes())
        elif width == 1:
            out.writeframes(bytes(samples))
        else:
            out.writeframes(b"".join(x.to_bytes(width, "little", signed=True) for x in samples))
    return path


def as_ints(sound: WaveData) -> list[int]:
    data = array("h", sound.frames)
    if sys.byteorder == "big":
        data.byteswap()
    return list(data)


def file_frames(cue: str) -> bytes:
    with wave.open(str(builtin_sounds_dir() / f"{cue}.wav"), "rb") as source:
        return source.readframes(source.getnframes())


# --------------------------------------------------------------------------------------------------
# Loading and volume


def test_load_cue_sounds_gives_every_cue() -> None:
    sounds = load_cue_sounds()
    assert list(sounds) == list(CUE_NAMES)
    for sound in sounds.values():
        assert (sound.channels, sound.sample_width, sound.rate) == (1, 2, 44100)
        assert 0.05 < sound.duration < 1.5


def test_volume_one_is_byte_identical() -> None:
    sounds = load_cue_sounds(volume=1.0)
    for cue in CUE_NAMES:
        assert sounds[cue].frames == file_frames(cue)


def test_volume_half_halves_every_sample() -> None:
    full = load_cue_sounds()
    half = load_cue_sounds(volume=0.5)
    for cue in CUE_NAMES:
        assert as_ints(half[cue]) == [round(x * 0.5) for x in as_ints(full[cue])]


def test_volume_clamps_instead_of_wrapping() -> None:
    sound = WaveData(array("h", [0, 100, -100, 20000, -20000, 32767, -32768]).tobytes(), 1, 2, 44100)
    if sys.byteorder == "big":
        pytest.skip("the literal above is little-endian only")
    assert as_ints(scale_volume(sound, 2.0)) == [0, 200, -200, 32767, -32768, 32767, -32768]
    assert as_ints(scale_volume(sound, 0.0)) == [0] * 7
    with pytest.raises(ValueError, match="negative"):
        load_cue_sounds(volume=-0.1)


def test_overrides_replace_one_cue(tmp_path: Path) -> None:
    mine = write_wav(tmp_path / "bong.wav", [0, 1000, -1000, 0])
    sounds = load_cue_sounds({"tick": mine})
    assert as_ints(sounds["tick"]) == [0, 1000, -1000, 0]
    assert sounds["start"].frames == file_frames("start")


def test_unknown_cue_in_overrides(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown cue 'tik'"):
        load_cue_sounds({"tik": tmp_path / "x.wav"})


def test_bad_files_name_the_file_and_the_reason(tmp_path: Path) -> None:
    with pytest.raises(SoundFileError, match="no such file") as caught:
        load_cue_sounds({"end": tmp_path / "gone.wav"})
    assert caught.value.path == tmp_path / "gone.wav"

    text = tmp_path / "notes.wav"
    text.write_text("not a wav")
    with pytest.raises(SoundFileError, match="not a PCM WAV file"):
        read_wave(text)
    with pytest.raises(SoundFileError, match="3 channels"):
        read_wave(write_wav(tmp_path / "three.wav", [0, 0, 0], channels=3))
    with pytest.raises(SoundFileError, match="sample rate of 12345"):
        read_wave(write_wav(tmp_path / "odd.wav", [0, 0], rate=12345))
    with pytest.raises(SoundFileError, match="no sound"):
        read_wave(write_wav(tmp_path / "empty.wav", []))
    # The one rule (load_sound) that the loader and the players share.
    with pytest.raises(SoundFileError, match="is not a sound file unknot can read"):
        load_sound(text)
    big = tmp_path / "big.wav"
    big.write_bytes(bytes(MAX_SOUND_BYTES + 1))
    with pytest.raises(SoundFileError, match="cue sounds may be at most 2 MiB"):
        load_sound(big)
    with pytest.raises(SoundFileError, match="is not a file"):
        load_sound(tmp_path)


def test_what_the_loader_accepts_is_what_plays(tmp_path: Path) -> None:
    # 8-bit, 24-bit, float and 48 kHz WAVs all pass the one rule, and load as 16-bit mono at 44.1 kHz.
    good = DATA / "good"
    for name in ("sound_8bit.yaml", "sound_float.yaml", "sounds.yaml"):
        routine = load_routine(good / name)
        for sound in load_cue_sounds(routine.sounds).values():
            assert (sound.channels, sound.sample_width, sound.rate) == (1, 2, 44100)
    wide = write_wav(tmp_path / "24.wav", [0, 0x400000, -0x400000] * 1600, width=3, rate=48000)
    sound = load_sound(wide)
    assert sound.rate == 44100 and abs(sound.duration - 0.1) < 0.001


def test_other_sample_widths_become_16_bit(tmp_path: Path) -> None:
    eight = read_wave(write_wav(tmp_path / "8.wav", [128, 255, 0], width=1))
    assert as_ints(eight) == [0, 127 << 8, -128 << 8]
    twenty_four = read_wave(write_wav(tmp_path / "24.wav", [0x123456, -0x123456], width=3))
    assert as_ints(twenty_four) == [0x1234, -0x1235]  # the top 16 bits
    stereo = read_wave(write_wav(tmp_path / "st.wav", [1, 2, 3, 4], channels=2))
    assert (stereo.channels, stereo.sample_width, len(stereo.frames)) == (2, 2, 8)


# --------------------------------------------------------------------------------------------------
# Players with a fake simpleaudio


class FakePlayObject:
    def __init__(self, args: tuple[Any, ...]) -> None:
        self.args = args
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def wait_done(self) -> None:  # pragma: no cover - must never be called
        raise AssertionError("play() must not wait for the sound to finish")


class FakeSimpleaudio:
    def __init__(self) -> None:
        self.played: list[FakePlayObject] = []
        self.error: Exception | None = None

    def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> FakePlayObject:
        if self.error:
            raise self.error
        play = FakePlayObject((frames, channels, width, rate))
        self.played.append(play)
        return play


@pytest.fixture
def sounds() -> dict[str, WaveData]:
    return load_cue_sounds()


def test_simpleaudio_player_plays_buffers_without_waiting(sounds: dict[str, WaveData]) -> None:
    backend = FakeSimpleaudio()
    player: CuePlayer = SimpleaudioPlayer(sounds, backend=backend)
    assert player.status == "sound: on (default device)" and player.audible
    player.play("start")
    (start,) = backend.played
    assert start.args == (sounds["start"].frames, 1, 2, 44100)


def test_a_cue_stops_its_own_previous_sound_only(sounds: dict[str, WaveData]) -> None:
    backend = FakeSimpleaudio()
    player = SimpleaudioPlayer(sounds, backend=backend)
    player.play("tick")
    player.play("halfway")
    player.play("tick")
    # The first tick is cut off by the second; the bell in between rings on.
    assert [p.stopped for p in backend.played] == [True, False, False]
    player.close()
    assert [p.stopped for p in backend.played] == [True, True, True]
    player.play("end")
    assert len(backend.played) == 3  # closed: nothing more


def test_a_failing_device_turns_into_the_bell(sounds: dict[str, WaveData]) -> None:
    backend = FakeSimpleaudio()
    bells: list[int] = []
    player = SimpleaudioPlayer(sounds, backend=backend, fallback=lambda: bells.append(1))
    backend.error = RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
    player.play("start")  # must not raise
    assert not player.audible
    assert player.status == (
        "sound off: playing failed (Error opening PCM device: Device or resource busy); "
        "using the terminal bell"
    )
    assert bells == [1]
    backend.error = None
    player.play("end")
    assert bells == [1, 1] and backend.played == []  # it does not try the device again


def test_failures_without_a_fallback_and_a_broken_bell_stay_quiet(sounds: dict[str, WaveData]) -> None:
    backend = FakeSimpleaudio()
    backend.error = OSError("gone")
    player = SimpleaudioPlayer(sounds, backend=backend)
    player.play("tick")
    assert player.status == "sound off: playing failed (gone); cues are silent"

    def broken_bell() -> None:
        raise OSError("no terminal")

    player = SimpleaudioPlayer(sounds, backend=backend, fallback=broken_bell)
    player.play("tick")
    player.play("tick")
    bell = BellPlayer(broken_bell)
    bell.play("tick")
    assert bell.status == "sound off: the terminal bell failed"


def test_unknown_cue_rings_the_bell(sounds: dict[str, WaveData]) -> None:
    backend = FakeSimpleaudio()
    bells: list[int] = []
    player = SimpleaudioPlayer(sounds, backend=backend, fallback=lambda: bells.append(1))
    player.play("gong")
    assert bells == [1] and backend.played == [] and player.audible


def test_bell_silent_and_recording_players() -> None:
    bells: list[int] = []
    bell = BellPlayer(lambda: bells.append(1))
    for cue in CUE_NAMES:
        bell.play(cue)
    assert bells == [1] * len(CUE_NAMES) and not bell.audible
    bell.close()
    bell.play("tick")
    assert len(bells) == len(CUE_NAMES)

    silent = SilentPlayer()
    silent.play("tick")
    silent.close()
    assert silent.status == "sound: muted" and not silent.audible

    recorder = RecordingPlayer()
    for cue in ("start", "tick", "finish"):
        recorder.play(cue)
    recorder.close()
    assert recorder.played == ["start", "tick", "finish"] and recorder.closed

    players: list[CuePlayer] = [bell, silent, recorder]  # they all satisfy the protocol (mypy)
    assert all(isinstance(p.status, str) for p in players)


# --------------------------------------------------------------------------------------------------
# Choosing a player


def fake_versions(monkeypatch: pytest.MonkeyPatch, installed: dict[str, str]) -> None:
    def version(name: str) -> str:
        try:
            return installed[name]
        except KeyError:
            raise metadata.PackageNotFoundError(name) from None

    monkeypatch.setattr(metadata, "version", version)


def test_simpleaudio_1_0_4_is_refused_on_python_3_12(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_versions(monkeypatch, {"simpleaudio": "1.0.4"})
    assert simpleaudio_problem((3, 12)) == (
        "simpleaudio 1.0.4 crashes on Python 3.12+; install simpleaudio-patched"
    )
    assert simpleaudio_problem((3, 11)) is None
    fake_versions(monkeypatch, {"simpleaudio": "1.0.4", "simpleaudio-patched": "1.0.5"})
    assert simpleaudio_problem((3, 13)) is None
    fake_versions(monkeypatch, {})
    assert simpleaudio_problem((3, 13)) is None


def test_choose_player_does_not_import_a_crashing_simpleaudio(
    monkeypatch: pytest.MonkeyPatch, sounds: dict[str, WaveData]
) -> None:
    fake_versions(monkeypatch, {"simpleaudio": "1.0.4"})
    monkeypatch.setattr(backends, "_PYTHON", (3, 12))
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.setenv("PATH", "")
    # Were it imported, this would make the import fail and the status say "not installed".
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    bells: list[int] = []
    player = choose_player(sounds, mute=False, bell=lambda: bells.append(1))
    assert isinstance(player, BellPlayer)
    assert player.status == "No sound device: using the bell and flashes"
    assert player.detail == (
        "miniaudio is not installed; simpleaudio 1.0.4 crashes on"
        " Python 3.12+; install simpleaudio-patched; no pw-play, paplay, aplay or afplay"
    )
    player.play("start")
    assert bells == [1]


def test_choose_player_without_simpleaudio(
    monkeypatch: pytest.MonkeyPatch, sounds: dict[str, WaveData]
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.setenv("PATH", "")
    player = choose_player(sounds, mute=False, bell=lambda: None)
    assert isinstance(player, BellPlayer)
    assert player.status == NO_DEVICE_STATUS
    assert "; simpleaudio is not installed; " in player.detail


def test_choose_player_muted(sounds: dict[str, WaveData]) -> None:
    player = choose_player(sounds, mute=True, bell=lambda: None)
    assert isinstance(player, SilentPlayer) and player.status == "sound: muted"


def test_importing_audio_loads_neither_textual_nor_simpleaudio() -> None:
    code = (
        "import sys, unknot.sound.audio, unknot.sound.sounds, unknot.sound.voice;"
        " print(sorted({'textual', 'simpleaudio'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------------
# Real ALSA, in a child process with its own ~/.asoundrc


def alsa_env(home: Path, asoundrc: str) -> dict[str, str]:
    (home / ".asoundrc").write_text(asoundrc)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALSA_")}
    env["PULSE_SERVER"] = f"unix:{home / 'no-pulse-here'}"  # no sound server: ALSA is all there is
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "xdg")  # keep a real user's alsa/asoundrc out of it
    return env


def run_child(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# The file plugin has no clock: a backend that keeps the device open (miniaudio) would write into it as
# fast as it can. Only simpleaudio, which opens the device per sound (a one-shot writer), is tested on it,
# with miniaudio hidden and the size of what was written bounded. The real path is tests/test_sound_pulse.
PLAY_IN_ORDER = """
    import sys, time
    sys.modules["miniaudio"] = None
    from unknot.sound.backends import choose_player
    from unknot.sound.sounds import load_cue_sounds
    sounds = load_cue_sounds()
    bells = []
    player = choose_player(sounds, mute=False, bell=lambda: bells.append(1))
    print(player.status)
    for cue in sys.argv[1].split(","):
        player.play(cue)
        time.sleep(sounds[cue].duration + 0.15)  # let it finish: the next open starts a new file
    player.close()
    print(f"bells={len(bells)} audible={player.audible}")
"""


@pytest.mark.slow
@needs_libasound
@needs_simpleaudio
def test_cues_reach_a_real_alsa_device_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out.raw"
    # `truncate false`: an open that finds the file already there writes out.raw.0001, .0002, ...
    env = alsa_env(
        tmp_path,
        f'pcm.!default {{ type file; slave.pcm "null"; file "{out}"; format "raw"; truncate false }}\n',
    )
    order = ["finish", "tick", "start", "switch", "tick", "halfway", "end"]
    result = run_child(PLAY_IN_ORDER, env, ",".join(order))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["sound: on (default device)", "bells=0 audible=True"]
    assert "ALSA" not in result.stderr

    recordings = sorted(tmp_path.glob("out.raw*"), key=lambda p: (len(p.name), p.name))
    assert [p.name for p in recordings][:2] == ["out.raw", "out.raw.0001"]
    # One-shot writes: each file holds its sound and little more (never a flood from an open device).
    written = sum(p.stat().st_size for p in recordings)
    assert written <= 2 * sum(len(file_frames(cue)) for cue in order) + 65536 * len(order)
    assert len(recordings) == len(order)
    for cue, recording in zip(order, recordings, strict=True):
        assert file_frames(cue) in recording.read_bytes(), f"{recording.name} is not {cue}.wav"


NO_DEVICE = """
    from unknot.sound.audio import recent_alsa_errors
    from unknot.sound.backends import choose_player
    from unknot.sound.sounds import load_cue_sounds
    bells = []
    player = choose_player(load_cue_sounds(), mute=False, bell=lambda: bells.append(1))
    print(player.status, "|", getattr(player, "detail", ""))
    for cue in ("start", "tick", "finish"):
        player.play(cue)
    print(f"bells={len(bells)} audible={player.audible}")
    print(recent_alsa_errors())
"""

UNKNOWN_PCM = 'pcm.!default { type plug; slave.pcm "nosuchpcm" }\n'


@needs_libasound
def test_the_unknown_pcm_config_is_noisy_without_the_handler(tmp_path: Path) -> None:
    # The control for the tests below: this configuration does make libasound print to stderr.
    code = "from unknot.sound import alsa; print(alsa.open_error())"
    result = run_child(code, alsa_env(tmp_path, UNKNOWN_PCM))
    assert result.stdout.strip() == "No such file or directory"
    assert "ALSA lib" in result.stderr


@needs_libasound
def test_silenced_alsa_keeps_stderr_clean_and_keeps_the_messages(tmp_path: Path) -> None:
    code = """
        from unknot.sound import alsa
        print(alsa.silence_alsa_errors(), alsa.silence_alsa_errors())
        print(alsa.open_error())
        print(alsa.recent_errors())
    """
    result = run_child(code, alsa_env(tmp_path, UNKNOWN_PCM))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    idempotent, reason, messages = result.stdout.splitlines()
    assert idempotent == "True True"
    assert reason == "No such file or directory"
    assert "Unknown PCM" in messages


@needs_libasound
@needs_simpleaudio
@pytest.mark.parametrize(
    "asoundrc", [UNKNOWN_PCM, "pcm.!default { type hw; card 99 }\n"], ids=["unknown-pcm", "no-card"]
)
def test_no_device_falls_back_to_the_bell_quietly(tmp_path: Path, asoundrc: str) -> None:
    result = run_child(NO_DEVICE, alsa_env(tmp_path, asoundrc))
    assert result.returncode == 0, result.stderr
    status, counts, _messages = result.stdout.splitlines()
    # One short line for the player's status row; why each backend failed, in the player's detail.
    short, why = status.split(" | ")
    assert short == "No sound device: using the bell and flashes"
    assert why.startswith("miniaudio: no device (failed to init device); ")
    assert "; simpleaudio: no device (" in why
    # Every system player on the PATH was tried too (aplay reaches the same broken ALSA default).
    for name in ("paplay", "aplay"):
        if shutil.which(name):
            assert f"; {name}: no device (" in why
    assert counts == "bells=3 audible=False"
    assert "ALSA" not in result.stderr
    assert result.stderr == ""


# --------------------------------------------------------------------------------------------------
# Speech


def test_voice_without_a_speech_program() -> None:
    voice = Voice(which=lambda name: None)
    assert not voice.available() and voice.engine == ""
    voice.say("next: left piriformis")  # nothing happens, nothing raises
    voice.close()


def fake_speaker(tmp_path: Path) -> tuple[Callable[[str], str | None], Path]:
    log = tmp_path / "said.log"
    program = tmp_path / "espeak-ng"
    program.write_text(f'#!/bin/sh\necho "$$ $*" >> {log}\nexec sleep 30\n')
    program.chmod(0o755)
    return (lambda name: str(program) if name == "espeak-ng" else None), log


# Deadlines on what a child process did, over as soon as it did it: long, for a loaded machine.
CHILD_WAIT_SECONDS = 60


def wait_for_lines(log: Path, count: int) -> list[str]:
    deadline = time.monotonic() + CHILD_WAIT_SECONDS
    while time.monotonic() < deadline:
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.01)
    raise AssertionError(f"expected {count} lines in {log}")


def gone(pid: int) -> bool:
    deadline = time.monotonic() + CHILD_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.01)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_voice_interrupts_itself_and_never_waits(tmp_path: Path) -> None:
    which, log = fake_speaker(tmp_path)
    voice = Voice(which=which)
    assert voice.available() and voice.engine == "espeak-ng"
    voice.say("get ready:   left\npiriformis")
    assert voice.speaking()  # say() came back while the 30 s "speech" goes on: it does not wait for it
    (first,) = wait_for_lines(log, 1)
    assert first.split(" ", 1)[1] == "-- get ready: left piriformis"
    assert voice.speaking()

    voice.say("-starts with a dash")
    second = wait_for_lines(log, 2)[1]
    assert second.split(" ", 1)[1] == "-- -starts with a dash"
    assert gone(int(first.split()[0])), "the first utterance was not stopped"

    voice.close()
    assert gone(int(second.split()[0]))
    assert not voice.speaking() and not voice.available()
    voice.say("after close")
    time.sleep(0.1)
    assert len(log.read_text().splitlines()) == 2
