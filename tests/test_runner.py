"""The session runner on a fake clock: one timer at a time, checkpoints that ride on it, nothing late."""

from __future__ import annotations

from tests.fakes import RecordingCues
from unknot.model.routine import Routine, Segment
from unknot.session.engine import Session
from unknot.session.runner import CHECKPOINT_EVERY_SECONDS, TIMER_TOLERANCE, SessionRunner

SLACK = 0.002  # what the player adds to every timer, so the countdown has crossed the second


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class SaveLog:
    """Checkpoints that only note when they were taken."""

    def __init__(self, clock: FakeClock, session: Session | None = None) -> None:
        self.clock = clock
        self.saves: list[tuple[float, bool]] = []  # (time, running)
        self.finished = 0

    def save(self, session: Session) -> None:
        self.saves.append((self.clock(), session.running))

    def finish(self, session: Session) -> None:
        self.finished += 1


def routine(transition: int = 5) -> Routine:
    return Routine(
        id="r",
        name="R",
        transition=transition,
        content_hash="h",
        # One set-up and no phases, so the get-ready is the transition (set-up has tests of its own).
        segments=(
            Segment("lumbar", "swedish", 20, position="standing", tool="hands"),
            Segment("piriformis", "deep_tissue", 25, sides="both", position="standing", tool="hands"),
        ),
    )


def drive(runner: SessionRunner, clock: FakeClock, keys: dict[float, str], until: float) -> list[float]:
    """Act as the player: sleep on one timer to each wake-up; press ``keys`` at their (part-second) times."""
    wakes: list[float] = []
    pending = sorted(keys.items())
    runner.begin()
    while clock.now < until and not runner.session.finished:
        wake = runner.next_wakeup()
        key_at = pending[0][0] if pending else None
        if key_at is not None and (wake is None or key_at < wake + SLACK):
            clock.now = key_at
            runner.control(pending.pop(0)[1])
            continue
        if wake is None:
            break
        clock.now = wake + SLACK
        wakes.append(clock.now)
        runner.wake()
    return wakes


KEYS = {
    7.3: "toggle_pause",
    9.0: "toggle_pause",
    21.65: "next",
    30.45: "plus",
    41.2: "minus",
    52.7: "restart",
}


def test_checkpoints_add_no_wakeups_of_their_own() -> None:
    clock = FakeClock()
    bare = SessionRunner(Session(routine(), clock), RecordingCues())
    bare_wakes = drive(bare, clock, KEYS, until=200)

    clock = FakeClock()
    session = Session(routine(), clock)
    saves = SaveLog(clock)
    kept = SessionRunner(session, RecordingCues(), checkpoints=saves)
    kept_wakes = drive(kept, clock, KEYS, until=200)

    assert session.finished and saves.finished == 1
    # The same wake-ups with and without a store: keys pressed between seconds no longer add a second
    # timer a part second away from the countdown's.
    assert kept_wakes == bare_wakes
    # ... and while the session runs, no more than a second ever goes unsaved.
    times = [t for t, _ in saves.saves]
    running_gaps = [b - a for (a, was_running), b in zip(saves.saves, times[1:], strict=False) if was_running]
    assert max(running_gaps) <= CHECKPOINT_EVERY_SECONDS + TIMER_TOLERANCE + SLACK
    # One save per countdown second (plus the state changes), not two.
    assert len(saves.saves) <= len(kept_wakes) + len(KEYS) + 8


def test_a_key_after_the_finish_saves_no_progress() -> None:
    clock = FakeClock()
    session = Session(routine(), clock)
    saves = SaveLog(clock)
    runner = SessionRunner(session, RecordingCues(), checkpoints=saves)
    drive(runner, clock, {}, until=500)
    assert session.finished
    count = len(saves.saves)
    clock.now += 0.01
    for name in ("next", "toggle_pause", "plus", "hurts"):
        assert runner.control(name) == []
    runner.save()
    assert len(saves.saves) == count and saves.finished == 1


def test_a_get_ready_of_zero_seconds_starts_the_segment_at_once() -> None:
    clock = FakeClock()
    session = Session(routine(transition=0), clock)
    runner = SessionRunner(session, RecordingCues())
    clock.now = 3.0
    assert [e.name for e in runner.begin()] == ["get_ready"]
    assert runner.next_wakeup() == 3.0  # not a second later
    events = runner.wake()
    assert [(e.name, e.due) for e in events] == [("segment_start", 3.0)]
    clock.now = 10.25
    events = runner.control("next")
    assert [e.name for e in events] == ["skipped", "get_ready"]
    assert runner.next_wakeup() == 10.25
    assert [(e.name, e.due) for e in runner.wake()] == [("segment_start", 10.25)]
