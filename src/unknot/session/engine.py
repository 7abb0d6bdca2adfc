"""The session engine: a pure state machine that walks a routine on an injected clock.

The engine never sleeps and never reads the time on its own: every method takes the clock's current value
(:data:`unknot.session.clock.session_clock` in the app, a fake in tests). What a session holds and what can
be read from it is :class:`~unknot.session.state.SessionState`; this module moves it on. Events carry the
moment they were *due*, computed from deadlines, so a late wake-up, a pause or a clock jump never drifts the
schedule. The value types are in :mod:`unknot.session.events`; the saved form in
:mod:`unknot.session.snapshot`.

Phases: ``reminder`` -> ``get_ready`` -> ``segment`` -> ``get_ready`` -> ... -> ``finished``; pausing is an
overlay on the two timed phases. With ``setup_wait``, a get-ready before a change of position or tool
ends in a hold (``setup_wait`` event, :attr:`Session.waiting`) until :meth:`Session.go`. A step with
phases (a trigger point: find, hold, release) emits a ``phase`` event at the start of each.
Subscribers get every :class:`Event` in order, and every method that can cause events also returns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from unknot.model.positions import setup_seconds
from unknot.model.routine import Routine
from unknot.session.clock import Clock, session_clock
from unknot.session.events import Event, Outcome, Phase, StepRecord
from unknot.session.snapshot import Snapshot, matching
from unknot.session.state import SessionState

ADJUST_SECONDS = 15
MIN_LEFT_AFTER_CUT = 5


class Session(SessionState):
    """One run of a routine: the state machine over :class:`SessionState`."""

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
        self.phase = point.phase
        self.index = point.step
        self.length = point.length
        self.done = point.done
        self.fired = set(point.fired)
        self.paused = True
        self.waiting = point.waiting
        if point.body is not None:
            self.body = point.body
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

    # ----------------------------------------------------------------- restore

    @classmethod
    def restore(
        cls, routine: Routine, snapshot: Snapshot | Mapping[str, Any], clock: Clock = session_clock
    ) -> Session:
        """Rebuild a session from :meth:`snapshot` (or its stored dict); it comes back in the reminder, then
        paused.

        Raises :class:`~unknot.session.snapshot.SnapshotMismatch` when the snapshot belongs to another
        version of the routine, had finished, or is damaged.
        """
        session = cls(routine, clock)
        point = matching(routine, snapshot)
        session.records = [StepRecord(outcome, worked) for outcome, worked in point.records]
        session.active = point.active
        session.index = point.step
        session._resume_point = point
        return session

    # ----------------------------------------------------------------- plumbing

    def _emit(self, events: list[Event]) -> list[Event]:
        for event in events:
            for listener in list(self.listeners):
                listener(event)
        return events
