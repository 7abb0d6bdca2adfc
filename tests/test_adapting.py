"""Adapting: which steps get the lighter option, which option, and the copy the loader reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from unknot.errors import RoutineError
from unknot.learning.adapting import advise, copy_name, save_lighter_copy
from unknot.learning.outcomes import Rated
from unknot.model.routine import Routine, Segment
from unknot.routine_files.discovery import resolve
from unknot.routine_files.loader import load_routine


def _sessions(routine_id: str, hurts: list[list[int]]) -> list[Rated]:
    start = datetime(2026, 11, 2, 8, tzinfo=UTC)
    return [
        Rated(
            n,
            routine_id,
            routine_id,
            start + timedelta(days=n),
            start,
            60,
            tuple(h),
            None,
            None,
            None,
            None,
            (),
        )
        for n, h in enumerate(hurts)
    ]


def _routine(*segments: Segment) -> Routine:
    return Routine(id="mine", name="Mine", segments=segments)


def test_only_a_step_hurt_in_2_of_the_last_3_sessions_gets_advice() -> None:
    routine = resolve("si-joint-10")
    assert advise(routine, _sessions(routine.id, [[4], [4], [], [], []])) == {}  # long ago
    assert advise(routine, _sessions("other", [[4], [4], [4]])) == {}  # another routine
    advice = advise(routine, _sessions(routine.id, [[], [4, 5], [], [4]]))
    assert list(advice) == [4] and (advice[4].hurt_in, advice[4].out_of) == (2, 3)
    assert advise(routine, _sessions(routine.id, [[4], [4, 4]]))[4].hurt_in == 2  # twice in one counts once
    assert advise(routine, _sessions(routine.id, [[999], [999]])) == {}  # a step the routine no longer has


def test_pressure_first_then_a_softer_tool_then_less_time() -> None:
    firm = Segment("piriformis", "trigger_point", 90, tool="lacrosse ball", pressure="firm")
    light_ball = replace(firm, pressure="light")
    light_hands = Segment("lumbar", "swedish", 90, pressure="light", tool="hands")
    routine = _routine(firm, light_ball, light_hands)
    advice = advise(routine, _sessions("mine", [[0, 1, 2], [0, 1, 2]]))
    assert advice[0].suggestion == "lighter pressure (moderate, not firm)"
    assert advice[0].lighter.pressure == "moderate"
    assert advice[1].suggestion == "a softer tool (tennis ball, not lacrosse ball)"
    assert advice[1].lighter.tool == "tennis ball"
    assert advice[2].change == "time" and advice[2].lighter.seconds == 60  # 2/3 of 90, not below 30
    assert advice[2].suggestion == "less time (1:00, not 1:30)"
    assert "Hurt in 2 of your last 2 sessions: try lighter pressure" in advice[0].get_ready_line


def test_the_copy_is_a_user_routine_the_loader_reads_and_the_original_stays(tmp_path: Path) -> None:
    original = resolve("quick-relief-5")
    assert original.source is not None
    text_before = original.source.read_text(encoding="utf-8")
    hurt = next(s.index for s in original.steps if s.technique == "trigger_point")
    advice = advise(original, _sessions(original.id, [[hurt], [hurt]]))
    first = save_lighter_copy(original, advice, tmp_path)
    second = save_lighter_copy(original, advice, tmp_path)
    assert (first.name, second.name) == ("quick-relief-5-lighter.yaml", "quick-relief-5-lighter-2.yaml")
    copy = load_routine(first)
    seg = original.steps[hurt].segment_index
    was = original.segments[seg].pressure or "firm"  # trigger point's own pressure is firm
    assert copy.segments[seg].pressure == {"firm": "moderate", "moderate": "light"}[was]
    assert advice[hurt].suggestion == f"lighter pressure ({copy.segments[seg].pressure}, not {was})"
    others = [i for i in range(len(original.segments)) if i != seg]
    assert [copy.segments[i].seconds for i in others] == [original.segments[i].seconds for i in others]
    assert original.source.read_text(encoding="utf-8") == text_before
    assert copy_name("x-lighter", ["x-lighter"]) == "x-lighter-2"


def test_a_copy_the_loader_would_refuse_is_not_written(tmp_path: Path) -> None:
    routine = _routine(Segment("piriformis", "trigger_point", 90, tool="bad\x1btool"))
    advice = advise(routine, _sessions("mine", [[0], [0]]))
    with pytest.raises(RoutineError):
        save_lighter_copy(routine, advice, tmp_path)
    assert list(tmp_path.iterdir()) == []
