"""The routine builder: exact totals for 3 to 60 minutes, every step inside its dose, set-up time, order."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from unknot.cli import main
from unknot.model import catalog, plan_stats
from unknot.model.dosing import dose_range
from unknot.model.plan import routine_json
from unknot.model.positions import named_tools
from unknot.model.routine import Routine
from unknot.routine_files.build_plan import DROP_ORDER
from unknot.routine_files.builder import (
    MAX_MINUTES,
    MIN_MINUTES,
    BuildError,
    build_routine,
    parse_focus,
    routine_yaml,
)
from unknot.routine_files.lint import lint
from unknot.routine_files.loader import load_routine, parse_routine

MINUTES = range(MIN_MINUTES, MAX_MINUTES + 1)
REGIONS = list(catalog.REGIONS)
# No focus, each region alone, a few pairs, and all of them.
SOME_FOCUS = [(), *((r,) for r in REGIONS), ("piriformis", "hamstrings"), ("quadriceps", "hip_flexors")]
SOME_FOCUS.append(tuple(REGIONS))
EVERY_FOCUS = [combo for n in range(len(REGIONS) + 1) for combo in itertools.combinations(REGIONS, n)]


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    return tmp_path / "routines"


def check_rules(routine: Routine, minutes: int, focus: tuple[str, ...]) -> None:
    assert routine.total_seconds == minutes * 60, (minutes, focus)
    steps = routine.steps
    for step in steps:
        assert step.seconds in dose_range(step.technique, step.tool), (minutes, focus, step)
        assert step.get_ready >= 5
        assert step.seconds % 5 == 0
        if step.technique == "trigger_point":
            assert step.pressure == "moderate"
    assert not [w for w in lint(routine) if w.id == "dose"]
    first = routine.segments[0]
    assert (first.region, first.technique, first.position, first.tool) == (
        "lumbar",
        "swedish",
        "standing",
        "hands",
    )
    doc = routine_json(routine)
    assert plan_stats.grouped_by_setup(doc), [(s.position, s.tool) for s in steps]
    assert plan_stats.moves(doc) <= 2
    # Regions go lowest priority first, focus regions last: a focus region is never left out while a
    # region outside the focus is in; nor a higher-priority region while a lower one is in.
    kept = set(routine.regions)
    for region in REGIONS[1:]:
        if region in kept:
            continue
        for other in kept - {"lumbar"}:
            if (region in focus) != (other in focus):
                assert other in focus, (minutes, focus, region, other)
            else:
                assert DROP_ORDER.index(other) > DROP_ORDER.index(region), (minutes, focus, region)


@pytest.mark.parametrize("minutes", MINUTES)
def test_every_minute_adds_up_exactly_with_every_step_in_its_dose(minutes: int) -> None:
    for focus in SOME_FOCUS:
        check_rules(build_routine(minutes, focus), minutes, focus)


@pytest.mark.parametrize("minutes", [3, 7, 20, 60])
def test_every_focus_choice_adds_up_exactly(minutes: int) -> None:
    for focus in EVERY_FOCUS:
        check_rules(build_routine(minutes, focus), minutes, focus)


@pytest.mark.parametrize("minutes", [3, 4, 5, 6, 10, 17, 33, 60])
def test_the_written_file_reads_back_as_the_same_routine(minutes: int) -> None:
    built = build_routine(minutes, ["piriformis"], routine_id="x", tool="lacrosse ball")
    read = parse_routine(routine_yaml(built, ["a comment"]).encode(), Path("x.yaml"))
    assert read.total_seconds == minutes * 60
    fields = [
        (s.region, s.technique, s.seconds, s.sides, s.position, s.tool, s.pressure) for s in read.segments
    ]
    assert fields == [
        (s.region, s.technique, s.seconds, s.sides, s.position, s.tool, s.pressure) for s in built.segments
    ]
    assert read.lint_ignore == built.lint_ignore
    assert lint(read) == []


def test_short_builds_drop_regions_rather_than_shorten_steps() -> None:
    three = build_routine(3)
    assert three.regions == ("lumbar", "piriformis")
    assert min(s.seconds for s in three.steps if s.technique == "trigger_point") >= 45
    # Before, 5 minutes gave 15 s steps with a 1 s get-ready.
    five = build_routine(5)
    assert min(s.get_ready for s in five.steps) == 5
    assert min(s.seconds for s in five.steps) >= 45
    # A focus region is kept even when there is room for little else.
    assert "quadriceps" in build_routine(3, ["quadriceps"]).regions
    assert set(build_routine(20).regions) == set(REGIONS)


def test_long_builds_add_sets_never_one_long_hold() -> None:
    # Before, 60 minutes gave 3 minutes 15 s of pressure on one piriformis.
    sixty = build_routine(60)
    assert max(s.seconds for s in sixty.steps if s.technique == "trigger_point") <= 120
    assert len([s for s in sixty.steps if s.region == "piriformis"]) == 2  # one set per side
    assert max(s.seconds for s in sixty.steps) <= 180


def test_a_focus_region_gets_more_time() -> None:
    spent = dict.fromkeys(REGIONS, 0)
    for step in build_routine(20, ["hamstrings"]).steps:
        spent[step.region] += step.seconds
    plain = dict.fromkeys(REGIONS, 0)
    for step in build_routine(20).steps:
        plain[step.region] += step.seconds
    assert spent["hamstrings"] > plain["hamstrings"]


@pytest.mark.parametrize("tool", [None, "soft_ball", "tennis_ball", "lacrosse_ball"])
def test_the_instruction_names_the_tool_of_its_step(tool: str | None) -> None:
    for minutes in (5, 20, 60):
        for step in build_routine(minutes, tool=tool).steps:
            named = named_tools(step.note or catalog.instruction(step.region, step.technique))
            assert named <= {step.tool}, (step.region, step.technique, step.tool, named)


def test_the_tool_swaps_every_ball_and_the_words_follow() -> None:
    routine = build_routine(20, tool="lacrosse ball")
    balls = [s for s in routine.segments if s.tool not in ("hands", "foam_roller")]
    assert balls and {s.tool for s in balls} == {"lacrosse_ball"}
    for step in balls:
        said = step.note or catalog.instruction(step.region, step.technique)
        assert named_tools(said) == {"lacrosse_ball"}, (step.region, said)
    assert {s.tool for s in routine.segments if s.technique == "swedish"} == {"hands"}
    assert "foam_roller" in {s.tool for s in routine.segments}
    with pytest.raises(BuildError, match="must be a ball"):
        build_routine(10, tool="foam roller")
    with pytest.raises(BuildError, match="must be a ball"):
        build_routine(10, tool="a brick")


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
    assert "leave no time for gluteal" in captured.err
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
        ("   ", "--tool is empty; give some text, like --tool 'lacrosse_ball'"),
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


def test_build_takes_a_ball_word_and_strips_blanks(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--minutes", "10", "--tool", "  Lacrosse ball \t", "--name", "t"]) == 0
    routine = load_routine(user_dirs / "t.yaml")
    assert "lacrosse_ball" in {s.tool for s in routine.segments}
    assert main(["build", "--minutes", "10", "--tool", "'lacrosse' ball: #2", "--name", "u"]) == 2
    assert "--tool must be a ball" in capsys.readouterr().err


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
