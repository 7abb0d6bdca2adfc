"""The session engine: a pure state machine that walks a routine on an injected clock.

The engine never sleeps and never reads the time on its own: every method takes the clock's current value
(:data:`unknot.session.clock.session_clock` in the app, a fake in tests). Remaining time always comes from the
phase's length minus the running time banked so far plus the time since the last bank, so a late wake-up, a
pause or a clock jump never drifts the schedule: events carry the moment they were *due*, computed from
deadlines.

Phases: ``reminder`` -> ``get_ready`` -> ``segment`` -> ``get_ready`` -> ... -> ``finished``; pausing is an
overlay on the two timed phases. With ``setup_wait``, a get-ready before a change of position or tool
ends in a hold (``setup_wait`` event, :attr:`Session.waiting`) until :meth:`Session.go`. A step with
phases (a trigger point: find, hold, release) emits a ``phase`` event at the start of each.
Subscribers get every :class:`Event` in order, and every method that can cause events also returns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from unknot.model.positions import setup_seconds
from unknot.model.routine import Routine, Step
from unknot.model.step_phases import phase_at, phase_starts
from unknot.session.clock import Clock, session_clock

Listener = Callable[["Event"], None]

EVENT_NAMES = (
    "get_ready",
    "setup_wait",
    "segment_start",
    "phase",
    "halfway",
    "tick",
    "switch_sides",
    "segment_end",
    "paused",
    "resumed",
    "skipped",
    "finished",
)

ADJUST_SECONDS = 15
MIN_LEFT_AFTER_CUT = 5
TICK_SECONDS = (3, 2, 1)
SNAPSHOT_VERSION = 1


class Phase(StrEnum):
    """Where a session stands."""

    REMINDER = "reminder"
    GET_READY = "get_ready"
    SEGMENT = "segment"
    FINISHED = "finished"


class Outcome(StrEnum):
    """What became of a step."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    HURTS = "hurts"


@dataclass(frozen=True)
class Event:
    """Something that happened in a session.

    ``due`` is the clock time at which it happened by the schedule; when a wake-up comes late, events
    still carry the exact time they were due. ``detail`` is the seconds left for ``tick``, the reason
    (``next`` or ``hurts``) for ``skipped`` and the phase name (``find``, ``hold``, ``release``) for
    ``phase``.
    """

    name: str
    due: float
    step: int
    detail: str = ""


@dataclass
class StepRecord:
    """The tally of one step: its outcome and the seconds of work actually done on it."""

    outcome: Outcome = Outcome.PENDING
    worked: float = 0.0


@dataclass(frozen=True)
class Summary:
    """What a session amounted to, for the summary screen and the history."""

    region_seconds: dict[str, int]
    skipped: list[int]
    hurts: list[int]
    active_seconds: int
    completed: bool


class SnapshotMismatch(ValueError):
    """A snapshot that does not belong to this routine (its file changed, or it is damaged)."""


@dataclass
class _Mark:
    key: str
    at: float  # seconds into the phase


@dataclass
class Session:
    """One run of a routine."""

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
        self._resume_point: dict[str, Any] | None = None

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

    # ----------------------------------------------------------------- moving time on

    def begin(self, now: float | None = None) -> list[Event]:
        """Leave the reminder: start the first get-ready, or come back paused where a snapshot left off."""
        if self.phase is not Phase.REMINDER:
            return []
        now = self._now(now)
        point = self._resume_point
        if point is None:
            return self._emit(self._enter(Phase.GET_READY, 0, now))
        self._resume_point = None
        self.phase = Phase(point["phase"])
        self.index = int(point["step"])
        self.length = float(point["length"])
        self.done = float(point["done"])
        self.fired = set(point["fired"])
        self.paused = True
        self.waiting = bool(point.get("waiting", False))
        body = point.get("body")
        if isinstance(body, list) and len(body) == 2:
            self.body = (str(body[0]), str(body[1]))
        else:  # saved before the body was kept: where the plan puts it
            working = self.phase is Phase.SEGMENT
            self.body = self.step.setup if working else self._planned_before(self.index)
        return self._emit([Event("paused", now, self.index)])

    def poll(self, now: float | None = None) -> list[Event]:
        """Bring the session up to ``now``, firing every event that fell due, each once, in order."""
        if self.run_start is None:
            return []
        return self._emit(list(self._advance(self._now(now))))

    def _advance(self, now: float) -> Iterator[Event]:
        # Walk boundary by boundary: each phase starts exactly where the last one was due to end, so a
        # jump over several boundaries yields the same events at the same due times as a steady clock.
        while self.run_start is not None and self.phase not in (Phase.REMINDER, Phase.FINISHED):
            elapsed = self.elapsed(now)
            pending = [m for m in self._marks() if m.key not in self.fired]
            mark = min(pending, key=lambda m: m.at)
            if mark.at > elapsed:
                return
            due = self.run_start + (mark.at - self.done)
            self.fired.add(mark.key)
            if mark.key != "end":
                name, _, detail = mark.key.partition(":")
                yield Event(name, due, self.index, detail)
                continue
            self._bank(due)
            yield from self._end_phase(due)

    def _end_phase(self, due: float) -> Iterator[Event]:
        if self.phase is Phase.GET_READY:
            if self.setup_wait and self.changes_setup():
                # The countdown is done but the body may not be: hold until the user says so.
                self.run_start = None
                self.waiting = True
                yield Event("setup_wait", due, self.index)
                return
            yield from self._enter(Phase.SEGMENT, self.index, due)
            return
        self.records[self.index].outcome = Outcome.DONE
        yield Event("segment_end", due, self.index)
        yield from self._enter_following(due)

    def _enter_following(self, due: float) -> list[Event]:
        if self.index + 1 < len(self.routine.steps):
            return self._enter(Phase.GET_READY, self.index + 1, due)
        self.phase = Phase.FINISHED
        self.run_start = None
        self.paused = False
        return [Event("finished", due, self.index)]

    def _enter(self, phase: Phase, index: int, at: float) -> list[Event]:
        self.phase = phase
        self.index = index
        self.done = 0.0
        self.fired = set()
        self.waiting = False
        self.run_start = None if self.paused else at
        step = self.routine.steps[index]
        if phase is Phase.SEGMENT:
            self.length = float(step.seconds)
            self.body = step.setup
            return [Event("segment_start", at, index)]
        if self._in_order(index):
            self.length = float(step.get_ready)
            events = [Event("switch_sides", at, index)] if step.switches_side else []
        else:  # back, or past a step not done: the time it takes from where the body is now
            self.length = float(setup_seconds(self.body, step.setup, self.routine.transition))
            events = []
        return [*events, Event("get_ready", at, index)]

    def _in_order(self, index: int) -> bool:
        """Whether the body is set up as the plan expects before step ``index`` (the step before's)."""
        return self.body == self._planned_before(index)

    def _planned_before(self, index: int) -> tuple[str, str] | None:
        return self.routine.steps[index - 1].setup if index > 0 else None

    def changes_setup(self) -> bool:
        """Whether the get-ready under way (or the step's work) needs another position or tool than the
        body has now: the planned change, or any change after going back or skipping."""
        if self._in_order(self.index) or self.phase is not Phase.GET_READY:
            return self.step.changes_setup
        return self.body != self.step.setup

    def _marks(self) -> list[_Mark]:
        marks = [_Mark("end", self.length)]
        if self.phase is Phase.SEGMENT:
            marks.append(_Mark("halfway", self.length / 2))
            marks.extend(_Mark(f"tick:{k}", self.length - k) for k in TICK_SECONDS if self.length - k > 0)
            marks.extend(_Mark(f"phase:{name}", at) for name, at in phase_starts(self.step, self.length))
        return marks

    def _bank(self, at: float) -> None:
        """Move running time up to ``at`` into ``done`` (and the step's tally)."""
        if self.run_start is None:
            return
        piece = max(0.0, at - self.run_start)
        self.done += piece
        self.active += piece
        if self.phase is Phase.SEGMENT:
            self.records[self.index].worked += piece
        self.run_start = at

    # ----------------------------------------------------------------- controls

    def pause(self, now: float | None = None, *, at: float | None = None) -> list[Event]:
        """Pause now, or at an earlier moment ``at`` (a gap in wake-ups that was not the user's time)."""
        if self.run_start is None:
            return []
        now = self._now(now)
        at = now if at is None else max(min(at, now), self.run_start)
        events = list(self._advance(at))
        if self.finished:  # the routine ended before the pause point
            return self._emit(events)
        self._bank(at)
        self.run_start = None
        self.paused = True
        events.append(Event("paused", at, self.index))
        return self._emit(events)

    def go(self, now: float | None = None) -> list[Event]:
        """End a set-up wait: the step's work starts now. Nothing happens when the session is not waiting."""
        if not self.waiting or self.phase is not Phase.GET_READY:
            return []
        now = self._now(now)
        self.paused = False
        # With the cues due at the step's first moment (the first phase), as a poll would give them.
        return self._emit([*self._enter(Phase.SEGMENT, self.index, now), *self._advance(now)])

    def resume(self, now: float | None = None) -> list[Event]:
        """Let time run again (or, in a set-up wait, start the step)."""
        if self.waiting:
            return self.go(now)
        if not self.paused or self.phase in (Phase.REMINDER, Phase.FINISHED):
            return []
        now = self._now(now)
        self.paused = False
        self.run_start = now
        return self._emit([Event("resumed", now, self.index)])

    def toggle_pause(self, now: float | None = None) -> list[Event]:
        """Pause when running, resume when paused; in a set-up wait, start the step."""
        return self.resume(now) if self.paused or self.waiting else self.pause(now)

    def next(self, now: float | None = None) -> list[Event]:
        """Skip the rest of the current step and get ready for the next one."""
        return self._control(now, lambda at: self._skip(Outcome.SKIPPED, "next", at))

    def hurts(self, now: float | None = None) -> list[Event]:
        """Skip the current step because it hurts, and record that it did."""
        return self._control(now, lambda at: self._skip(Outcome.HURTS, "hurts", at))

    def previous(self, now: float | None = None) -> list[Event]:
        """Go back to the get-ready of the previous step (of this one, when it is the first)."""

        def back(at: float) -> list[Event]:
            target = max(0, self.index - 1)
            self.records[target].outcome = Outcome.PENDING
            return self._enter(Phase.GET_READY, target, at)

        return self._control(now, back)

    def restart(self, now: float | None = None) -> list[Event]:
        """Start the current segment (or get-ready) again from its full time."""
        return self._control(now, lambda at: self._enter(self.phase, self.index, at))

    def adjust(self, seconds: int, now: float | None = None) -> list[Event]:
        """Add (or, with a negative number, remove) time from the current phase.

        Removing never leaves less than five seconds, so a cut never ends a segment by surprise.
        """

        def change(at: float) -> list[Event]:
            if self.waiting:
                return []  # nothing is counting down; space or Enter starts the step
            before = self.current_phase(at)
            left = self.length - self.done
            if seconds > 0:
                new_left = left + seconds
            else:
                new_left = max(left + seconds, min(left, float(MIN_LEFT_AFTER_CUT)))
            self.length = self.done + new_left
            # Cues still ahead fire again at their new times; halfway is heard once per segment. A cue that
            # a cut moved into the past is not played late: it counts as heard.
            self.fired = {
                m.key
                for m in self._marks()
                if m.at <= self.done or (m.key == "halfway" and m.key in self.fired)
            }
            # The phase the step is in may change with its length (release is always the last seconds).
            after = self.current_phase(at)
            return [Event("phase", at, self.index, after)] if after is not None and after != before else []

        return [] if seconds == 0 else self._control(now, change)

    def _control(self, now: float | None, act: Callable[[float], list[Event]]) -> list[Event]:
        """Run a control at ``now``: first what fell due before it, then ``act`` on the banked state."""
        if self.phase in (Phase.REMINDER, Phase.FINISHED):
            return []
        at = self._now(now)
        events = list(self._advance(at))
        if not self.finished:  # a control that comes after the last segment's end has nothing to act on
            self._bank(at)
            events.extend(act(at))
        return self._emit(events)

    def _skip(self, outcome: Outcome, reason: str, at: float) -> list[Event]:
        self.records[self.index].outcome = outcome
        return [Event("skipped", at, self.index, reason), *self._enter_following(at)]

    # ----------------------------------------------------------------- snapshot and restore

    def snapshot(self) -> dict[str, Any]:
        """The session as plain data (no clock values), to be saved and handed to :meth:`restore`."""
        if self._resume_point is not None:
            return dict(self._resume_point)
        in_progress = self.phase in (Phase.GET_READY, Phase.SEGMENT)
        return {
            "version": SNAPSHOT_VERSION,
            "routine_id": self.routine.id,
            "routine_hash": self.routine.content_hash,
            "source": str(self.routine.source) if self.routine.source is not None else None,
            "phase": self.phase.value if in_progress else Phase.GET_READY.value,
            "step": self.index,
            "done": round(self.done if self.run_start is None else self.elapsed(), 3),
            "length": self.length,
            "paused": self.paused,
            "waiting": self.waiting,
            "body": list(self.body) if self.body is not None else None,
            "fired": sorted(self.fired),
            "finished": self.phase is Phase.FINISHED,
            "active": round(self.active + (self.elapsed() - self.done), 3),
            "records": [[r.outcome.value, round(r.worked, 3)] for r in self._live_records()],
        }

    def _live_records(self) -> list[StepRecord]:
        if self.run_start is None or self.phase is not Phase.SEGMENT:
            return self.records
        live = [StepRecord(r.outcome, r.worked) for r in self.records]
        live[self.index].worked += self.elapsed() - self.done
        return live

    @classmethod
    def restore(cls, routine: Routine, snapshot: dict[str, Any], clock: Clock = session_clock) -> Session:
        """Rebuild a session from :meth:`snapshot`; it comes back in the reminder, then paused.

        Raises :class:`SnapshotMismatch` when the snapshot belongs to another version of the routine.
        """
        session = cls(routine, clock)
        try:
            if snapshot.get("finished"):
                raise SnapshotMismatch("the saved session had already finished")
            if snapshot.get("routine_hash") != routine.content_hash:
                raise SnapshotMismatch("the routine's file has changed since this session was saved")
            records = snapshot["records"]
            if len(records) != len(routine.steps):
                raise SnapshotMismatch("the snapshot does not match the routine's steps")
            session.records = [StepRecord(Outcome(o), float(w)) for o, w in records]
            session.active = float(snapshot.get("active", 0.0))
            step = int(snapshot["step"])
            if not 0 <= step < len(routine.steps) or snapshot["phase"] not in ("get_ready", "segment"):
                raise SnapshotMismatch("the snapshot points outside the routine")
            session._resume_point = {
                **snapshot,
                "step": step,
                "length": float(snapshot["length"]),
                "done": min(float(snapshot["done"]), float(snapshot["length"])),
                "fired": list(snapshot.get("fired", [])),
            }
            session.index = step
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, SnapshotMismatch):
                raise
            raise SnapshotMismatch(f"the saved session is damaged ({exc})") from exc
        return session

    # ----------------------------------------------------------------- plumbing

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _emit(self, events: list[Event]) -> list[Event]:
        for event in events:
            for listener in list(self.listeners):
                listener(event)
        return events
