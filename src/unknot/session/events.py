"""The session's value types: what happened (:class:`Event`), where a session stands (:class:`Phase`), what
became of each step (:class:`Outcome`, :class:`StepRecord`) and what the session came to (:class:`Summary`).

Plain data with no behaviour, apart from the state machine (:mod:`unknot.session.engine`) that makes them,
so front ends, cues and the export can read events without importing the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

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

TICK_SECONDS = (3, 2, 1)
"""The seconds left in a segment at which a ``tick`` event falls due."""


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
