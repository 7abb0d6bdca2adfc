"""Lint warnings: each rule, its line, silencing with lint.ignore, and how validate prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from unknot.cli import main
from unknot.paths import builtin_routines_dir
from unknot.routine_files.lint import LintWarning, lint
from unknot.routine_files.loader import LINT_IDS, load_routine, parse_routine

WARM = "  - {region: lumbar, technique: swedish, duration: 60s}\n"


def routine_of(segments: str, extra: str = "", only: str | None = None) -> list[LintWarning]:
    """The warnings about a routine of ``segments``; with ``only``, just that rule's."""
    text = f"name: Test\nsegments:\n{segments}{extra}"
    warnings = lint(parse_routine(text.encode(), Path("r.yaml")))
    return [w for w in warnings if only is None or w.id == only]


def ids(warnings: list[LintWarning]) -> list[str]:
    return [w.id for w in warnings]


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))


@pytest.mark.parametrize("path", sorted(builtin_routines_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_builtin_routines_have_no_warnings(path: Path) -> None:
    assert lint(load_routine(path)) == []


def test_every_rule_has_a_lint_id_the_loader_accepts() -> None:
    assert set(LINT_IDS) == {
        "no-warm-up",
        "region-over-40",
        "short-segment",
        "unpaired-side",
        "dose",
        "setup-words",
    }


# --------------------------------------------------------------------------------------------- no-warm-up


def test_deep_work_first_warns_at_its_line() -> None:
    warnings = routine_of(
        "  - {region: piriformis, technique: trigger_point, duration: 30s, sides: both}\n"
        "  - {region: gluteal, technique: deep_tissue, duration: 30s, sides: both}\n",
        only="no-warm-up",
    )
    assert [(w.id, w.line) for w in warnings] == [("no-warm-up", 3), ("no-warm-up", 4)]
    assert "piriformis" in warnings[0].message


def test_lighter_work_on_the_lower_back_warms_up_every_region() -> None:
    segments = WARM + "  - {region: piriformis, technique: trigger_point, duration: 30s, sides: both}\n"
    assert routine_of(segments, only="no-warm-up") == []


def test_lighter_work_on_the_same_region_counts() -> None:
    segments = (
        "  - {region: hamstrings, technique: myofascial_release, duration: 30s, sides: both}\n"
        "  - {region: hamstrings, technique: deep_tissue, duration: 30s, sides: both}\n"
        "  - {region: piriformis, technique: trigger_point, duration: 30s, sides: both}\n"
    )
    warnings = routine_of(segments, only="no-warm-up")
    # Hamstrings were warmed; the piriformis was not, and warming another leg region does not count.
    assert [(w.id, w.line) for w in warnings] == [("no-warm-up", 5)]


def test_deep_work_on_the_lower_back_itself_needs_a_warm_up() -> None:
    warnings = routine_of("  - {region: lumbar, technique: deep_tissue, duration: 60s}\n" + WARM)
    assert ids(warnings) == ["no-warm-up"]


def test_lighter_work_after_the_deep_work_is_too_late() -> None:
    segments = "  - {region: gluteal, technique: trigger_point, duration: 30s, sides: both}\n" + WARM
    assert ids(routine_of(segments, only="no-warm-up")) == ["no-warm-up"]


# ----------------------------------------------------------------------------------------- region-over-40


def test_a_region_over_40_percent_warns_at_its_first_segment() -> None:
    segments = WARM + "  - {region: gluteal, technique: swedish, duration: 30s}\n" + WARM
    warnings = routine_of(segments)  # lumbar 120 of 150 s
    assert [(w.id, w.line) for w in warnings] == [("region-over-40", 3)]
    assert "80%" in warnings[0].message


def test_the_region_over_40_message_reads_well_for_plural_names() -> None:
    # "the hamstrings takes 98%" was the old wording; the region is now the object, not the subject.
    segments = WARM + "  - {region: hamstrings, technique: swedish, duration: 2m, sides: both}\n"
    [warning] = routine_of(segments, only="region-over-40")
    assert warning.message.startswith("80% of the work time goes to the hamstrings (over 40%); ")
    assert warning.id == "region-over-40"
    [warning] = routine_of(WARM + WARM + "  - {region: piriformis, technique: swedish, duration: 30s}\n")
    assert warning.message.startswith("80% of the work time goes to the lower back")


def test_exactly_40_percent_is_fine_and_both_sides_count_twice() -> None:
    segments = (
        "  - {region: lumbar, technique: swedish, duration: 80s}\n"
        "  - {region: gluteal, technique: swedish, duration: 30s, sides: both}\n"
        "  - {region: hamstrings, technique: swedish, duration: 30s, sides: both}\n"
    )
    assert routine_of(segments) == []  # 80 of 200 s


def test_a_routine_on_one_region_only_is_not_warned() -> None:
    assert routine_of(WARM + WARM) == []


# ---------------------------------------------------------------------------------------------------- dose


def test_dose_marks_steps_outside_their_technique_range_at_their_line() -> None:
    segments = (
        WARM
        + "  - {region: gluteal, technique: swedish, duration: 29s, sides: both}\n"  # under 30-120
        + "  - {region: hamstrings, technique: swedish, duration: 30s, sides: both}\n"
        + "  - {region: piriformis, technique: trigger_point, duration: 44s, sides: both}\n"  # under 45
        + "  - {region: piriformis, technique: trigger_point, duration: 2m, sides: both}\n"
        + "  - {region: gluteal, technique: myofascial_release, duration: 121s}\n"  # roller: over 120
        + "  - {region: gluteal, technique: myofascial_release, duration: 121s, tool: soft_ball}\n"  # hold
        + "  - {region: gluteal, technique: myofascial_release, duration: 181s, tool: soft_ball}\n"
        + WARM
    )
    warnings = routine_of(segments, only="dose")
    assert [(w.id, w.line) for w in warnings] == [("dose", 4), ("dose", 6), ("dose", 8), ("dose", 10)]
    assert "under the 30-120 s" in warnings[0].message and "at least 30 s" in warnings[0].message
    assert "under the 45-120 s" in warnings[1].message
    assert "over the 30-120 s" in warnings[2].message and "rolling" in warnings[2].message
    assert "over the 60-180 s" in warnings[3].message


def test_dose_keeps_pressure_near_the_outer_thigh_nerve_to_a_minute() -> None:
    # The hip flexors lie by the nerve of the outer thigh: a minute at most, whatever the technique allows.
    segments = (
        WARM
        + "  - {region: hip_flexors, technique: myofascial_release, duration: 61s, sides: both}\n"
        + "  - {region: hip_flexors, technique: trigger_point, duration: 60s, sides: both}\n"
        + "  - {region: hip_flexors, technique: swedish, duration: 90s, sides: both}\n"  # light strokes
        + WARM
    )
    warnings = routine_of(segments, only="dose")
    assert [(w.id, w.line) for w in warnings] == [("dose", 4)]
    assert "over the 60 s a step of" in warnings[0].message and "near a nerve" in warnings[0].message


def test_a_step_set_up_otherwise_than_its_words_needs_a_note() -> None:
    moved = (
        "  - {region: gluteus_maximus, technique: swedish, duration: 40s, sides: both, position: face_down}\n"
    )
    warnings = routine_of(WARM + moved + WARM, only="setup-words")
    assert [(w.id, w.line) for w in warnings] == [("setup-words", 4)]
    assert (
        "set up face down with hands, but its instruction is for standing with hands" in warnings[0].message
    )
    noted = moved.replace("}", ", note: Lie face down and knead the buttock with both hands.}")
    assert routine_of(WARM + noted + WARM, only="setup-words") == []
    # A set-up the catalog has its own words for is fine: the lower back by hand on a chair.
    chair = "  - {region: lumbar, technique: swedish, duration: 40s, position: chair}\n"
    assert routine_of(chair + WARM, only="setup-words") == []


def test_short_segment_in_an_older_file_still_silences_a_short_step_but_not_a_long_one() -> None:
    short = WARM + "  - {region: gluteal, technique: swedish, duration: 14s, sides: both}\n" + WARM
    long = WARM + "  - {region: gluteal, technique: swedish, duration: 3m, sides: both}\n" + WARM
    ignore = "lint:\n  ignore: [short-segment]\n"
    assert ids(routine_of(short, only="dose")) == ["dose"]
    assert routine_of(short, ignore, only="dose") == []
    assert ids(routine_of(long, ignore, only="dose")) == ["dose"]


# ------------------------------------------------------------------------------------------ unpaired-side


def test_left_without_right_warns_and_pairs_are_matched_by_region_and_technique() -> None:
    segments = (
        WARM
        + "  - {region: gluteal, technique: swedish, duration: 30s, sides: left}\n"
        + "  - {region: gluteal, technique: swedish, duration: 30s, sides: right}\n"
        + "  - {region: hamstrings, technique: swedish, duration: 30s, sides: left}\n"
        + "  - {region: quadriceps, technique: swedish, duration: 30s, sides: right}\n"
        + "  - {region: piriformis, technique: swedish, duration: 30s, sides: left}\n"
        + "  - {region: piriformis, technique: myofascial_release, duration: 30s, sides: right}\n"
        + WARM
    )
    warnings = routine_of(segments)
    assert [(w.id, w.line) for w in warnings] == [("unpaired-side", n) for n in (6, 7, 8, 9)]


def test_two_lefts_and_one_right_leave_one_unpaired() -> None:
    segments = (
        WARM
        + "  - {region: gluteal, technique: swedish, duration: 30s, sides: left}\n" * 2
        + "  - {region: gluteal, technique: swedish, duration: 30s, sides: right}\n"
        + WARM
    )
    assert [(w.id, w.line) for w in routine_of(segments, only="unpaired-side")] == [("unpaired-side", 5)]


# ------------------------------------------------------------------------------------------- silencing


@pytest.mark.parametrize(
    ("rule", "segments"),
    [
        ("no-warm-up", "  - {region: gluteal, technique: deep_tissue, duration: 30s, sides: both}\n" + WARM),
        ("region-over-40", WARM + "  - {region: gluteal, technique: swedish, duration: 20s}\n"),
        (
            "dose",
            WARM + "  - {region: gluteal, technique: swedish, duration: 5s, sides: both}\n" + WARM,
        ),
        (
            "unpaired-side",
            WARM + "  - {region: gluteal, technique: swedish, duration: 30s, sides: left}\n" + WARM,
        ),
    ],
)
def test_each_warning_can_be_ignored_in_the_file(rule: str, segments: str) -> None:
    assert rule in ids(routine_of(segments))
    assert rule not in ids(routine_of(segments, f"lint:\n  ignore: [{rule}]\n"))


def test_warning_text_is_path_line_col_warning_message_id() -> None:
    segments = WARM + "  - {region: gluteal, technique: swedish, duration: 5s, sides: both}\n" + WARM
    warning = routine_of(segments, only="dose")[0]
    assert str(warning).startswith("r.yaml:4:1: warning: 5 s of swedish on the buttocks")
    assert str(warning).endswith("[dose]")


def test_lint_is_pure_and_works_on_a_routine_not_read_from_a_file() -> None:
    from unknot.model.routine import Routine, Segment

    routine = Routine("x", "X", (Segment("gluteal", "trigger_point", 5, "left"),))
    assert sorted(ids(lint(routine))) == ["dose", "no-warm-up", "unpaired-side"]
    assert all(w.line == 1 and w.path is None for w in lint(routine))


# ----------------------------------------------------------------------------------------------- validate


def test_validate_prints_warnings_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(
        "name: W\nsegments:\n" + WARM + "  - {region: gluteal, technique: swedish, duration: 5s}\n"
    )
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout lists errors only
    assert f"{path}:4:1: warning: " in captured.err and "[dose]" in captured.err
    assert "1 file(s) valid, 2 warning(s)" in captured.err  # and region-over-40


def test_validate_with_an_invalid_file_exits_2_and_warns_about_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warned = tmp_path / "warned.yaml"
    warned.write_text("name: W\nsegments:\n  - {region: gluteal, technique: deep_tissue, duration: 30s}\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: B\nsegments: []\n")
    assert main(["validate", str(warned), str(broken)]) == 2
    captured = capsys.readouterr()
    assert f"{broken}:2:11:" in captured.out and "[no-warm-up]" in captured.err
