"""A player the machine keeps from running, mid-sound: the server waits for it, and the sound goes on.

On a loaded machine a player's thread can miss its turn for longer than the sound server holds in its
buffer. This test makes that happen on purpose (SIGSTOP for 0.6 s a second into a 5 s sweep, played by
the real cue player into the private PulseAudio of :mod:`tests.pulse`) and checks what the sound tests'
set-up relies on: the server does not drop the rest of a late player's sound, it waits for it (exact
digital silence) and then plays it, so a stall delays a cue and never silences it. The few milliseconds
the server does drop (as a stream starts, and where it ran dry) are bounded, and the finder the sound
tests use (:func:`tests.pulse.find_cues`, which mends such pauses: :mod:`tests.stalls`) finds the sound
whole. A recording made up the same way checks the finder alone: a chime cut in two is found where it
began, before the tick in its tail, and a chime never played is not found.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.pulse import (
    RATE,
    PulseServer,
    find_cues,
    raise_priority,
    samples_of,
    start_pulse,
    stop_pulse,
)
from tests.test_sound_pulse import child_env, needs_pulse, templates

SECONDS = 5.0
STOPPED = 0.6  # longer than the 150 ms the player keeps in the server's buffer
LOST_AT_MOST = 0.1  # seconds of the sweep the server may drop (heard: 22 ms, as it starts and at the stall)

PLAY = """
    import sys, time
    from pathlib import Path
    from unknot.sound.backends import choose_player
    from unknot.sound.sounds import load_sound
    player = choose_player({"sweep": load_sound(Path(sys.argv[1]))}, mute=False, bell=lambda: print("bell"))
    print(player.status, flush=True)
    player.play("sweep")
    print("playing", flush=True)
    time.sleep(float(sys.argv[2]))
    player.close()
"""


def sweep() -> np.ndarray:
    """A rising sweep, 300 Hz to 1.5 kHz: no stretch of it matches another, so a half is not the whole."""
    t = np.arange(round(SECONDS * RATE)) / RATE
    phase = 2 * np.pi * (300 * t + (1500 - 300) * t**2 / (2 * SECONDS))
    fade = np.minimum(1.0, np.minimum(t, SECONDS - t) / 0.01)
    return np.round(0.5 * 32767 * fade * np.sin(phase))


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())
    return path


def longest_silence_inside(recording: np.ndarray) -> int:
    """The longest run of zero samples between the first and the last sound of the recording."""
    loud = np.flatnonzero(recording)
    inside = recording[loud[0] : loud[-1] + 1] == 0
    edges = np.diff(np.concatenate([[0], inside.astype(np.int8), [0]]))
    return int(max(np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1), default=0))


@needs_pulse
@pytest.mark.slow  # seconds of real time: in make test, not test-fast
def test_a_player_stopped_mid_sound_is_heard_whole_after_a_pause(tmp_path: Path) -> None:
    server: PulseServer = start_pulse(tmp_path / "pulse")
    try:
        sound = sweep()
        wav = write_wav(tmp_path / "sweep.wav", sound)
        env = child_env(server, tmp_path, None)
        command = [sys.executable, "-c", textwrap.dedent(PLAY), str(wav), str(SECONDS + STOPPED + 1)]
        with server.record(tmp_path / "out.raw") as out:
            child = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, text=True, preexec_fn=raise_priority
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "sound: on (miniaudio, PulseAudio)"
            assert child.stdout.readline().strip() == "playing"
            # The stimulus, not a wait: a second into the 5 s sweep (later on a loaded machine, still
            # inside it), the player does not run for 0.6 s.
            time.sleep(1.0)
            child.send_signal(signal.SIGSTOP)
            time.sleep(STOPPED)
            child.send_signal(signal.SIGCONT)
            assert child.wait(timeout=60) == 0
        recording = samples_of(out.read_bytes())
    finally:
        stop_pulse(server)

    # The server waited: a stretch of digital silence inside the sound, as long as the player was stopped
    # less what it had buffered.
    assert longest_silence_inside(recording) >= round(0.3 * RATE)
    # And then played the rest: all but a few milliseconds of the sweep are in the recording, the last of
    # them where the sweep ends (a sound cut short would end early).
    heard = np.flatnonzero(recording)
    assert len(heard) >= len(sound) - LOST_AT_MOST * RATE, (len(heard), len(sound))
    end = recording[heard[-1] - RATE // 10 : heard[-1] + 1]
    tail = sound[len(sound) - len(end) :]
    assert float(np.dot(end, tail) / (np.linalg.norm(end) * np.linalg.norm(tail))) > 0.95
    # The finder the sound tests use mends the pause: the sweep is found once, whole, where it began.
    [(at, name, match)] = find_cues(recording, {"sweep": sound})
    assert name == "sweep" and match > 0.95, match
    assert at == pytest.approx(heard[0] / RATE, abs=0.05)


def stalled(sounds: dict[str, np.ndarray], *, halfway: bool = True) -> np.ndarray:
    """A halfway chime and a tick in its tail, as a stalled player gets them recorded: in the middle of
    the chime, before the tick, the server waits 0.3 s and drops 65 samples (as heard under load)."""
    stream = np.zeros(2 * RATE)
    if halfway:
        stream[RATE // 4 : RATE // 4 + len(sounds["halfway"])] += sounds["halfway"]
    stream[3 * RATE // 4 : 3 * RATE // 4 + len(sounds["tick"])] += sounds["tick"]
    cut = RATE // 2
    return np.concatenate([stream[:cut], np.zeros(3 * RATE // 10), stream[cut + 65 :]])


def test_a_cue_a_stall_cut_in_two_is_found_whole_in_order_and_an_unplayed_one_is_not() -> None:
    sounds = templates()
    heard = find_cues(stalled(sounds), sounds)
    # Without mending, the chime's tail matched better than the chime cut in two: found after the tick.
    assert [name for _, name, _ in heard] == ["halfway", "tick"], heard
    assert heard[0][0] == pytest.approx(0.25, abs=0.001) and heard[0][2] > 0.95
    assert [name for _, name, _ in find_cues(stalled(sounds, halfway=False), sounds)] == ["tick"]
