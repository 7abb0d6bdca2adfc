"""Set-up time from changes of position and tool, ``setup = "wait"``, and trigger-point phase events,
all on a fake clock with exact times."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import RecordingCues
from tests.ui_support import FakeClock
from unknot.errors import SettingsError
from unknot.model.routine import Routine, Segment
from unknot.session.engine import Session
from unknot.session.events import Event
from unknot.session.runner import SessionRunner
from unknot.settings import Settings, load_settings


def routine() -> Routine:
    # Standing with the hands, down onto your back with a tennis ball (both sides), up onto a chair.
    return Routine(
        id="r",
        name="R",
        transition=5,
        content_hash="h",
        segments=(
            Segment("lumbar", "swedish", 30),
            Segment("piriformis", "trigger_point", 60, sides="both"),
            Segment("hamstrings", "swedish", 30),
        ),
    )


def start(r: Routine, *, wait: bool = False) -> tuple[Session, FakeClock, list[Event]]:
    clock = FakeClock(0.0)
    session = Session(r, clock, setup_wait=wait)
    log: list[Event] = []
    session.listeners.append(log.append)
    session.begin(0.0)
    return session, clock, log


def seen(log: list[Event], *names: str) -> list[tuple[float, str, int, str]]:
    return [(e.due, e.name, e.step, e.detail) for e in log if not names or e.name in names]


def test_get_ready_follows_the_change_of_position_and_tool() -> None:
    r = routine()
    assert [s.get_ready for s in r.steps] == [5, 20, 5, 20]  # first, to the floor, other side, up
    assert [s.changes_setup for s in r.steps] == [False, True, False, True]
    assert [(s.position, s.tool) for s in r.steps][1] == ("on_back", "tennis_ball")
    assert r.total_seconds == 5 + 30 + 20 + 60 + 5 + 60 + 20 + 30
    session, _, log = start(r)
    session.poll(1000.0)
    assert seen(log, "get_ready", "segment_start", "finished") == [
        (0.0, "get_ready", 0, ""),
        (5.0, "segment_start", 0, ""),
        (35.0, "get_ready", 1, ""),
        (55.0, "segment_start", 1, ""),
        (115.0, "get_ready", 2, ""),
        (120.0, "segment_start", 2, ""),
        (180.0, "get_ready", 3, ""),
        (200.0, "segment_start", 3, ""),
        (230.0, "finished", 3, ""),
    ]
    assert [r.step_start(i) for i in range(4)] == [5, 55, 120, 200]


def test_a_small_change_takes_ten_seconds_and_a_step_may_set_its_own() -> None:
    r = Routine(
        "r",
        "R",
        (
            Segment("lumbar", "swedish", 30),
            Segment("gluteus_maximus", "trigger_point", 45, position="wall", tool="tennis_ball"),
            Segment("lumbar", "swedish", 30, get_ready=40),
            Segment("lumbar", "swedish", 30, get_ready=0),
        ),
        transition=3,
    )
    assert [s.get_ready for s in r.steps] == [3, 10, 40, 0]


def test_wait_holds_after_a_change_and_goes_on_at_space() -> None:
    session, clock, log = start(routine(), wait=True)
    # The first step needs no change (standing, hands): no wait.
    session.poll(50.0)
    assert seen(log, "setup_wait", "segment_start") == [(5.0, "segment_start", 0, "")]
    session.poll(55.0)  # the get-ready before the floor work has counted down
    assert seen(log)[-1] == (55.0, "setup_wait", 1, "")
    assert session.waiting and not session.running and session.remaining(55.0) == 0
    assert session.next_wakeup(55.0) is None
    assert session.poll(500.0) == []  # holds however long it takes
    assert session.adjust(15, 500.0) == [] and session.pause(500.0) == []
    snapshot = session.snapshot()
    assert snapshot.waiting is True and snapshot.phase == "get_ready"
    events = session.toggle_pause(512.0)  # space
    assert [(e.due, e.name, e.detail) for e in events] == [
        (512.0, "segment_start", ""),
        (512.0, "phase", "find"),
    ]
    assert not session.waiting and session.running
    # The other side keeps the set-up: no wait; the chair afterwards waits again, and Enter goes on.
    session.poll(700.0)
    assert seen(log, "get_ready", "setup_wait", "segment_start")[-4:] == [
        (572.0, "get_ready", 2, ""),
        (577.0, "segment_start", 2, ""),
        (637.0, "get_ready", 3, ""),
        (657.0, "setup_wait", 3, ""),
    ]
    clock.now = 660.0
    runner = SessionRunner(session, RecordingCues())
    assert [e.name for e in runner.control("go")] == ["segment_start"]
    assert session.poll(690.0)[-1] == Event("finished", 690.0, 3)


def test_wait_is_off_by_default_and_a_restored_wait_starts_at_resume() -> None:
    session, _, log = start(routine())
    session.poll(1000.0)
    assert "setup_wait" not in {e.name for e in log}
    waiting, _, _ = start(routine(), wait=True)
    waiting.poll(60.0)
    restored = Session.restore(routine(), waiting.snapshot(), FakeClock(0.0))
    restored.setup_wait = True
    assert [e.name for e in restored.begin(70.0)] == ["paused"]
    assert restored.waiting
    assert [e.name for e in restored.resume(80.0)] == ["segment_start", "phase"]


def test_phase_events_at_exact_times() -> None:
    session, _, log = start(routine())
    session.poll(116.0)
    # The piriformis starts at 55 s: find 15 s, hold 40 s, release the last 5 s.
    assert seen(log, "phase") == [
        (55.0, "phase", 1, "find"),
        (70.0, "phase", 1, "hold"),
        (110.0, "phase", 1, "release"),
    ]
    assert session.phase == "get_ready" and session.current_phase(116.0) is None  # the right side's
    session.poll(121.0)
    assert session.current_phase(121.0) == "find" and seen(log, "phase")[-1] == (120.0, "phase", 2, "find")


def test_phases_move_with_a_pause() -> None:
    session, _, log = start(routine())
    session.poll(60.0)
    session.pause(60.0)  # 5 s into find
    session.resume(67.0)
    session.poll(200.0)
    assert seen(log, "phase")[:3] == [
        (55.0, "phase", 1, "find"),
        (77.0, "phase", 1, "hold"),
        (117.0, "phase", 1, "release"),
    ]
    assert seen(log, "phase")[3] == (127.0, "phase", 2, "find")


def test_phases_move_with_plus_and_minus() -> None:
    session, _, log = start(routine())
    session.poll(80.0)  # in the hold
    assert session.current_phase(80.0) == "hold"
    session.adjust(15, 80.0)  # the hold grows: release at 125 s
    session.adjust(-15, 90.0)  # and shrinks again: release at 110 s
    session.adjust(15, 95.0)  # release at 125 s
    session.poll(126.0)
    assert seen(log, "phase") == [
        (55.0, "phase", 1, "find"),
        (70.0, "phase", 1, "hold"),
        (125.0, "phase", 1, "release"),
    ]
    # More time during the release goes back to holding, and release comes again at the new end.
    events = session.adjust(15, 126.0)
    assert [(e.due, e.name, e.detail) for e in events] == [(126.0, "phase", "hold")]
    assert session.current_phase(126.0) == "hold"
    session.poll(141.0)
    assert seen(log, "phase")[-1] == (140.0, "phase", 1, "release")
    # A cut during the release keeps it the last seconds and never plays it twice.
    assert session.adjust(-15, 141.0) == []
    assert session.current_phase(141.0) == "release"


def test_phases_across_next_and_previous() -> None:
    session, _, log = start(routine())
    session.poll(60.0)  # find, left side
    session.next(60.0)  # to the right side's get-ready (5 s)
    session.poll(66.0)
    assert seen(log, "phase")[-1] == (65.0, "phase", 2, "find")
    # Back to the left side: the body is already on the floor with the ball (the right side's set-up is
    # the same), so its get-ready is the transition's 5 s, not the 20 s planned for getting down.
    session.previous(70.0)
    session.poll(106.0)
    assert seen(log, "phase")[-2:] == [(75.0, "phase", 1, "find"), (90.0, "phase", 1, "hold")]


def test_going_back_across_a_change_of_set_up_is_timed_from_where_the_body_is() -> None:
    steps = routine().steps
    assert steps[0].setup != steps[1].setup and steps[1].get_ready == 20  # standing, then the floor
    session, _, log = start(routine())
    session.poll(60.0)  # the left side's work, on the floor
    session.previous(60.0)  # back to the first step: up from the floor, to standing with the hands
    assert session.length == 20.0 and session.changes_setup()
    assert seen(log, "switch_sides")[-1:] == []  # no "switch sides" cue on the way back
    session.poll(80.0)  # its work starts after those 20 s; then on to the left side, in order
    session.next(81.0)
    assert session.length == float(steps[1].get_ready) and session.changes_setup()


def test_steps_without_phases_emit_none() -> None:
    session, _, log = start(routine())
    session.poll(40.0)
    assert seen(log, "phase") == []
    assert session.current_phase(20.0) is None


def test_the_setup_and_breathing_pacer_settings(tmp_path: Path) -> None:
    assert (Settings().setup, Settings().breathing_pacer) == ("timed", True)
    path = tmp_path / "config.toml"
    path.write_text('setup = "wait"\nbreathing_pacer = false\n')
    assert (load_settings(path).setup, load_settings(path).breathing_pacer) == ("wait", False)
    path.write_text('volume = 50\nsetup = "later"\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f'{path}:2:9: setup: must be "timed" or "wait"')
