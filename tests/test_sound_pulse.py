"""Real sound through a real sound server: a private PulseAudio daemon, its null sink recorded by parec.

Each backend is tried in turn by hiding the ones before it (a module set to None in ``sys.modules`` of
the child, a PATH holding only the later players), and a real ``unknot run --plain`` session's cues are
found in the recording, in order. The recording is 16-bit mono at 44.1 kHz, the cues' own format, and
each cue is found by normalised cross-correlation with its sound (see :mod:`tests.pulse`).
"""

from __future__ import annotations

import importlib.util
import math
import shutil
import subprocess
import sys
import textwrap
import wave
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.fakes import RecordingCues
from tests.pulse import (
    RATE,
    PulseServer,
    correlation,
    find_cues,
    raise_priority,
    samples_of,
    start_pulse,
    stop_pulse,
)
from tests.stalls import mended
from unknot.model.routine import CUE_NAMES
from unknot.routine_files.loader import load_routine
from unknot.session.engine import Session
from unknot.session.runner import SessionRunner
from unknot.sound.sounds import load_cue_sounds, load_sound

DATA = Path(__file__).parent / "data"
SHORT = DATA / "short.yaml"

needs_pulse = pytest.mark.skipif(
    not (shutil.which("pulseaudio") and shutil.which("parec") and shutil.which("pactl")),
    reason="pulseaudio and pulseaudio-utils are not installed (.ci/run installs them)",
)
pytestmark = [needs_pulse]

HAS_SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None
PLAYERS = [name for name in ("pw-play", "paplay", "aplay", "afplay") if shutil.which(name)]


@pytest.fixture(scope="module")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    server = start_pulse(tmp_path_factory.mktemp("pulse"))
    yield server
    stop_pulse(server)


# Each backend and what must be hidden for it to be chosen: modules made unimportable, and the system
# players left on the PATH (None: the PATH as it is).
BACKENDS: dict[str, tuple[list[str], list[str] | None, str]] = {
    "miniaudio": ([], None, "sound: on (miniaudio, PulseAudio)"),
    "simpleaudio": (["miniaudio"], None, "sound: on (default device)"),
}
for _index, _name in enumerate(PLAYERS):
    BACKENDS[_name] = (["miniaudio", "simpleaudio"], PLAYERS[_index:], f"sound: on ({_name})")
BACKENDS["bell"] = (["miniaudio", "simpleaudio"], [], "No sound device: ")

HIDE = """
import sys
for name in sys.argv[1].split(","):
    if name:
        sys.modules[name] = None  # import raises ImportError: as if not installed
sys.argv[1:2] = []
"""


def child_env(pulse: PulseServer, tmp_path: Path, players: list[str] | None) -> dict[str, str]:
    env = pulse.env(tmp_path / "home")
    env["UNKNOT_DATA_DIR"] = str(tmp_path / "data")
    env["UNKNOT_CONFIG_DIR"] = str(tmp_path / "config")
    if players is not None:
        shown = tmp_path / "bin"
        shown.mkdir(exist_ok=True)
        for name in players:
            (shown / name).symlink_to(shutil.which(name) or name)
        env["PATH"] = str(shown)
    return env


def run_hidden(
    body: str, hide: list[str], env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE + textwrap.dedent(body), ",".join(hide), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=raise_priority,
    )


def expected_sounds(routine_path: Path) -> list[str]:
    """The cue sounds a run of the routine plays, in order, from the same runner on a recording fake."""
    now = [0.0]
    cues = RecordingCues()
    runner = SessionRunner(Session(load_routine(routine_path), lambda: now[0]), cues)
    runner.begin()
    while not runner.session.finished:
        wake = runner.next_wakeup()
        assert wake is not None
        now[0] = wake
        runner.wake()
    return [call.partition(":")[0] for call in cues.calls if not call.startswith("get_ready")]


def templates() -> dict[str, np.ndarray]:
    return {cue: samples_of(sound.frames) for cue, sound in load_cue_sounds().items()}


CHOOSE = """
    from unknot.sound.backends import choose_player
    from unknot.sound.sounds import load_cue_sounds
    player = choose_player(load_cue_sounds(), mute=False, bell=lambda: print("bell"))
    print(player.status)
    player.close()
"""


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_each_backend_is_chosen_when_the_ones_before_it_are_hidden(
    pulse: PulseServer, tmp_path: Path, backend: str
) -> None:
    if backend == "simpleaudio" and not HAS_SIMPLEAUDIO:
        pytest.skip("simpleaudio is not installed (the optional `audio` extra)")
    hide, players, status = BACKENDS[backend]
    result = run_hidden(CHOOSE, hide, child_env(pulse, tmp_path, players))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(status), result.stdout
    assert result.stderr == ""


RUN_SESSION = """
    from unknot.cli import main
    sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "bell"])
def test_a_real_session_reaches_the_sound_server_in_order(
    pulse: PulseServer, tmp_path: Path, backend: str
) -> None:
    if backend == "simpleaudio" and not HAS_SIMPLEAUDIO:
        pytest.skip("simpleaudio is not installed (the optional `audio` extra)")
    hide, players, status = BACKENDS[backend]
    env = child_env(pulse, tmp_path, players)
    with pulse.record(tmp_path / "out.raw") as out:
        result = run_hidden(RUN_SESSION, hide, env, "run", str(SHORT), "--plain", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == status
    assert "ALSA" not in result.stderr + result.stdout
    heard = find_cues(samples_of(out.read_bytes()), templates())
    assert [name for _, name, _ in heard] == expected_sounds(SHORT), heard


OVERLAP = """
    import time
    from unknot.sound.backends import choose_player
    from unknot.sound.sounds import load_cue_sounds
    player = choose_player(load_cue_sounds(), mute=False, bell=lambda: print("bell"))
    print(player.status)
    player.play("finish")
    time.sleep(0.2)
    player.play("tick")  # during the finish: heard on top of it
    time.sleep(load_cue_sounds()["finish"].duration + 0.5)
    player.close()
"""


@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
def test_a_tick_during_a_chime_is_mixed_not_cut(pulse: PulseServer, tmp_path: Path) -> None:
    with pulse.record(tmp_path / "out.raw") as out:
        result = run_hidden(OVERLAP, [], child_env(pulse, tmp_path, None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sound: on (miniaudio, PulseAudio)"
    sounds = templates()
    finish, tick = sounds["finish"], sounds["tick"]
    # Sliced where the finish is found, so a stalled player's pause (tests/stalls.py) is mended first.
    recording, _ = mended(samples_of(out.read_bytes()), [finish, tick])
    [(at_finish, _, _)] = find_cues(recording, {"finish": finish})
    start = round(at_finish * RATE)
    got = recording[start : start + len(finish)]
    # Take the finish away: what is left is the tick alone, about 0.2 s in, and nothing else.
    rest = got - finish
    [(at_tick, _, match)] = find_cues(rest, {"tick": tick}, threshold=0.95, mend=False)
    assert 0.15 < at_tick < 0.5
    offset = round(at_tick * RATE)
    assert match > 0.95
    # Not cut: after the tick, the rest of the finish is there, unchanged.
    after = slice(offset + len(tick), len(finish))
    tail = float(
        np.dot(got[after], finish[after]) / (np.linalg.norm(got[after]) * np.linalg.norm(finish[after]))
    )
    assert tail > 0.99, tail


def tone_24_bit(path: Path, freq: float, rate: int = 48000, seconds: float = 0.4) -> Path:
    frames = bytearray()
    for i in range(round(rate * seconds)):
        fade = min(1.0, i / 480, (round(rate * seconds) - i) / 480)
        value = round(0.5 * fade * (2**23 - 1) * math.sin(2 * math.pi * freq * i / rate))
        frames += value.to_bytes(3, "little", signed=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(3)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def pitch(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * RATE / len(samples))


PLAY_ROUTINE_SOUNDS = """
    import time
    from unknot.sound.backends import choose_player
    from unknot.routine_files.loader import load_routine
    from unknot.sound.sounds import load_cue_sounds
    sounds = load_cue_sounds(load_routine(sys.argv[1]).sounds)
    player = choose_player(sounds, mute=False, bell=lambda: print("bell"))
    print(player.status)
    for cue in ("start", "finish"):
        player.play(cue)
        time.sleep(sounds[cue].duration + 0.2)
    player.close()
"""


@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
@pytest.mark.skipif(not shutil.which("sox"), reason="sox makes the OGG and FLAC files")
def test_a_users_24_bit_48k_wav_and_ogg_and_flac_cues_play(pulse: PulseServer, tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    (folder / "sounds").mkdir(parents=True)
    wav = tone_24_bit(folder / "sounds" / "bowl.wav", 660.0)
    source = tone_24_bit(tmp_path / "source.wav", 990.0, rate=44100)
    ogg = folder / "sounds" / "gong.ogg"
    subprocess.run(["sox", str(source), "-b", "16", str(folder / "sounds" / "gong.flac")], check=True)
    subprocess.run(["sox", str(source), str(ogg)], check=True)
    routine = folder / "mine.yaml"
    routine.write_text(
        "name: Mine\nsegments:\n  - region: lumbar\n    technique: swedish\n    duration: 10s\n"
        "sounds:\n  start: sounds/bowl.wav\n  finish: sounds/gong.ogg\n  end: sounds/gong.flac\n"
    )
    # The one rule: the loader accepts them, and they decode to the cues' format at 44.1 kHz.
    loaded = load_routine(routine)
    for cue in ("start", "finish", "end"):
        decoded = load_sound(loaded.sounds[cue])
        assert (decoded.rate, decoded.channels, decoded.sample_width) == (44100, 1, 2)
    assert 0.39 < load_sound(wav).duration < 0.41

    with pulse.record(tmp_path / "out.raw") as out:
        result = run_hidden(PLAY_ROUTINE_SOUNDS, [], child_env(pulse, tmp_path, None), str(routine))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sound: on (miniaudio, PulseAudio)"
    mine = {cue: samples_of(load_sound(loaded.sounds[cue]).frames) for cue in ("start", "finish")}
    # Sliced where each is found, so a stalled player's pause (tests/stalls.py) is mended first.
    recording, _ = mended(samples_of(out.read_bytes()), list(mine.values()))
    heard = find_cues(recording, mine)
    assert [name for _, name, _ in heard] == ["start", "finish"], heard
    # And independently of the decoder: each is heard at the pitch it was made with.
    for (at, cue, _), freq in zip(heard, (660.0, 990.0), strict=True):
        heard_pitch = pitch(recording[round(at * RATE) : round(at * RATE) + len(mine[cue])])
        assert abs(heard_pitch - freq) < 10, (cue, heard_pitch)


def test_every_shipped_cue_is_found_only_as_itself() -> None:
    # The control for the finder the tests above rely on: each cue matches itself and no other cue.
    sounds = templates()
    for cue, sound in sounds.items():
        for other, template in sounds.items():
            if other != cue:
                padded = np.concatenate([np.zeros(len(template)), sound, np.zeros(len(template))])
                assert correlation(padded, template).max() < 0.5, (cue, other)
    gap = np.zeros(RATE // 4)
    recording = np.concatenate([x for cue in CUE_NAMES for x in (sounds[cue], gap)])
    assert [name for _, name, _ in find_cues(recording, sounds)] == list(CUE_NAMES)


@pytest.mark.slow  # seconds of real time or many frames: in make test, not test-fast
def test_the_recording_is_not_silence_by_accident(pulse: PulseServer, tmp_path: Path) -> None:
    # The control for the recordings: nothing played, nothing found.
    with pulse.record(tmp_path / "out.raw") as out:
        pass
    data = array("h", out.read_bytes())
    assert not find_cues(samples_of(data.tobytes()), templates())
