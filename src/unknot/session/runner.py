"""The session runner: the one place that drives a :class:`~unknot.session.engine.Session` for a front end.

Both front ends (the Textual player and the plain line mode) hold a runner and call :meth:`wake` when the
time it asked for comes, and :meth:`control` for a key. The runner brings the engine up to date, notices
time that was not the user's (a suspended laptop, ctrl+z, a stalled process) and pauses where it began,
plays cues, writes the ``--events`` log, and saves checkpoints so a killed process loses at most a second.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TextIO

from unknot.session.cues import Cues, dispatch
from unknot.session.engine import ADJUST_SECONDS, Session
from unknot.session.events import Event
from unknot.session.gaps import gap_reason

GAP_LIMIT_SECONDS = 2.0
CHECKPOINT_EVERY_SECONDS = 1.0
TIMER_TOLERANCE = 0.05
"""A timer may fire this much early; a checkpoint then still counts as due."""
CONTROLS = (
    *("toggle_pause", "pause", "resume", "next", "previous", "plus", "minus", "hurts", "restart"),
    "go",
)
"""``go`` starts the step after a set-up wait (space, which is ``toggle_pause``, does too)."""

# Events after which the saved state must be fresh at once (anything that changes where we are).
_STATE_CHANGES = frozenset(
    {"get_ready", "setup_wait", "segment_start", "segment_end", "paused", "resumed", "skipped", "finished"}
)


class Checkpoints(Protocol):
    """Where a runner keeps progress (the store in the app; a list in tests)."""

    def save(self, session: Session) -> None:
        """Save the session's snapshot; raise :class:`OSError`-like errors as ``CheckpointError``."""

    def finish(self, session: Session) -> None:
        """Record the finished session and forget the progress."""


class CheckpointError(Exception):
    """Progress could not be saved (disk full, read-only folder); the message says so for the user.

    ``kind`` groups the warnings (each kind is told once): ``busy`` (another program holds the database,
    retried at the next checkpoint), ``owner`` (another window owns the session) or ``storage``.
    ``told``: the user already knows (a read-only data folder is said when the store opens), so the
    runner records that nothing was saved without saying it again.
    """

    def __init__(self, message: str, kind: str = "storage", *, told: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.told = told


@dataclass
class SessionRunner:
    """Drive a session: wake-ups, controls, cues, the events log and checkpoints."""

    session: Session
    cues: Cues
    checkpoints: Checkpoints | None = None
    events_out: TextIO | None = None
    on_warning: Callable[[str], None] | None = None
    gap_limit: float = GAP_LIMIT_SECONDS
    began: float | None = None
    expected: float | None = None
    last_checkpoint: float | None = None
    warned: set[str] = field(default_factory=set)
    observers: list[Callable[[list[Event]], None]] = field(default_factory=list)
    """Called after every batch the runner handled, even an empty one (the phone page follows these)."""
    awake_clock: Callable[[], float] | None = None
    """A clock that stops while the machine sleeps (``time.monotonic`` on Linux), to tell a sleep from a
    stopped process when the session clock shows a gap; None: every gap is told as a stopped app."""
    pause_reason: str | None = None
    """Why the session paused by itself ("this computer was asleep for 3 minutes"), until it resumes."""
    own_time: float = 0.0
    """Session-clock time spent inside our own saves since the last wake-up: never counted as a gap."""
    saved: bool = True
    """Whether the last save (or the finish) reached the store."""
    saved_at: float | None = None
    """Clock time of the last save that reached the store (None: none has, this run)."""
    _awake_mark: tuple[float, float] | None = None
    _late: list[Event] = field(default_factory=list)

    @property
    def clock(self) -> Callable[[], float]:
        """The session's clock."""
        return self.session.clock

    def begin(self) -> list[Event]:
        """Leave the reminder and start timing (or come back paused, for a restored session)."""
        now = self.clock()
        self.began = now
        return self._handle(self.session.begin(now), now)

    def wake(self) -> list[Event]:
        """Bring the session up to now; call when the time :meth:`next_wakeup` gave has come."""
        now = self.clock()
        events = self._catch_gap(now)
        events += self.session.poll(now)
        return self._handle(events, now)

    def control(self, name: str) -> list[Event]:
        """Apply a control by name (see ``CONTROLS``)."""
        now = self.clock()
        events = self._catch_gap(now)
        session = self.session
        actions: dict[str, Callable[[], list[Event]]] = {
            "toggle_pause": lambda: session.toggle_pause(now),
            "pause": lambda: session.pause(now),
            "resume": lambda: session.resume(now),
            "next": lambda: session.next(now),
            "previous": lambda: session.previous(now),
            "plus": lambda: session.adjust(ADJUST_SECONDS, now),
            "minus": lambda: session.adjust(-ADJUST_SECONDS, now),
            "hurts": lambda: session.hurts(now),
            "restart": lambda: session.restart(now),
            "go": lambda: session.go(now),
        }
        if name not in actions:
            raise ValueError(f"unknown control {name!r}")
        events += actions[name]()
        return self._handle(events, now, force_save=True)

    def next_wakeup(self) -> float | None:
        """The clock time of the next wake-up, or None while nothing runs."""
        wake = self.session.next_wakeup()
        due = self._checkpoint_due()
        # While a session runs, the countdown wakes at least once a second, and a checkpoint rides on those
        # wake-ups (see _checkpoint_needed). A wake-up of its own is asked for only if none would come in
        # time, so there is never a second timer beside the countdown's.
        if wake is not None and due is not None and wake > due + TIMER_TOLERANCE:
            wake = due
        self.expected = wake
        if self.awake_clock is not None:
            self._awake_mark = (self.clock(), self.awake_clock())
        return wake

    def save(self) -> bool:
        """Save progress now (on quit, on a signal, before an error takes the app down); whether it was.

        The session is first brought up to now, through the usual path, so the saved point is the true one
        and the events log stays complete. True also when there is nothing to save.
        """
        if self.checkpoints is None or self.began is None or self.session.finished:
            return self.saved
        now = self.clock()
        self._handle(self.session.poll(now), now, force_save=True)
        return self.saved

    def _catch_gap(self, now: float) -> list[Event]:
        # A wake-up far later than asked for means the process did not run (suspend, ctrl+z, a stall):
        # that time was not the user's, so pause where the gap began.
        expected, own = self.expected, self.own_time
        self.expected, self.own_time = None, 0.0
        if expected is None or not self.session.running or now - expected - own <= self.gap_limit:
            return []
        self.pause_reason = gap_reason(now - expected, self._asleep(now))
        # The reason goes with the event too: plain mode prints it and the events log records it.
        events = [
            replace(e, detail=self.pause_reason) if e.name == "paused" else e
            for e in self.session.pause(now, at=expected)
        ]
        # What fell due as the gap began happened while nobody heard it: recorded, but not played late.
        self._late = [e for e in events if e.name != "paused"]
        return events

    def _asleep(self, now: float) -> float | None:
        """Of the time since the last wake-up was asked for, how much the machine slept (None: unknown)."""
        if self.awake_clock is None or self._awake_mark is None:
            return None
        then, awake_then = self._awake_mark
        return max(0.0, (now - then) - (self.awake_clock() - awake_then))

    def _handle(self, events: list[Event], now: float, *, force_save: bool = False) -> list[Event]:
        if self.events_out is not None:
            self._log(events)
        late, self._late = self._late, []
        dispatch(self.cues, self.session.routine, [e for e in events if e not in late])
        names = {e.name for e in events}
        if "resumed" in names:
            self.pause_reason = None
        if "finished" in names:
            self._finish()
        elif (
            self.checkpoints is not None
            and not self.session.finished
            and (force_save or names & _STATE_CHANGES or self._checkpoint_needed(now))
        ):
            self._save(now)
        for observe in self.observers:
            observe(events)
        return events

    def _checkpoint_due(self) -> float | None:
        """When the next checkpoint must be taken at the latest (None: nothing to save, or not yet begun)."""
        if self.checkpoints is None or self.last_checkpoint is None or not self.session.running:
            return None
        return self.last_checkpoint + CHECKPOINT_EVERY_SECONDS

    def _checkpoint_needed(self, now: float) -> bool:
        # Save on this wake-up when waiting for the next one would leave more than a second unsaved. After a
        # key pressed between two seconds, that saves on the next whole second, not a part second later.
        due = self._checkpoint_due()
        if due is None:
            return self.last_checkpoint is None
        following = self.session.next_wakeup(now)
        return now >= due - TIMER_TOLERANCE or (following is not None and following > due + TIMER_TOLERANCE)

    def _log(self, events: list[Event]) -> None:
        assert self.events_out is not None
        began = self.began if self.began is not None else 0.0
        steps = self.session.routine.steps
        for event in events:
            step = steps[event.step]
            record: dict[str, Any] = {
                "t": round(self.clock() - began, 4),
                "due": round(event.due - began, 4),
                "event": event.name,
                "segment": event.step,
                "region": step.region,
                "side": step.side,
                "technique": step.technique,
            }
            if event.detail:
                record["detail"] = event.detail
            try:
                self.events_out.write(json.dumps(record) + "\n")
                self.events_out.flush()
            except OSError as exc:
                # The log is a record for scripts; losing it must not end the session.
                self.events_out = None
                self._warn(
                    "events", f"The events file cannot be written ({exc.strerror}); no more events go to it."
                )
                return

    def _save(self, now: float) -> None:
        assert self.checkpoints is not None
        try:
            self.checkpoints.save(self.session)
            self.saved, self.saved_at = True, now
        except CheckpointError as exc:
            # A busy database is tried again at the next checkpoint, a second later.
            self.saved = False
            if not exc.told:
                self._warn(exc.kind, str(exc))
        self.last_checkpoint = now
        self.own_time += max(0.0, self.clock() - now)

    def _finish(self) -> None:
        if self.checkpoints is None:
            return
        try:
            self.checkpoints.finish(self.session)
            self.saved = True
        except CheckpointError as exc:
            self.saved = False
            if not exc.told:
                self._warn(exc.kind, str(exc))

    def _warn(self, kind: str, message: str) -> None:
        # Tell the user once per kind of trouble (saving, the events log); the session goes on regardless.
        if kind in self.warned:
            return
        self.warned.add(kind)
        if self.on_warning is not None:
            self.on_warning(message)
