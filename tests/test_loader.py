"""The routine loader: every way a file can be wrong points at a place and says how to fix it."""

from __future__ import annotations

import hashlib
import os
import re
import wave
from pathlib import Path

import pytest

from unknot import paths
from unknot.errors import RoutineError
from unknot.model import catalog
from unknot.model.routine import CUE_NAMES, DurationError, Routine, parse_duration
from unknot.paths import builtin_routines_dir
from unknot.routine_files.discovery import RoutineEntry, UnknownRoutine, discover, resolve
from unknot.routine_files.loader import LINT_IDS, load_routine, parse_routine, validate_paths

DATA = Path(__file__).parent / "data"
BAD = sorted((DATA / "bad").glob("*.yaml"))
EXPECT = re.compile(rb"# expect: (\d+):(\d+): (.*)")

VALID = b"""\
name: Valid
segments:
  - region: lumbar
    technique: swedish
    duration: 60s
"""


@pytest.fixture(autouse=True)
def _no_user_sounds(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the developer's own data folder out of sound lookups and discovery.
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("UNKNOT_ROUTINES_DIR", raising=False)


def write_wav(path: Path, width: int = 2, frames: int = 8) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(width)
        wav.setframerate(8000)
        wav.writeframes(b"\x00" * width * frames)
    return path


def routine_text(extra: str = "", name: str = "Test") -> str:
    return f"name: {name}\nsegments:\n  - region: lumbar\n    technique: swedish\n    duration: 60s\n" + extra


# ------------------------------------------------------------------------------------------ bad files


def test_there_is_a_bad_file_for_every_case() -> None:
    names = {path.stem for path in BAD}
    for case in [
        "unknown_key",
        "duplicate_key",
        "wrong_type_duration",
        "zero_duration",
        "negative_duration",
        "over_an_hour",
        "unknown_region",
        "unknown_technique",
        "bad_sides",
        "bad_pressure",
        "empty_segments",
        "missing_segments",
        "missing_name",
        "anchor",
        "alias",
        "deep_nesting",
        "non_utf8",
        "nul_byte",
        "syntax_error",
        "multiple_documents",
        "top_level_list",
        "bad_transition",
        "sound_escape",
        "sound_absolute",
        "sound_not_wav",
        "unknown_cue",
        "unknown_lint_id",
    ]:
        assert case in names


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_bad_file(path: Path) -> None:
    # The expectation is the first line of the file, as bytes: some files are not valid UTF-8.
    first_line = path.read_bytes().split(b"\n", 1)[0]
    match = EXPECT.fullmatch(first_line)
    assert match, f"{path.name} needs a first line '# expect: LINE:COL: message'"
    line, column, fragment = int(match[1]), int(match[2]), match[3].decode()

    with pytest.raises(RoutineError) as caught:
        load_routine(path)

    error = caught.value
    assert error.path == path
    assert fragment in error.message
    assert (error.line, error.column) == (line, column), str(error)
    assert str(error).startswith(f"{path}:{line}:{column}: ")


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_bad_file_is_reported_by_validate_paths(path: Path) -> None:
    errors = validate_paths([path])
    assert errors
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(errors[0]) == str(caught.value)


def test_error_messages_say_how_to_fix() -> None:
    for path in BAD:
        with pytest.raises(RoutineError) as caught:
            load_routine(path)
        message = caught.value.message
        assert any(s in message for s in (";", "?", "must be")), f"{path.name}: {message} gives no fix"


# ----------------------------------------------------------------------------------------- good files


def test_every_duration_spelling_is_ninety_seconds() -> None:
    routine = load_routine(DATA / "good" / "durations.yaml")
    assert [segment.seconds for segment in routine.segments] == [90] * 9


def test_sides() -> None:
    routine = load_routine(DATA / "good" / "sides.yaml")
    assert [segment.sides for segment in routine.segments] == ["both", "left", "right", "none", "none"]
    assert routine.transition == 0
    assert len(routine.steps) == 6


def test_sounds_resolve_inside_the_routine_folder() -> None:
    routine = load_routine(DATA / "good" / "sounds.yaml")
    expected = (DATA / "good" / "sounds" / "ok.wav").resolve()
    assert dict(routine.sounds) == {"start": expected, "finish": expected}
    assert set(routine.sounds) <= set(CUE_NAMES)


def test_full_routine() -> None:
    path = DATA / "good" / "full.yaml"
    routine = load_routine(path)
    assert routine.id == "full"
    assert routine.source == path
    assert routine.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert routine.name == "Everything, once"
    assert routine.description.startswith("A routine that uses every key")
    assert routine.transition == 60
    assert routine.lint_ignore == frozenset({"no-warm-up", "unpaired-side"})
    first, second = routine.segments
    assert (first.region, first.technique, first.seconds, first.sides) == (
        "gluteus_medius",
        "trigger_point",
        45,
        "both",
    )
    assert (first.tool, first.pressure) == ("lacrosse_ball", "moderate")
    assert first.note == "Lean into the tender spot and breathe out slowly."
    assert first.line == 7
    assert (second.region, second.seconds, second.pressure, second.line) == (
        "hamstrings",
        3600,
        "firm",
        14,
    )


def test_short_routine_for_end_to_end_tests() -> None:
    routine = load_routine(DATA / "short.yaml")
    assert routine.transition == 2
    assert [(s.region, s.technique, s.seconds) for s in routine.segments] == [
        ("lumbar", "swedish", 3),
        ("piriformis", "trigger_point", 3),
    ]
    assert [(step.region, step.side) for step in routine.steps] == [
        ("lumbar", "none"),
        ("piriformis", "left"),
        ("piriformis", "right"),
    ]
    assert routine.total_seconds == 15


def test_defaults() -> None:
    routine = parse_routine(VALID, Path("some/where/valid.yaml"))
    assert routine.id == "valid"
    assert routine.description == ""
    assert routine.transition == 5
    assert dict(routine.sounds) == {}
    assert routine.lint_ignore == frozenset()
    segment = routine.segments[0]
    assert (segment.sides, segment.tool, segment.pressure, segment.note) == ("none", None, None, None)
    assert segment.line == 3


def test_parse_routine_takes_an_id() -> None:
    routine = parse_routine(VALID, Path("x.yaml"), routine_id="other")
    assert routine.id == "other"
    assert routine.source == Path("x.yaml")
    assert routine.content_hash == hashlib.sha256(VALID).hexdigest()


def test_quoted_keys_and_flow_style_are_fine() -> None:
    data = b'{"name": Flow, segments: [{region: lumbar, technique: swedish, "duration": 1m}]}'
    routine = parse_routine(data, Path("flow.yaml"))
    assert routine.segments[0].seconds == 60


def test_byte_order_mark_and_crlf_line_endings() -> None:
    data = b"\xef\xbb\xbf" + VALID.replace(b"\n", b"\r\n")
    assert parse_routine(data, Path("bom.yaml")).name == "Valid"
    broken = b"\xef\xbb\xbf" + VALID.replace(b"swedish", b"swedsh").replace(b"\n", b"\r\n")
    with pytest.raises(RoutineError) as caught:
        parse_routine(broken, Path("bom.yaml"))
    assert (caught.value.line, caught.value.column) == (4, 16)


def test_utf16_file_gets_a_hint() -> None:
    data = VALID.decode().encode("utf-16")
    with pytest.raises(RoutineError, match="UTF-16"):
        parse_routine(data, Path("wide.yaml"))


def test_unicode_text_is_kept() -> None:
    data = routine_text(name="Détente du bas du dos, 10 min 🙂").encode()
    assert parse_routine(data, Path("fr.yaml")).name == "Détente du bas du dos, 10 min 🙂"


def test_column_counts_characters_not_bytes() -> None:
    data = "name: x\nsegments:\n  - {note: é, region: glutes, technique: swedish, duration: 1m}\n"
    with pytest.raises(RoutineError) as caught:
        parse_routine(data.encode(), Path("x.yaml"))
    assert (caught.value.line, caught.value.column) == (3, 23)


def test_region_ids_come_from_the_catalog_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    data = routine_text().replace("lumbar", "neck").encode()
    with pytest.raises(RoutineError, match="unknown region 'neck'"):
        parse_routine(data, Path("x.yaml"))
    monkeypatch.setattr(catalog, "REGIONS", {**catalog.REGIONS, "neck": catalog.REGIONS["lumbar"]})
    assert parse_routine(data, Path("x.yaml")).segments[0].region == "neck"


def test_unknown_region_without_close_match_lists_all_ids() -> None:
    data = routine_text().replace("lumbar", "zzz").encode()
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, Path("x.yaml"))
    for region in catalog.REGIONS:
        assert region in caught.value.message


def test_lint_ids() -> None:
    assert LINT_IDS == (
        "no-warm-up",
        "region-over-40",
        "short-segment",
        "unpaired-side",
        "dose",
        "setup-words",
    )
    data = routine_text("lint:\n  ignore: [" + ", ".join(LINT_IDS) + "]\n").encode()
    assert parse_routine(data, Path("x.yaml")).lint_ignore == frozenset(LINT_IDS)


def test_duration_bounds() -> None:
    for text, seconds in [("1", 1), ("3600", 3600), ("60m", 3600), ('"1:00:00"', 3600)]:
        data = routine_text().replace("60s", text).encode()
        assert parse_routine(data, Path("x.yaml")).segments[0].seconds == seconds
    for text in ["3601", "0", "-1", "0:00", "true", "null", "~", "[]", "{}", "1e3", ".inf", "2h"]:
        data = routine_text().replace("60s", text).encode()
        with pytest.raises(RoutineError) as caught:
            parse_routine(data, Path("x.yaml"))
        assert (caught.value.line, caught.value.column) == (5, 15), text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # YAML 1.1 reads these unquoted as numbers (16, 3, 10, octal 16, 65); the source text tells.
        ("0x10", "'0x10' is a hexadecimal number; durations are decimal, so write 16s"),
        ("0b11", "'0b11' is a binary number; durations are decimal, so write 3s"),
        ("1_0", "'1_0' has '_' between its digits; write the digits alone, like 10s"),
        ("1_0:30", "'1_0:30' has '_' between its digits; write the digits alone, like \"10:30\""),
        ("020", "'020' has a leading zero, so YAML reads it as the octal number 16; write 20s"),
        ("1:5", 'not a clock time; write minutes and two-digit seconds in quotes, like "1:05"'),
        ("+1:30", 'not a clock time; write minutes and two-digit seconds in quotes, like "1:30"'),
        ("1:30.0", 'not a clock time; write minutes and two-digit seconds in quotes, like "1:30"'),
        # Text, quoted or not.
        ("0o20", "'0o20' is an octal number; durations are decimal, so write 16s"),
        ('"0x10"', "'0x10' is a hexadecimal number"),
        ('"1_0s"', "cannot read duration '1_0s' as a time"),
        ('"٩٠"', "'٩٠' uses digits other than 0-9; write it with the digits 0-9, like 90s"),
        ("１２s", "'１２s' uses digits other than 0-9; write it with the digits 0-9, like 90s"),
        ('"1 2"', "cannot read duration '1 2' as a time"),
        ('"1: 30"', "cannot read duration '1: 30' as a time"),
        ('"90\\t"', "cannot read duration"),
    ],
)
def test_durations_in_odd_spellings_are_refused(text: str, message: str) -> None:
    data = routine_text().replace("60s", text).encode()
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, Path("x.yaml"))
    assert (caught.value.line, caught.value.column) == (5, 15)
    assert message in caught.value.message


def test_spaces_around_units_are_fine() -> None:
    for text, seconds in [("90 s", 90), ("1m 30s", 90), ("2 min", 120), ("1h 0m", 3600), ('" 1 M 5 s "', 65)]:
        data = routine_text().replace("60s", text).encode()
        assert parse_routine(data, Path("x.yaml")).segments[0].seconds == seconds, text
    assert parse_duration("1 h 0 m 0 s") == 3600
    for text in ["١٢", "１２", "0x10", "1_0", "1 2", "9 0s", "ſ90"]:
        with pytest.raises(DurationError):
            parse_duration(text)


def test_transition_bounds() -> None:
    for text, seconds in [("0", 0), ("2s", 2), ("120", 120), ("2m", 120)]:
        data = routine_text(f"transition: {text}\n").encode()
        assert parse_routine(data, Path("x.yaml")).transition == seconds
    for text in ["121", "-1", "abc", "[5]"]:
        data = routine_text(f"transition: {text}\n").encode()
        with pytest.raises(RoutineError, match="transition"):
            parse_routine(data, Path("x.yaml"))


# ------------------------------------------------------------------------------------ all the errors


def test_validate_paths_collects_independent_errors_sorted_by_line(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "name: Many problems\n"
        "segments:\n"
        "  - region: glutes\n"
        "    technique: swedish\n"
        "    duration: 0\n"
        "  - region: lumbar\n"
        "    techniqe: swedish\n"
        "    duration: 60s\n"
        "    duration: 90s\n"
        "pressure: firm\n"
    )
    good = DATA / "short.yaml"
    errors = validate_paths([path, good, str(DATA / "bad" / "alias.yaml")])
    mine = [(e.line, e.column) for e in errors if e.path == path]
    # The segment with 'techniqe' is not also reported as missing its technique.
    assert mine == [(3, 13), (5, 15), (7, 5), (9, 5), (10, 1)]
    assert [str(e.path) for e in errors].count(str(DATA / "bad" / "alias.yaml")) == 1
    assert not [e for e in errors if e.path == good]
    # parse_routine raises the first of them.
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert (caught.value.line, caught.value.column) == (3, 13)


def test_validate_paths_of_good_files_is_empty() -> None:
    assert validate_paths(sorted((DATA / "good").glob("*.yaml"))) == []


# ------------------------------------------------------------------------------- files that are not


def test_file_over_256_kib(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(VALID + b"# " + b"x" * (256 * 1024) + b"\n")
    with pytest.raises(RoutineError, match="at most 256 KiB") as caught:
        load_routine(path)
    assert (caught.value.line, caught.value.column) == (1, 1)
    with pytest.raises(RoutineError, match="at most 256 KiB"):
        parse_routine(path.read_bytes(), path)


def test_file_of_exactly_256_kib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    padding = 256 * 1024 - len(VALID) - 3
    path.write_bytes(VALID + b"# " + b"x" * padding + b"\n")
    assert path.stat().st_size == 256 * 1024
    assert load_routine(path).name == "Valid"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="no such file") as caught:
        load_routine(tmp_path / "nope.yaml")
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="folder"):
        load_routine(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RoutineError, match="not a regular file"):
        load_routine(fifo)


def test_path_as_str() -> None:
    assert load_routine(str(DATA / "short.yaml")).id == "short"


# ---------------------------------------------------------------------------------------------- sounds


def test_sound_symlink_outside_the_allowed_folders(tmp_path: Path) -> None:
    outside = write_wav(tmp_path / "elsewhere" / "bell.wav")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "bell.wav").symlink_to(outside)
    path = folder / "linked.yaml"
    path.write_text(routine_text("sounds:\n  start: bell.wav\n"))
    with pytest.raises(RoutineError, match="outside the routine's folder") as caught:
        load_routine(path)
    assert (caught.value.line, caught.value.column) == (7, 10)


def test_sound_symlink_inside_is_fine(tmp_path: Path) -> None:
    real = write_wav(tmp_path / "sounds" / "bell.wav")
    (tmp_path / "bell.wav").symlink_to(real)
    path = tmp_path / "linked.yaml"
    path.write_text(routine_text("sounds:\n  start: bell.wav\n"))
    assert load_routine(path).sounds["start"] == real.resolve()


def test_sound_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.wav").symlink_to(tmp_path / "b.wav")
    (tmp_path / "b.wav").symlink_to(tmp_path / "a.wav")
    path = tmp_path / "loop.yaml"
    path.write_text(routine_text("sounds:\n  start: a.wav\n"))
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert (caught.value.line, caught.value.column) == (7, 10)


def test_sound_over_2_mib(tmp_path: Path) -> None:
    write_wav(tmp_path / "long.wav", frames=1024 * 1024 + 10)
    path = tmp_path / "long.yaml"
    path.write_text(routine_text("sounds:\n  finish: long.wav\n"))
    with pytest.raises(RoutineError, match="at most 2 MiB") as caught:
        load_routine(path)
    assert (caught.value.line, caught.value.column) == (7, 11)


def test_sound_from_the_user_and_builtin_sound_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    builtin = tmp_path / "builtin"
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(data_dir))
    monkeypatch.setattr(paths, "builtin_sounds_dir", lambda: builtin)
    mine = write_wav(data_dir / "sounds" / "mine.wav")
    shipped = write_wav(builtin / "bell.wav")
    routine_dir = tmp_path / "routines"
    routine_dir.mkdir()
    path = routine_dir / "r.yaml"
    path.write_text(routine_text("sounds:\n  start: mine.wav\n  end: bell.wav\n"))
    routine = load_routine(path)
    assert routine.sounds == {"start": mine.resolve(), "end": shipped.resolve()}


def test_sound_next_to_the_routine_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = tmp_path / "builtin"
    monkeypatch.setattr(paths, "builtin_sounds_dir", lambda: builtin)
    write_wav(builtin / "bell.wav")
    local = write_wav(tmp_path / "routines" / "bell.wav")
    path = tmp_path / "routines" / "r.yaml"
    path.write_text(routine_text("sounds:\n  start: bell.wav\n"))
    assert load_routine(path).sounds["start"] == local.resolve()


def test_windows_style_sound_paths_are_refused() -> None:
    for value in ["'C:\\sounds\\bell.wav'", "'..\\bell.wav'", "'\\\\server\\share\\bell.wav'"]:
        data = routine_text(f"sounds:\n  start: {value}\n").encode()
        with pytest.raises(RoutineError) as caught:
            parse_routine(data, DATA / "good" / "x.yaml")
        assert (caught.value.line, caught.value.column) == (7, 10), value


def test_every_cue_name_may_have_a_sound() -> None:
    block = "".join(f"  {cue}: sounds/ok.wav\n" for cue in CUE_NAMES)
    data = routine_text("sounds:\n" + block).encode()
    routine = parse_routine(data, DATA / "good" / "cues.yaml")
    assert set(routine.sounds) == set(CUE_NAMES)


# ------------------------------------------------------------------------------------------- discovery


def make_routine(folder: Path, name: str, title: str = "A routine", text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(routine_text(name=title) if text is None else text)
    return path


def test_discover_shadowing(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    make_routine(builtin, "alpha.yaml", "Built-in alpha")
    make_routine(builtin, "beta.yaml", "Built-in beta")
    make_routine(user, "beta.yaml", "My beta")
    make_routine(user, "gamma.yml", "My gamma")

    entries = discover(user_dir=user, builtin_dir=builtin)

    assert [(e.id, e.source, e.shadowed, e.shadows) for e in entries] == [
        ("alpha", "built-in", False, False),
        ("beta", "built-in", True, False),
        ("beta", "user", False, True),
        ("gamma", "user", False, False),
    ]
    assert all(isinstance(e, RoutineEntry) and e.error is None for e in entries)
    names = {(e.id, e.source): e.routine.name for e in entries if e.routine}
    assert names[("beta", "user")] == "My beta"
    assert entries[3].path == user / "gamma.yml"


def test_discover_broken_user_file_is_an_entry_with_its_error(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    make_routine(builtin, "alpha.yaml")
    make_routine(user, "alpha.yaml", text="name: [broken\n")
    make_routine(user, "binary.yaml", text="")
    (user / "binary.yaml").write_bytes(b"\x00\xff\xfe")
    (user / "folder.yaml").mkdir()

    entries = discover(user_dir=user, builtin_dir=builtin)

    by_key = {(e.id, e.source): e for e in entries}
    broken = by_key[("alpha", "user")]
    assert broken.routine is None
    assert broken.error is not None
    assert broken.error.path == user / "alpha.yaml"
    assert broken.shadows
    assert by_key[("alpha", "built-in")].shadowed
    assert by_key[("binary", "user")].error is not None
    assert by_key[("folder", "user")].error is not None


def test_discover_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "elsewhere"
    make_routine(user, "mine.yaml")
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(user))
    entries = discover(builtin_dir=tmp_path / "no-builtins")
    assert [(e.id, e.source) for e in entries] == [("mine", "user")]


def test_discover_missing_folders_and_other_files(tmp_path: Path) -> None:
    assert discover(user_dir=tmp_path / "a", builtin_dir=tmp_path / "b") == []
    user = tmp_path / "user"
    make_routine(user, "real.yaml")
    make_routine(user, ".hidden.yaml")
    make_routine(user, "notes.txt")
    entries = discover(user_dir=user, builtin_dir=tmp_path / "b")
    assert [e.id for e in entries] == ["real"]


def test_discover_same_id_twice_in_one_folder(tmp_path: Path) -> None:
    user = tmp_path / "user"
    make_routine(user, "twice.yaml", "First")
    make_routine(user, "twice.yml", "Second")
    entries = discover(user_dir=user, builtin_dir=tmp_path / "none")
    assert [(e.path.name, e.routine is not None) for e in entries] == [
        ("twice.yaml", True),
        ("twice.yml", False),
    ]
    assert entries[1].error is not None
    assert "same id" in entries[1].error.message


def test_discover_builtin_routines_load() -> None:
    for entry in discover(user_dir=Path("/nonexistent/unknot")):
        assert entry.source == "built-in"
        assert entry.error is None, str(entry.error)


# --------------------------------------------------------------------------------------------- resolve


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    make_routine(builtin, "si-joint-10.yaml", "Built-in SI joint")
    make_routine(builtin, "quick.yaml", "Built-in quick")
    make_routine(user, "quick.yaml", "My quick")
    make_routine(user, "broken.yaml", text="name: Broken\nsegments: []\n")
    return user, builtin


def test_resolve_by_id_prefers_the_user(folders: tuple[Path, Path]) -> None:
    user, builtin = folders
    assert resolve("quick", user_dir=user, builtin_dir=builtin).name == "My quick"
    assert resolve("si-joint-10", user_dir=user, builtin_dir=builtin).name == "Built-in SI joint"


def test_resolve_uses_the_environment_variable(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    user, builtin = folders
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(user))
    assert resolve("quick", builtin_dir=builtin).name == "My quick"


def test_resolve_a_path(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    user, builtin = folders
    assert resolve(str(DATA / "short.yaml"), user_dir=user, builtin_dir=builtin).id == "short"
    monkeypatch.chdir(DATA)
    assert resolve("short.yaml", user_dir=user, builtin_dir=builtin).id == "short"


def test_resolve_a_file_without_extension(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bare name that is no routine's id but names a file here.
    user, builtin = folders
    (tmp_path / "plain").write_bytes(VALID)
    monkeypatch.chdir(tmp_path)
    assert resolve("plain", user_dir=user, builtin_dir=builtin).id == "plain"
    # An id wins over a file of the same name.
    (tmp_path / "quick").write_bytes(VALID)
    assert resolve("quick", user_dir=user, builtin_dir=builtin).name == "My quick"


def test_resolve_unknown_id(folders: tuple[Path, Path]) -> None:
    user, builtin = folders
    with pytest.raises(UnknownRoutine) as caught:
        resolve("si-joint", user_dir=user, builtin_dir=builtin)
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.ref == "si-joint"
    assert error.known_ids == ("broken", "quick", "si-joint-10")
    assert str(error) == "unknown routine 'si-joint'; did you mean 'si-joint-10'?"


def test_resolve_unknown_id_lists_the_known(folders: tuple[Path, Path], tmp_path: Path) -> None:
    user, builtin = folders
    with pytest.raises(UnknownRoutine, match="known routines: broken, quick, si-joint-10"):
        resolve("zzzz", user_dir=user, builtin_dir=builtin)
    with pytest.raises(UnknownRoutine, match="no routines were found"):
        resolve("zzzz", user_dir=tmp_path / "x", builtin_dir=tmp_path / "y")


def test_resolve_broken_routine_raises_its_error(folders: tuple[Path, Path]) -> None:
    user, builtin = folders
    with pytest.raises(RoutineError, match="segments is empty"):
        resolve("broken", user_dir=user, builtin_dir=builtin)
    with pytest.raises(RoutineError, match="no such file"):
        resolve("missing/file.yaml", user_dir=user, builtin_dir=builtin)


def test_routine_error_pickles() -> None:
    import pickle

    with pytest.raises(RoutineError) as caught:
        parse_routine(b"- a", Path("x.yaml"))
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value)


def test_returns_a_routine() -> None:
    assert isinstance(parse_routine(VALID, Path("v.yaml")), Routine)


def test_empty_documents() -> None:
    for data in [b"", b"# only a comment\n", b"---\n", b"---\n...\n", b"\xef\xbb\xbf"]:
        with pytest.raises(RoutineError, match="the file is empty") as caught:
            parse_routine(data, Path("empty.yaml"))
        assert (caught.value.line, caught.value.column) == (1, 1)


def test_misspelt_required_key_is_reported_once() -> None:
    data = routine_text().replace("name:", "nmae:").encode()
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, Path("x.yaml"))
    assert caught.value.message == "unknown key 'nmae'; did you mean 'name'?"
    path = DATA / "bad" / "unknown_key.yaml"
    assert [e.message for e in validate_paths([path])] == [
        "unknown key 'durration'; did you mean 'duration'?"
    ]


def test_key_case_gets_a_suggestion() -> None:
    data = routine_text().replace("name:", "Name:").encode()
    with pytest.raises(RoutineError, match="unknown key 'Name'; did you mean 'name'"):
        parse_routine(data, Path("x.yaml"))


def test_odd_keys(tmp_path: Path) -> None:
    cases = {
        b"? [a, b]\n: 1\n": "keys must be plain words",
        b"yes: 1\n": "unknown key 'yes'",
        b"<<: {name: x}\n": "unknown key '<<'",
        b"1: 2\n": "unknown key '1'",
    }
    for n, (data, fragment) in enumerate(cases.items()):
        path = tmp_path / f"odd{n}.yaml"
        path.write_bytes(data)
        messages = [error.message for error in validate_paths([path])]
        assert any(fragment in message for message in messages), messages


def test_permission_denied_even_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads any file, so the chmod test above skips there; this covers the same path.
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(RoutineError, match="permission denied") as caught:
        load_routine(DATA / "short.yaml")
    assert (caught.value.line, caught.value.column) == (1, 1)


# ---------------------------------------------------------------------------------------------- fast path


def _shape(node: object) -> object:
    """A node tree as plain data, with every node's tag, value and start position."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    assert isinstance(node, ScalarNode | SequenceNode | MappingNode)
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        return (node.tag, node.value, mark)
    if isinstance(node, SequenceNode):
        return (node.tag, [_shape(n) for n in node.value], mark)
    return (node.tag, [(_shape(k), _shape(v)) for k, v in node.value], mark)


@pytest.mark.parametrize(
    "path",
    sorted([*(DATA / "good").glob("*.yaml"), *builtin_routines_dir().glob("*.yaml"), DATA / "short.yaml"]),
    ids=lambda p: p.name,
)
def test_the_libyaml_fast_path_builds_the_same_tree_as_the_strict_one(path: Path) -> None:
    from unknot.routine_files.yaml_compose import StrictLoader, single_node
    from unknot.routine_files.yaml_fast import SLOW, compose_fast

    text = path.read_text()
    fast = compose_fast(text)
    assert fast is not SLOW, "a valid file should stay on the fast path"
    loader = StrictLoader(text)
    try:
        strict = single_node(loader)
    finally:
        loader.dispose()
    assert _shape(fast) == _shape(strict)


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n"])
def test_what_the_strict_loader_refuses_never_stays_on_the_fast_path(text: str) -> None:
    from unknot.routine_files.yaml_fast import SLOW, compose_fast

    assert compose_fast(text) is SLOW


def test_resolve_saved_prefers_the_very_file_then_the_id(tmp_path: Path) -> None:
    from unknot.routine_files.discovery import resolve_saved

    mine = tmp_path / "mine.yaml"
    mine.write_bytes((DATA / "short.yaml").read_bytes())
    assert resolve_saved("mine", str(mine)).source == mine
    assert resolve_saved("si-joint-10", str(tmp_path / "gone.yaml")).id == "si-joint-10"
    assert resolve_saved("si-joint-10", None).id == "si-joint-10"
    with pytest.raises(UnknownRoutine):
        resolve_saved("mine", str(tmp_path / "gone.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20 + "]" * 20,
        "".join(f"{'  ' * i}k{i}:\n" for i in range(12)) + "    " * 6 + "x\n",
        "[" * 5000 + "]" * 5000,
    ],
)
def test_deep_nesting_is_refused_on_the_fast_path_where_the_strict_one_would(text: str) -> None:
    from unknot.routine_files import yamlsafe
    from unknot.routine_files.yaml_compose import StrictLoader, single_node
    from unknot.routine_files.yaml_limits import Refused

    with pytest.raises(RoutineError) as fast:
        yamlsafe.compose(text, Path("x.yaml"))
    loader = StrictLoader(text)
    with pytest.raises(Refused) as strict:
        single_node(loader)
    assert (fast.value.line, fast.value.column) == yamlsafe.place(strict.value.mark)
    assert fast.value.message == strict.value.message == yamlsafe.TOO_DEEP
