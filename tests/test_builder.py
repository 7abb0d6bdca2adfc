"""The routine builder: exact totals for 3 to 60 minutes and every focus choice, and the order rules."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from unknot import catalog
from unknot.builder import (
    MAX_MINUTES,
    MIN_MINUTES,
    BuildError,
    build_routine,
    full_steps_minutes,
    parse_focus,
    plan_seconds,
    routine_yaml,
)
from unknot.cli import main
from unknot.lint import lint
from unknot.loader import load_routine, parse_routine
from unknot.routine import Routine

MINUTES = range(MIN_MINUTES, MAX_MINUTES + 1)
REGIONS = list(catalog.REGIONS)
# Every subset of the regions: no focus, each one alone, each pair ... all of them (512 choices).
FOCUS_CHOICES = [combo for n in range(len(REGIONS) + 1) for combo in itertools.combinations(REGIONS, n)]


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    return tmp_path / "routines"


def region_seconds(routine: Routine) -> dict[str, int]:
    seconds = dict.fromkeys(catalog.REGIONS, 0)
    for step in routine.steps:
        seconds[step.region] += step.seconds
    return seconds


def check_rules(routine: Routine, minutes: int, focus: tuple[str, ...]) -> None:
    assert routine.total_seconds == minutes * 60
    assert set(routine.regions) == set(catalog.REGIONS)
    first, last = routine.segments[0], routine.segments[-1]
    assert (first.region, first.technique) == ("lumbar", "swedish")
    assert last.region == "lumbar" and catalog.TECHNIQUES[last.technique].depth == 1
    # The order of the article: the regions come in catalog order between the warm-up and the finish.
    assert [s.region for s in routine.segments[1:-1]] == REGIONS[1:]
    for seg in routine.segments:
        assert seg.sides == ("both" if catalog.REGIONS[seg.region].sided else "none")
    assert min(s.seconds for s in routine.segments) >= 1
    # 15 s steps need 2 x 15 s of work per unit of weight (every region has two steps, a focus region
    # counts twice); the get-ready gives way first, down to 1 s.
    others = [r for r in REGIONS if r not in focus] if len(focus) < len(REGIONS) else REGIONS
    units = len(REGIONS) + len(REGIONS) - len(others)
    if minutes * 60 - 18 * 1 >= 30 * units:
        assert minutes >= full_steps_minutes(focus)
        assert min(s.seconds for s in routine.segments) >= 15
        assert lint(routine) == []
    else:
        assert {w.id for w in lint(routine)} <= {"short-segment"}
    if minutes * 60 - 18 * 5 >= 30 * units:
        assert routine.transition == 5
    spent = region_seconds(routine)
    focused = [spent[r] for r in REGIONS if r not in others]
    rest = [spent[r] for r in others]
    if focused and rest:
        # Twice the time at every length: each focus region 1.8 to 2.25 times each other region.
        assert min(focused) >= 1.8 * max(rest), (minutes, focus, spent)
        assert max(focused) <= 2.25 * min(rest), (minutes, focus, spent)
    else:
        # No focus, or all of it: the regions get the same time, give or take a rounding.
        assert max(spent.values()) - min(spent.values()) <= 10, (minutes, focus, spent)


@pytest.mark.parametrize("minutes", MINUTES)
def test_every_minute_and_every_focus_choice_adds_up_exactly(minutes: int) -> None:
    for focus in FOCUS_CHOICES:
        check_rules(build_routine(minutes, focus), minutes, focus)


@pytest.mark.parametrize("minutes", [3, 4, 5, 6, 10, 17, 33, 60])
def test_the_written_file_reads_back_as_the_same_routine(minutes: int) -> None:
    built = build_routine(minutes, ["piriformis"], routine_id="x", tool="tennis ball: small")
    read = parse_routine(routine_yaml(built, ["a comment"]).encode(), Path("x.yaml"))
    assert read.total_seconds == minutes * 60
    assert [(s.region, s.technique, s.seconds, s.sides, s.tool) for s in read.segments] == [
        (s.region, s.technique, s.seconds, s.sides, s.tool) for s in built.segments
    ]


def test_small_minutes_shrink_the_get_ready_then_the_steps() -> None:
    # 18 steps: 5 s get-ready + 15 s needs 6 minutes; 5 minutes keep 15 s steps with 1 s get-ready.
    assert plan_seconds(6)[0] == 5
    transition, seconds = plan_seconds(5)
    assert transition == 1 and min(seconds) >= 15
    transition, seconds = plan_seconds(3)
    assert transition == 1 and min(seconds) == 9  # 180 s - 18 s get-ready = 162 s over 18 steps
    assert {w.id for w in lint(build_routine(3))} == {"short-segment"}


def test_durations_are_whole_multiples_of_5_seconds_from_13_minutes() -> None:
    # Without a focus from 6 minutes; with one, 5 s steps are too coarse below 13 minutes to keep a
    # focus region at 1.8 to 2.25 times the others (7 minutes: 30 s and 40 s against 80 s).
    for minutes in range(6, MAX_MINUTES + 1):
        transition, seconds = plan_seconds(minutes)
        assert transition == 5 and all(s % 5 == 0 for s in seconds), (minutes, seconds)
    for minutes in range(13, MAX_MINUTES + 1):
        for focus in FOCUS_CHOICES:
            transition, seconds = plan_seconds(minutes, focus)
            assert transition == 5 and all(s % 5 == 0 for s in seconds), (minutes, focus, seconds)


def test_a_focus_gets_twice_the_time_even_in_3_minutes() -> None:
    # Before, 3 minutes gave every step 9 s, focus or not.
    spent = region_seconds(build_routine(3, ["piriformis"]))
    assert spent["piriformis"] >= 1.8 * max(v for r, v in spent.items() if r != "piriformis")
    assert sum(spent.values()) + 18 * 1 == 180


def test_full_steps_minutes() -> None:
    assert full_steps_minutes() == 5  # 18 steps x (1 s + 15 s) = 288 s
    assert full_steps_minutes(["piriformis"]) == 6  # 18 x 1 s + 10 units x 30 s = 318 s
    assert full_steps_minutes(REGIONS) == 5  # a focus on everything is no focus
    assert full_steps_minutes(REGIONS[1:]) == 9  # 18 + 17 x 30 = 528 s


def test_the_tool_goes_on_the_deeper_segments_only() -> None:
    routine = build_routine(10, tool="lacrosse ball")
    assert {s.tool for s in routine.segments if s.technique == "swedish"} == {"hands"}
    assert {s.tool for s in routine.segments if s.technique != "swedish"} == {"lacrosse ball"}


@pytest.mark.parametrize("minutes", [2, 61, 0, -5])
def test_minutes_out_of_range(minutes: int) -> None:
    with pytest.raises(BuildError, match="from 3 to 60"):
        build_routine(minutes)


def test_focus_is_parsed_and_checked() -> None:
    assert parse_focus("piriformis, hamstrings,,piriformis") == ("piriformis", "hamstrings")
    assert parse_focus(None) == ()
    with pytest.raises(BuildError, match="did you mean 'piriformis'"):
        parse_focus("pirformis")
    with pytest.raises(BuildError, match="use one of: lumbar"):
        parse_focus("elbow")


# ---------------------------------------------------------------------------------------- the command


def test_build_writes_a_routine_that_show_and_validate_agree_on(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--minutes", "12", "--focus", "piriformis,hamstrings", "--name", "mine"]) == 0
    path = user_dirs / "mine.yaml"
    assert capsys.readouterr().out.strip() == str(path)
    assert path.read_text().startswith("# yaml-language-server: $schema=file://")
    assert main(["validate", str(path)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["show", "mine", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_seconds"] == 720
    assert load_routine(path).id == "mine"


def test_build_default_name_refuses_to_overwrite_without_force(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--minutes", "7"]) == 0
    assert (user_dirs / "custom-7min.yaml").is_file()
    assert main(["build", "--minutes", "7"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["build", "--minutes", "7", "--force", "--focus", "lumbar"]) == 0


def test_build_stdout_writes_nothing(user_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--minutes", "3", "--stdout"]) == 0
    captured = capsys.readouterr()
    routine = parse_routine(captured.out.encode(), Path("custom.yaml"))
    assert routine.total_seconds == 180
    assert "short" in captured.err or "under 15 s" in captured.err
    assert not user_dirs.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "pirformis"], "did you mean 'piriformis'?"),
        (["--name", "../x"], "cannot be a routine name"),
        (["--minutes", "61"], "from 3 to 60"),
    ],
)
def test_build_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["build", "--minutes", "10"]
    assert main(base + args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("tool", "message"),
    [
        ("ball\x1b[2J", "--tool 'ball\\x1b[2J' contains the control character U+001B; type it again"),
        ("a\x00b", "contains the control character U+0000"),
        ("ball\x9b2J", "contains the control character U+009B"),
        ("ball\udcff", "contains U+DCFF, which is half of a UTF-16 pair"),
        ("   ", "--tool is empty; give some text, like --tool 'tennis ball'"),
    ],
)
def test_build_checks_the_tool_like_the_loader_and_writes_nothing(
    tool: str, message: str, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before, a control character went into the file (as "\e[2J"), which `validate` then refused.
    assert main(["build", "--minutes", "10", "--tool", tool]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unknot: ") and message in err, err
    assert not user_dirs.exists()
    assert main(["build", "--minutes", "10", "--tool", tool, "--stdout"]) == 2
    assert capsys.readouterr().out == ""


def test_build_keeps_a_tool_with_quotes_and_colons_and_strips_blanks(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--minutes", "10", "--tool", "  'lacrosse' ball: #2 \t", "--name", "t"]) == 0
    routine = load_routine(user_dirs / "t.yaml")
    assert {s.tool for s in routine.segments if s.technique != "swedish"} == {"'lacrosse' ball: #2"}


def test_built_routines_have_names_that_tell_them_apart(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--minutes", "10", "--name", "hips"]) == 0
    assert main(["build", "--minutes", "10", "--name", "legs", "--focus", "hamstrings,quadriceps"]) == 0
    assert main(["build", "--minutes", "10"]) == 0
    assert main(["build", "--minutes", "15", "--focus", "piriformis"]) == 0
    names = {path.stem: load_routine(path).name for path in user_dirs.glob("*.yaml")}
    assert names == {
        "hips": "hips, 10 min",
        "legs": "legs, 10 min, focus on hamstrings and quads",
        "custom-10min": "Custom, 10 min",
        "custom-15min": "Custom, 15 min, focus on piriformis",
    }
    capsys.readouterr()
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "legs, 10 min, focus on hamstrings and quads" in listed and "hips, 10 min" in listed
