"""Where a saved session stands, read from its typed snapshot: "segment 4 of 9, 0:42 left".

The progress row keeps the engine's snapshot as JSON; :class:`~unknot.session.snapshot.Snapshot` reads it,
typed. Both front ends used to pick ``step``, ``length``, ``done`` and ``phase`` out of the raw dict and
format them, each its own way; :class:`SavedPlace` takes them from the typed snapshot and says the place one
way for both (the app's resume prompt and switch question, plain mode's question).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from unknot.model.routine import format_seconds
from unknot.session.events import Phase
from unknot.session.snapshot import Snapshot, SnapshotMismatch


@dataclass(frozen=True)
class SavedPlace:
    """The step a saved session stopped in, how many there are, and the time left in that step."""

    step: int
    """The step's index, from 0."""
    steps: int
    """How many steps the routine has."""
    left: float
    """Seconds left in the step's get-ready or segment."""
    getting_ready: bool
    """Whether it stopped in the get-ready before the segment rather than in the segment."""

    @classmethod
    def of(cls, snapshot: Snapshot | Mapping[str, Any], steps: int | None = None) -> SavedPlace | None:
        """The place ``snapshot`` (typed, or as stored) records; None when it is damaged.

        ``steps`` is the routine's number of steps; without it, the snapshot's per-step records count them.
        """
        if not isinstance(snapshot, Snapshot):
            try:
                snapshot = Snapshot.from_dict(snapshot)
            except SnapshotMismatch:
                return None
        count = len(snapshot.records) if steps is None else steps
        return cls(snapshot.step, count, max(0.0, snapshot.left), snapshot.phase is Phase.GET_READY)

    @property
    def segment(self) -> str:
        """``segment 4 of 9``."""
        return f"segment {self.step + 1} of {self.steps}"

    @property
    def where(self) -> str:
        """``at segment 4 of 9, 0:42 left`` or ``before segment 4 of 9, 0:03 of get-ready left``."""
        left = format_seconds(self.left)
        if self.getting_ready:
            return f"before {self.segment}, {left} of get-ready left"
        return f"at {self.segment}, {left} left"
