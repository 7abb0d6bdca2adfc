"""The new players on fakes: the mixer's arithmetic, the miniaudio player's device handling and failure,
and the spawned system player's failure. The real sound path is tests/test_sound_pulse.py."""

from __future__ import annotations

import stat
import sys
import threading
from array import array
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from unknot.sound.mixer import MiniaudioPlayer, Mixer
from unknot.sound.sounds import WaveData
from unknot.sound.spawn import SpawnPlayer, find_programs, probe


def pcm(*samples: int) -> bytes:
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def ints(data: bytes) -> list[int]:
    out = array("h", data)
    if sys.byteorder == "big":
        out.byteswap()
    return list(out)


def test_one_voice_passes_through_and_two_are_summed_and_clamped() -> None:
    mixer = Mixer()
    assert mixer.mix(4) == b""
    mixer.add("start", pcm(1, 2, 3, 4, 5, 6))
    assert ints(mixer.mix(4)) == [1, 2, 3, 4]
    mixer.add("tick", pcm(10, 32767, -32768))
    assert ints(mixer.mix(4)) == [15, 32767, -32768]  # 5+10, 6+32767 clamped, -32768 alone
    assert not mixer.busy
    assert mixer.mix(4) == b""


def test_a_cue_replaces_its_own_voice_only() -> None:
    mixer = Mixer()
    mixer.add("tick", pcm(1, 1, 1, 1))
    mixer.add("start", pcm(100, 100, 100, 100))
    assert ints(mixer.mix(2)) == [101, 101]
    mixer.add("tick", pcm(7, 7, 7, 7))  # a new tick starts over; the chime goes on
    assert ints(mixer.mix(2)) == [107, 107]
    assert ints(mixer.mix(4)) == [7, 7]


class FakeDevice:
    backend = "PulseAudio"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.starts = 0
        self.stops = 0
        self.closed = False
        self.stream: Generator[bytes, int, None] | None = None
        self.stopped = threading.Event()

    def start(self, stream: Generator[bytes, int, None]) -> None:
        if self.fail:
            raise RuntimeError("failed to start audio device")
        self.starts += 1
        self.stream = stream

    def stop(self) -> None:
        self.stops += 1
        self.stream = None
        self.stopped.set()

    def close(self) -> None:
        self.closed = True


SOUNDS = {"start": WaveData(pcm(5, 5, 5, 5), 1, 2, 44100), "tick": WaveData(pcm(1, 1), 1, 2, 44100)}


def test_the_device_starts_at_a_cue_mixes_and_stops_once_quiet() -> None:
    device = FakeDevice()
    player = MiniaudioPlayer(SOUNDS, device, idle_seconds=0.05)
    assert player.status == "sound: on (miniaudio, PulseAudio)" and player.audible
    player.play("start")
    player.play("tick")
    assert device.starts == 1  # one device for both
    assert device.stream is not None
    assert ints(device.stream.send(4)) == [6, 6, 5, 5]
    assert device.stream.send(4) == b""
    assert device.stopped.wait(30), "the device was never stopped once quiet"
    player.play("tick")  # started again for the next cue
    assert device.starts == 2
    player.close()
    assert device.closed


def test_a_device_that_fails_turns_into_the_bell() -> None:
    rings: list[int] = []
    player = MiniaudioPlayer(SOUNDS, FakeDevice(fail=True), fallback=lambda: rings.append(1))
    player.play("start")
    player.play("tick")
    assert not player.audible
    assert player.status == (
        "sound off: playing failed (failed to start audio device); using the terminal bell"
    )
    assert rings == [1, 1]
    player.close()


def program(folder: Path, name: str, code: int) -> list[str]:
    path = folder / name
    path.write_text(f"#!/bin/sh\nexit {code}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return [str(path)]


def test_a_failing_system_player_is_refused_at_the_probe(tmp_path: Path) -> None:
    assert probe(program(tmp_path, "paplay", 1), tmp_path) == "exit status 1"
    works: Any = probe(program(tmp_path, "aplay", 0), tmp_path)
    assert not isinstance(works, str) and works.returncode == 0


def test_a_system_player_that_starts_failing_turns_into_the_bell(tmp_path: Path) -> None:
    rings: list[int] = []
    player = SpawnPlayer(SOUNDS, program(tmp_path, "paplay", 3), fallback=lambda: rings.append(1))
    assert player.status == "sound: on (paplay)"
    player.play("start")
    for process in list(player._running.values()):
        process.wait(timeout=30)
    player.play("tick")  # notices the first one's exit status
    assert not player.audible
    assert player.status == "sound off: playing failed (paplay exited with status 3); using the terminal bell"
    assert rings == [1]
    player.close()


def test_find_programs_keeps_the_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("afplay", "aplay", "paplay"):
        program(tmp_path, name, 0)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert [Path(c[0]).name for c in find_programs()] == ["paplay", "aplay", "afplay"]
    assert find_programs()[1][1:] == ["-q"]
