"""``unknot export --audio``: files read back by the libraries players use, cues found where planned.

WAV is read with the standard ``wave`` module, MP3 with mutagen (length, ID3 ``CHAP`` and ``CTOC``) and
decoded with miniaudio (dr_mp3, a decoder players use); the chapters JSON is compared with ``unknot show
--json`` as another program would read it.
"""

from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import miniaudio
import numpy as np
import numpy.typing as npt
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from unknot.cli import main
from unknot.export.audio import RATES, cue_samples, heard_cues, render
from unknot.export.plan import plan_of, steps
from unknot.export.speech import Speaker
from unknot.export.timeline import app_cues
from unknot.routine_files.discovery import resolve

# Two regions, a switch of sides, a trigger point with phases and a myofascial hold with a breathing
# pace: every kind of sound the export places, in 3:16 on the clock.
ROUTINE = """\
name: Export test <b>&
transition: 5s
segments:
  - region: lumbar
    technique: swedish
    duration: 30s
  - region: piriformis
    technique: trigger_point
    duration: 45s
    sides: both
  - region: gluteal
    technique: myofascial_release
    duration: 60s
    tool: tennis_ball
    position: on_back
"""


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "export-test.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def show_json(ref: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["show", ref, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def silent_speaker(rate: int) -> Speaker:
    return Speaker(rate, which=lambda _name: None)


def onsets(samples: npt.NDArray[np.float32], rate: int, threshold: float = 0.06) -> list[float]:
    """Times where the signal first rises over ``threshold`` after at least 40 ms below it."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return []
    gaps = np.flatnonzero(np.diff(loud) > 0.04 * rate)
    starts = [loud[0], *loud[gaps + 1]]
    return [s / rate for s in starts]


def read_wav(path: Path) -> tuple[npt.NDArray[np.float32], int]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate = wav.getframerate()
        data = wav.readframes(wav.getnframes())
    return np.frombuffer(data, "<i2").astype(np.float32) / 32768.0, rate


def expected_onsets(ref: str, rate: int) -> list[float]:
    """Times of every sound loud enough to detect (the app's cues), checked against the plan: each at
    its planned time, but the finish chime, which ends with the file."""
    routine = resolve(ref)
    plan = plan_of(routine)
    heard = [c for c in heard_cues(plan, routine, cue_samples(routine, rate), rate) if "breath" not in c.name]
    planned = app_cues(plan, routine)
    total = plan["total_seconds"]
    finish = next(c for c in heard if c.name == "finish")
    assert 0 < total - finish.time < 1.5
    assert [c for c in heard if c.name != "finish"] == sorted(
        (c for c in planned if c.time < finish.time), key=lambda c: c.time
    )
    return [c.time for c in heard]


def test_wav_is_the_routine_long_with_every_cue_at_its_planned_time(
    routine_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "session.wav"
    routine = resolve(str(routine_file))
    render(plan_of(routine), routine, target, silent_speaker(RATES[".wav"]))
    samples, rate = read_wav(target)
    total = show_json(str(routine_file), capsys)["total_seconds"]
    assert isinstance(total, int)
    assert abs(len(samples) / rate - total) <= 0.05
    found = onsets(samples, rate)
    planned = expected_onsets(str(routine_file), rate)
    assert len(found) == len(planned)
    for at, want in zip(found, planned, strict=True):
        assert abs(at - want) <= 0.01, (at, want)


def test_mp3_duration_chapters_and_cue_onsets_as_players_read_them(
    routine_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "session.mp3"
    routine = resolve(str(routine_file))
    render(plan_of(routine), routine, target, silent_speaker(RATES[".mp3"]))
    shown = show_json(str(routine_file), capsys)
    total = shown["total_seconds"]
    assert isinstance(total, int)
    assert abs(MP3(str(target)).info.length - total) <= 0.05

    segments = shown["segments"]
    assert isinstance(segments, list)
    tags = ID3(str(target))
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert len(chaps) == len(segments)
    for chap, seg in zip(chaps, segments, strict=True):
        assert abs(chap.start_time / 1000 - (seg["start"] - seg["get_ready"])) <= 0.01
    assert chaps[-1].end_time == total * 1000
    [toc] = tags.getall("CTOC")
    assert list(toc.child_element_ids) == [c.element_id for c in chaps]
    titles = [str(c.sub_frames["TIT2"]) for c in chaps]
    assert titles[1] == "2/4 Left piriformis - trigger point"
    assert titles[0] == "1/4 Lower back - Swedish"

    decoded = miniaudio.decode_file(
        str(target), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATES[".mp3"]
    )
    pcm = np.frombuffer(decoded.samples, np.int16).astype(np.float32) / 32768.0
    assert abs(len(pcm) / decoded.sample_rate - total) <= 0.05
    found = onsets(pcm, decoded.sample_rate, threshold=0.08)
    planned = expected_onsets(str(routine_file), decoded.sample_rate)
    assert len(found) == len(planned)
    for at, want in zip(found, planned, strict=True):
        assert abs(at - want) <= 0.01, (at, want)


def test_chapters_json_matches_show_json(
    routine_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "session.wav"
    capsys.readouterr()
    assert main(["export", str(routine_file), "--audio", str(target)]) == 0
    chapters = json.loads((tmp_path / "session.wav.chapters.json").read_text("utf-8"))
    shown = show_json(str(routine_file), capsys)
    segments = shown["segments"]
    assert isinstance(segments, list)
    assert chapters["version"] == "1.2.0"
    assert [c["startTime"] for c in chapters["chapters"]] == [s["start"] - s["get_ready"] for s in segments]
    assert chapters["chapters"][3]["title"] == "4/4 Buttocks (all glutes) - myofascial release"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (.ci/run installs it)")
def test_speech_is_heard_in_each_setup_and_never_moves_a_cue(routine_file: Path, tmp_path: Path) -> None:
    routine = resolve(str(routine_file))
    plan = plan_of(routine)
    spoken, quiet = tmp_path / "spoken.wav", tmp_path / "quiet.wav"
    render(plan, routine, spoken, Speaker(RATES[".wav"]))
    render(plan, routine, quiet, silent_speaker(RATES[".wav"]))
    with_speech, rate = read_wav(spoken)
    without, _ = read_wav(quiet)
    assert len(with_speech) == len(without)
    for step in steps(plan):
        # The set-up is spoken between its start and the work's start; without speech that span is silent.
        span = slice(int((step.setup_start + 0.3) * rate), int(step.start * rate) - 1)
        assert np.abs(with_speech[span]).max() > 0.05
        if step.number > 1 and step.get_ready:
            # (after the end sound of the step before, which lasts 0.8 s)
            later = slice(int((step.setup_start + 1.0) * rate), int(step.start * rate) - 1)
            assert np.abs(without[later]).max() < 0.01
    # Speech is laid over the cues, never in their place: each cue sounds at its time in both files.
    for cue in heard_cues(plan, routine, cue_samples(routine, rate), rate):
        if "breath" in cue.name:
            continue
        at = int(cue.time * rate)
        assert np.abs(without[at : at + int(0.01 * rate)]).max() > 0.06
        assert np.abs(with_speech[at : at + int(0.01 * rate)]).max() > 0.06


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (.ci/run installs it)")
def test_a_sentence_longer_than_its_slot_is_sped_up_or_cut_to_fit() -> None:
    speaker = Speaker(22050)
    text = "Step 1 of 12. Get the lacrosse ball. Lie on your back, knees bent, feet flat. Left piriformis."
    full = speaker.say(text, 60.0)
    assert full is not None and len(full) / 22050 > 3.0
    short = speaker.say(text, 2.0)
    assert short is not None and 1.0 < len(short) / 22050 <= 2.0


def test_without_a_speech_engine_the_export_says_so_and_keeps_every_cue(
    routine_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    target = tmp_path / "session.wav"
    assert main(["export", str(routine_file), "--audio", str(target)]) == 0
    err = capsys.readouterr().err
    assert "no speech engine" in err
    samples, rate = read_wav(target)
    assert len(onsets(samples, rate)) == len(expected_onsets(str(routine_file), rate))


def test_an_unknown_audio_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "quick-relief-5", "--audio", str(tmp_path / "x.ogg")]) == 2
    assert ".mp3 or .wav" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("ref", ["si-joint-10", "quick-relief-5", "thorough-20", "desk-break-hips"])
def test_the_cue_schedule_is_the_one_the_app_plays(ref: str) -> None:
    """The engine, run on a fake clock and heard through :func:`unknot.session.cues.dispatch`, plays the same
    cues at the same times as the export places from the plan."""
    from itertools import groupby

    from tests.fakes import RecordingCues
    from unknot.session.cues import dispatch
    from unknot.session.engine import Session

    routine = resolve(ref)
    session = Session(routine, clock=lambda: 0.0)
    events = [*session.begin(0.0), *session.poll(float(routine.total_seconds) + 1)]
    heard: list[tuple[float, str]] = []
    for due, group in groupby(events, key=lambda e: e.due):
        recorder = RecordingCues()
        dispatch(recorder, routine, list(group))
        heard += [(due, call.split(":")[0]) for call in recorder.calls if not call.startswith("get_ready")]
    placed = [(cue.time, cue.name) for cue in app_cues(plan_of(routine), routine)]
    assert heard == placed
