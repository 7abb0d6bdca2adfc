"""The session engine on a fake clock: exact events at exact times, whatever the wake-ups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.model.routine import Routine, Segment
from unknot.session.engine import Session
from unknot.session.events import Event, Outcome, Phase
from unknot.session.snapshot import SnapshotMismatch


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def at(self, seconds: float) -> None:
        self.now = 1000.0 + seconds


# The routines of the older tests keep one set-up (standing, hands) and no trigger point, so their get-ready
# is the transition and they have no phases: the set-up rule and phases have tests of their own.
HANDS = {"position": "standing", "tool": "hands"}


def small() -> Routine:
    return Routine(
        id="small",
        name="Small",
        transition=2,
        content_hash="abc",
        segments=(
            Segment("lumbar", "swedish", 4, **HANDS),
            Segment("piriformis", "deep_tissue", 6, sides="both", **HANDS),
        ),
    )


def ten_minutes() -> Routine:
    # 12 steps: 12 x 5 s get-ready + 540 s of work = 600 s on the clock.
    segs = (
        Segment("lumbar", "swedish", 60, **HANDS),
        Segment("gluteal", "swedish", 30, sides="both", **HANDS),
        Segment("gluteus_maximus", "myofascial_release", 45, sides="both", **HANDS),
        Segment("gluteus_medius", "deep_tissue", 45, sides="both", **HANDS),
        Segment("piriformis", "deep_tissue", 45, sides="both", **HANDS),
        Segment("hamstrings", "deep_tissue", 45, sides="both", **HANDS),
        Segment("lumbar", "myofascial_release", 60, **HANDS),
    )
    routine = Routine(id="ten", name="Ten", transition=5, segments=segs, content_hash="h")
    assert routine.total_seconds == 600
    return routine


def run(routine: Routine) -> tuple[Session, FakeClock, list[Event]]:
    clock = FakeClock()
    session = Session(routine, clock)
    log: list[Event] = []
    session.listeners.append(log.append)
    return session, clock, log


def timeline(events: list[Event]) -> list[tuple[float, str, int, str]]:
    return [(round(e.due - 1000.0, 6), e.name, e.step, e.detail) for e in events]


def test_reminder_comes_first_and_no_time_runs_in_it() -> None:
    session, clock, log = run(small())
    assert session.phase is Phase.REMINDER
    clock.at(50)
    assert session.poll() == []
    assert session.remaining() == 0
    assert session.next_wakeup() is None
    assert session.next() == [] and session.adjust(15) == [] and session.pause() == []
    session.begin()
    assert timeline(log) == [(50, "get_ready", 0, "")]


def test_exact_sequence_for_a_whole_small_routine() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(100)
    session.poll()
    assert timeline(log) == [
        (0, "get_ready", 0, ""),
        (2, "segment_start", 0, ""),
        (3, "tick", 0, "3"),
        (4, "halfway", 0, ""),
        (4, "tick", 0, "2"),
        (5, "tick", 0, "1"),
        (6, "segment_end", 0, ""),
        (6, "get_ready", 1, ""),
        (8, "segment_start", 1, ""),
        (11, "halfway", 1, ""),
        (11, "tick", 1, "3"),
        (12, "tick", 1, "2"),
        (13, "tick", 1, "1"),
        (14, "segment_end", 1, ""),
        (14, "switch_sides", 2, ""),
        (14, "get_ready", 2, ""),
        (16, "segment_start", 2, ""),
        (19, "halfway", 2, ""),
        (19, "tick", 2, "3"),
        (20, "tick", 2, "2"),
        (21, "tick", 2, "1"),
        (22, "segment_end", 2, ""),
        (22, "finished", 2, ""),
    ]
    assert session.phase is Phase.FINISHED
    assert small().total_seconds == 22
    summary = session.summary()
    assert summary.region_seconds == {"lumbar": 4, "piriformis": 12}
    assert summary.completed and summary.active_seconds == 22


def test_a_jump_gives_the_same_events_as_steady_wakeups() -> None:
    steady, clock_a, log_a = run(ten_minutes())
    clock_a.at(0)
    steady.begin()
    for tenth in range(1, 6100):
        clock_a.at(tenth / 10)
        steady.poll()
    jumpy, clock_b, log_b = run(ten_minutes())
    clock_b.at(0)
    jumpy.begin()
    for second in (7.3, 7.31, 200, 450.5, 1000):
        clock_b.at(second)
        jumpy.poll()
    assert timeline(log_a) == timeline(log_b)
    assert timeline(log_a)[-1] == (600, "finished", 11, "")
    assert [e.name for e in log_a].count("segment_start") == 12
    assert [e.name for e in log_a].count("switch_sides") == 5


def test_pause_holds_time_and_resume_moves_every_deadline() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(3.5)
    session.pause()
    assert session.remaining() == pytest.approx(2.5)
    clock.at(63.5)
    assert session.poll() == []
    assert session.remaining() == pytest.approx(2.5)
    assert session.next_wakeup() is None
    session.resume()
    clock.at(500)
    session.poll()
    names = timeline(log)
    assert (3.5, "paused", 0, "") in names
    assert (63.5, "resumed", 0, "") in names
    assert names[-1] == (82, "finished", 2, "")
    assert session.summary().active_seconds == 22


def test_pause_at_an_earlier_moment_fires_what_was_due_before_it_only() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(30)  # the process slept from 4.5 s on
    session.pause(at=1004.5)
    assert timeline(log)[-1] == (4.5, "paused", 0, "")
    assert session.remaining() == pytest.approx(1.5)
    assert "segment_end" not in [e.name for e in log]


def test_next_skips_and_records() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(3)
    session.next()
    assert timeline(log)[-2:] == [(3, "skipped", 0, "next"), (3, "get_ready", 1, "")]
    assert session.records[0].outcome is Outcome.SKIPPED
    assert session.records[0].worked == pytest.approx(1)
    clock.at(4)
    session.next()  # from a get-ready: that step is skipped too
    assert session.index == 2 and session.phase is Phase.GET_READY
    clock.at(5)
    session.hurts()
    assert timeline(log)[-2:] == [(5, "skipped", 2, "hurts"), (5, "finished", 2, "")]
    summary = session.summary()
    assert summary.skipped == [0, 1] and summary.hurts == [2]


def test_previous_goes_back_to_the_get_ready_before() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(10)  # in step 1's segment
    session.poll()
    session.previous()
    assert session.index == 0 and session.phase is Phase.GET_READY
    assert timeline(log)[-1] == (10, "get_ready", 0, "")
    session.previous()
    assert session.index == 0


def test_restart_starts_the_segment_over() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(5)
    session.poll()
    session.restart()
    assert timeline(log)[-1] == (5, "segment_start", 0, "")
    assert session.remaining() == 4
    clock.at(7)
    session.poll()
    assert (7, "halfway", 0, "") in timeline(log)


def test_plus_and_minus_time_and_never_below_five_seconds() -> None:
    session, clock, log = run(ten_minutes())
    clock.at(0)
    session.begin()
    clock.at(5)
    session.poll()  # lumbar segment of 60 s began at 5
    session.adjust(15)
    assert session.remaining() == 75
    clock.at(10)
    session.adjust(-15)
    assert session.remaining() == 55
    clock.at(58)
    session.adjust(-15)  # 7 s left: cut to 5, not below
    assert session.remaining() == pytest.approx(5)
    session.adjust(-15)
    assert session.remaining() == pytest.approx(5)
    clock.at(64)
    session.poll()
    ends = [e for e in log if e.name == "segment_end"]
    assert timeline(ends) == [(63, "segment_end", 0, "")]
    # Halfway was heard once, at the half of the length it had then.
    assert [e.name for e in log].count("halfway") == 1


def test_ticks_come_again_after_more_time_is_added() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(4.5)
    session.poll()  # tick 3 and 2 heard
    session.adjust(15)
    clock.at(30)
    session.poll()
    ticks = [e for e in log if e.name == "tick" and e.step == 0]
    assert timeline(ticks) == [
        (3, "tick", 0, "3"),
        (4, "tick", 0, "2"),
        (18, "tick", 0, "3"),
        (19, "tick", 0, "2"),
        (20, "tick", 0, "1"),
    ]


def test_next_wakeup_is_the_next_whole_second_or_cue() -> None:
    session, clock, _ = run(small())
    clock.at(0)
    session.begin()
    assert session.next_wakeup() == pytest.approx(1001)
    clock.at(0.25)
    assert session.next_wakeup() == pytest.approx(1001)
    clock.at(2.5)
    session.poll()
    assert session.next_wakeup() == pytest.approx(1003)


def test_progress_fractions() -> None:
    session, clock, _ = run(small())
    clock.at(0)
    session.begin()
    assert session.routine_fraction() == 0
    clock.at(11)
    session.poll()
    assert session.routine_fraction() == pytest.approx(11 / 22)
    assert session.step_fraction() == pytest.approx(0.5)


def test_snapshot_restores_paused_after_the_reminder() -> None:
    session, clock, _ = run(small())
    clock.at(0)
    session.begin()
    clock.at(10.25)
    session.poll()
    snap = session.snapshot().to_dict()  # as the store keeps it
    assert snap["step"] == 1 and snap["phase"] == "segment"
    assert snap["done"] == pytest.approx(2.25)
    assert all(not isinstance(v, float) or v < 1000 for v in snap.values())
    other_clock = FakeClock(5.0)
    restored = Session.restore(small(), snap, other_clock)
    assert restored.phase is Phase.REMINDER
    assert restored.snapshot().done == pytest.approx(2.25)
    events = restored.begin()
    assert [e.name for e in events] == ["paused"]
    assert restored.paused and restored.remaining() == pytest.approx(3.75)
    restored.resume()
    other_clock.now += 100
    restored.poll()
    assert restored.phase is Phase.FINISHED
    assert restored.summary().region_seconds == {"lumbar": 4, "piriformis": 12}


def test_restore_refuses_a_changed_or_damaged_snapshot() -> None:
    session, _, _ = run(small())
    snap = session.snapshot().to_dict()
    changed = Routine(id="small", name="Small", segments=small().segments, content_hash="new")
    with pytest.raises(SnapshotMismatch, match="changed"):
        Session.restore(changed, snap)
    with pytest.raises(SnapshotMismatch, match="damaged"):
        Session.restore(small(), {**snap, "step": "x"})
    with pytest.raises(SnapshotMismatch):
        Session.restore(small(), {**snap, "step": 99})


def test_a_ten_minute_routine_with_pauses_skips_adjustments_and_jumps() -> None:
    session, clock, log = run(ten_minutes())
    clock.at(0)
    session.begin()
    clock.at(30)
    session.poll()
    session.pause()  # 25 s into lumbar
    clock.at(90)
    session.resume()  # 60 s paused
    clock.at(100)
    session.adjust(15)  # lumbar now 75 s, ends at 5 + 60 + 75 = 140
    clock.at(150)
    session.poll()
    assert timeline([e for e in log if e.name == "segment_end"])[0] == (140, "segment_end", 0, "")
    clock.at(160)
    session.hurts()  # step 1 (gluteal left) from 145: 15 s of work, then skipped
    clock.at(700)  # a long jump over several boundaries
    session.poll()
    end = timeline(log)[-1]
    # 600 planned + 60 paused + 15 added - (30 - 15) left of the skipped step = 660
    assert end == (660, "finished", 11, "")
    names = [e.name for e in log]
    assert names.count("finished") == 1 and names.count("skipped") == 1
    assert session.summary().hurts == [1]
    assert session.summary().active_seconds == 600


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.floats(min_value=0.01, max_value=40), min_size=1, max_size=60))
def test_any_wakeup_pattern_gives_the_same_events(gaps: list[float]) -> None:
    reference, clock_r, log_r = run(small())
    clock_r.at(0)
    reference.begin()
    clock_r.at(1000)
    reference.poll()
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    now = 0.0
    for gap in gaps:
        now += gap
        clock.at(now)
        session.poll()
    clock.at(1000)
    session.poll()
    assert timeline(log) == timeline(log_r)


def planned(routine: Routine, first: int, t: float) -> list[tuple[float, str, int, str]]:
    """What a steady, untouched run of ``routine`` from the get-ready of step ``first`` at ``t`` must give."""
    out: list[tuple[float, str, int, str]] = []
    steps = routine.steps
    for step in steps[first:]:
        if step.switches_side:
            out.append((t, "switch_sides", step.index, ""))
        out.append((t, "get_ready", step.index, ""))
        t += routine.transition
        length = step.seconds
        out.append((t, "segment_start", step.index, ""))
        marks = [(length / 2, "halfway", ""), *((length - k, "tick", str(k)) for k in (3, 2, 1))]
        out.extend((t + at, name, step.index, detail) for at, name, detail in sorted(marks))
        t += length
        out.append((t, "segment_end", step.index, ""))
    out.append((t, "finished", len(steps) - 1, ""))
    return out


def test_the_exact_events_of_a_ten_minute_routine_with_every_control() -> None:
    routine = ten_minutes()
    session, clock, log = run(routine)
    clock.at(0)
    session.begin()
    clock.at(30)
    session.poll()
    session.pause()  # 25 s into the lumbar segment
    clock.at(90)
    session.resume()  # 60 s paused: halfway moves from 35 to 95
    clock.at(100)
    session.adjust(15)  # lumbar 75 s: it ends at 5 + 60 + 75 = 140, its ticks at 137-139
    clock.at(160)
    session.hurts()  # at gluteal left's halfway (145 + 15): that cue first, then skipped; right gets ready
    clock.at(175)
    session.adjust(-15)  # 10 s into gluteal right: 20 s left become 5; halfway (at 15) is never due again
    clock.at(5000)  # one jump over every boundary that is left
    session.poll()
    opening = [
        (0, "get_ready", 0, ""),
        (5, "segment_start", 0, ""),
        (30, "paused", 0, ""),
        (90, "resumed", 0, ""),
        (95, "halfway", 0, ""),
        (137, "tick", 0, "3"),
        (138, "tick", 0, "2"),
        (139, "tick", 0, "1"),
        (140, "segment_end", 0, ""),
        (140, "get_ready", 1, ""),
        (145, "segment_start", 1, ""),
        (160, "halfway", 1, ""),
        (160, "skipped", 1, "hurts"),
        (160, "switch_sides", 2, ""),
        (160, "get_ready", 2, ""),
        (165, "segment_start", 2, ""),
        (177, "tick", 2, "3"),
        (178, "tick", 2, "2"),
        (179, "tick", 2, "1"),
        (180, "segment_end", 2, ""),
    ]
    assert timeline(log) == opening + planned(routine, 3, 180)
    assert timeline(log)[-1] == (645, "finished", 11, "")
    summary = session.summary()
    assert summary.hurts == [1] and summary.skipped == []
    # Work done: 75 lumbar + 15 + 15 gluteal + the nine untouched steps (8 x 45 + 60).
    assert summary.region_seconds["lumbar"] == 75 + 60
    assert summary.region_seconds["gluteal"] == 30
    assert summary.active_seconds == 645 - 60


def test_a_cut_past_halfway_plays_no_late_halfway() -> None:
    session, clock, log = run(small())
    clock.at(0)
    session.begin()
    clock.at(2 + 1.5)  # 1.5 s into the 4 s lumbar segment; halfway (2 s) still ahead
    session.poll()
    session.adjust(15)  # 17.5 s left: halfway now at 9.75 s
    clock.at(2 + 8)
    session.poll()
    session.adjust(-15)  # 13.5 left -> 5: the segment is 13 s long, its halfway (6.5) already behind
    clock.at(2 + 13)
    session.poll()
    names = [name for _, name, step, _ in timeline(log) if step == 0]
    assert "halfway" not in names
    assert names[-4:] == ["tick", "tick", "tick", "segment_end"]


def test_routine_time_left_counts_added_and_removed_time() -> None:
    session, clock, _ = run(small())  # 2 + 4 + 2 + 6 + 2 + 6 = 22 s on the clock
    assert session.routine_remaining() == 22
    clock.at(0)
    session.begin()
    clock.at(1)
    assert session.routine_remaining() == 21
    clock.at(3)
    session.poll()
    session.adjust(15)
    assert session.routine_remaining() == 19 + 15
    clock.at(5000)
    session.poll()
    assert session.routine_remaining() == 0


def test_restore_refuses_a_finished_session() -> None:
    session, clock, _ = run(small())
    clock.at(0)
    session.begin()
    clock.at(100)
    session.poll()
    assert session.finished
    with pytest.raises(SnapshotMismatch, match="finished"):
        Session.restore(small(), session.snapshot())
