"""What a session holds and what can be read from it: :class:`SessionState`, under the state machine.

:class:`unknot.session.engine.Session` moves the state on (time, controls, restore); everything here only
reads it, the :class:`~unknot.session.snapshot.Snapshot` to save included. Remaining time always comes from
the phase's length minus the running time banked so far plus the time since the last bank, so a late
wake-up, a pause or a clock jump never drifts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unknot.model.routine import Routine, Step
from unknot.model.step_phases import phase_at, phase_starts
from unknot.session.clock import Clock, session_clock
from unknot.session.events import TICK_SECONDS, Listener, Outcome, Phase, StepRecord, Summary
from unknot.session.snapshot import Snapshot


@dataclass
class Mark:
    """A moment in the current phase at which an event falls due (``end`` ends the phase)."""

    key: str
    at: float  # seconds into the phase


@dataclass
class SessionState:
    """One run of a routine, as it stands: the phase, the step, the time banked and each step's tally."""

    routine: Routine
    clock: Clock = session_clock
    listeners: list[Listener] = field(default_factory=list)
    setup_wait: bool = False
    """The ``setup = "wait"`` setting: hold after a get-ready that changes position or tool."""

    def __post_init__(self) -> None:
        if not self.routine.steps:
            raise ValueError("a session needs a routine with at least one step")
        self.phase = Phase.REMINDER
        self.index = 0
        self.waiting = False
        """True while the get-ready has run out and the session waits for :meth:`go`."""
        self.length = float(self.routine.steps[0].get_ready)
        self.done = 0.0  # seconds of this phase already banked
        self.run_start: float | None = None  # clock time of the last bank while running
        self.paused = False
        self.fired: set[str] = set()
        self.records = [StepRecord() for _ in self.routine.steps]
        self.body: tuple[str, str] | None = None
        """The (position, tool) of the last step whose work began: where the body is now (None: not
        set up for anything yet). A get-ready reached out of order (back, or skipping) is timed from it."""
        self.active = 0.0  # running seconds, get-ready included, pauses excluded
        self._resume_point: Snapshot | None = None

    # ----------------------------------------------------------------- reading the state

    @property
    def step(self) -> Step:
        """The step being worked or prepared for."""
        return self.routine.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        """The step after the current one, if any."""
        steps = self.routine.steps
        return steps[self.index + 1] if self.index + 1 < len(steps) else None

    @property
    def finished(self) -> bool:
        """True once the last step has ended (or been skipped)."""
        return self.phase is Phase.FINISHED

    @property
    def running(self) -> bool:
        """True while time counts: in a timed phase and not paused."""
        return self.run_start is not None

    def elapsed(self, now: float | None = None) -> float:
        """Seconds done in the current phase."""
        if self.run_start is None:
            return self.done
        return self.done + max(0.0, self._now(now) - self.run_start)

    def remaining(self, now: float | None = None) -> float:
        """Seconds left in the current phase (never negative)."""
        if self.phase in (Phase.REMINDER, Phase.FINISHED):
            return 0.0
        return max(0.0, self.length - self.elapsed(now))

    def step_fraction(self, now: float | None = None) -> float:
        """How far through the current phase, 0 to 1."""
        if self.phase is Phase.FINISHED:
            return 1.0
        if self.length <= 0:
            return 1.0
        return min(1.0, self.elapsed(now) / self.length)

    def routine_fraction(self, now: float | None = None) -> float:
        """How far through the routine's planned time, 0 to 1."""
        total = self.routine.total_seconds
        if self.phase is Phase.FINISHED:
            return 1.0
        if self.phase is Phase.REMINDER or total <= 0:
            return 0.0
        get_ready = self.step.get_ready
        position = float(self.routine.step_start(self.index) - get_ready)
        planned = get_ready if self.phase is Phase.GET_READY else self.step.seconds
        if self.phase is Phase.SEGMENT:
            position += get_ready
        position += planned * self.step_fraction(now)
        return min(1.0, position / total)

    def current_phase(self, now: float | None = None) -> str | None:
        """The phase of the step being worked (``find``, ``hold``, ``release``), or None."""
        if self.phase is not Phase.SEGMENT:
            return None
        return phase_at(self.step, self.length, self.elapsed(now))

    def next_wakeup(self, now: float | None = None) -> float | None:
        """The next clock time at which anything shown or heard changes, or None when nothing will.

        That is the sooner of the next whole second of the countdown and the next cue, so a UI can sleep
        until then instead of polling.
        """
        if self.run_start is None:
            return None
        now = self._now(now)
        left = self.remaining(now)
        whole = float(int(left))
        second = now + (left - whole if left > whole else 1.0)
        elapsed = self.elapsed(now)
        # Every mark not yet fired, including one due this very moment (a get-ready of 0 s just entered).
        pending = [m.at for m in self._marks() if m.key not in self.fired]
        cue = now + max(0.0, min(pending) - elapsed) if pending else second
        return min(second, cue)

    def routine_remaining(self, now: float | None = None) -> float:
        """Seconds left in the whole routine: this phase as it now stands (after any +/-), then the plan."""
        if self.phase is Phase.REMINDER:
            return float(self.routine.total_seconds)
        if self.phase is Phase.FINISHED:
            return 0.0
        step = self.step
        after = self.routine.total_seconds - self.routine.step_start(self.index) - step.seconds
        ahead = step.seconds if self.phase is Phase.GET_READY else 0
        return self.remaining(now) + ahead + after

    def summary(self) -> Summary:
        """The tally so far."""
        regions: dict[str, float] = {}
        for step, record in zip(self.routine.steps, self.records, strict=True):
            regions[step.region] = regions.get(step.region, 0.0) + record.worked
        return Summary(
            region_seconds={region: round(secs) for region, secs in regions.items()},
            skipped=[i for i, r in enumerate(self.records) if r.outcome is Outcome.SKIPPED],
            hurts=[i for i, r in enumerate(self.records) if r.outcome is Outcome.HURTS],
            active_seconds=round(self.active),
            completed=self.phase is Phase.FINISHED,
        )

    def snapshot(self) -> Snapshot:
        """The session as plain data (no clock values), to be saved and handed to ``Session.restore``."""
        if self._resume_point is not None:
            return self._resume_point
        in_progress = self.phase in (Phase.GET_READY, Phase.SEGMENT)
        return Snapshot(
            routine_id=self.routine.id,
            routine_hash=self.routine.content_hash,
            source=str(self.routine.source) if self.routine.source is not None else None,
            phase=self.phase if in_progress else Phase.GET_READY,
            step=self.index,
            done=round(self.done if self.run_start is None else self.elapsed(), 3),
            length=self.length,
            paused=self.paused,
            waiting=self.waiting,
            body=self.body,
            fired=tuple(sorted(self.fired)),
            finished=self.phase is Phase.FINISHED,
            active=round(self.active + (self.elapsed() - self.done), 3),
            records=tuple((r.outcome, round(r.worked, 3)) for r in self._live_records()),
        )

    def _live_records(self) -> list[StepRecord]:
        if self.run_start is None or self.phase is not Phase.SEGMENT:
            return self.records
        live = [StepRecord(r.outcome, r.worked) for r in self.records]
        live[self.index].worked += self.elapsed() - self.done
        return live

    def _in_order(self, index: int) -> bool:
        """Whether the body is set up as the plan expects before step ``index`` (the step before's)."""
        return self.body == self._planned_before(index)

    def _planned_before(self, index: int) -> tuple[str, str] | None:
        """Where the plan has the body before step ``index``: the set-up of the step before (None first)."""
        return self.routine.steps[index - 1].setup if index > 0 else None

    def changes_setup(self) -> bool:
        """Whether the get-ready under way (or the step's work) needs another position or tool than the
        body has now: the planned change, or any change after going back or skipping."""
        if self._in_order(self.index) or self.phase is not Phase.GET_READY:
            return self.step.changes_setup
        return self.body != self.step.setup

    def _marks(self) -> list[Mark]:
        marks = [Mark("end", self.length)]
        if self.phase is Phase.SEGMENT:
            marks.append(Mark("halfway", self.length / 2))
            marks.extend(Mark(f"tick:{k}", self.length - k) for k in TICK_SECONDS if self.length - k > 0)
            marks.extend(Mark(f"phase:{name}", at) for name, at in phase_starts(self.step, self.length))
        return marks

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now
