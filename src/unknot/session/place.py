"""Where a saved session stands, read once from its snapshot: "segment 4 of 9, 0:42 left".

The snapshot is the engine's plain data (``Session.snapshot``), kept as JSON in the store. Both front ends
used to pick ``step``, ``length``, ``done`` and ``phase`` out of that dict and format them, each its own
way; :class:`SavedPlace` reads them once, typed, and says the place one way for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from unknot.model.routine import format_seconds


@dataclass(frozen=True)
class SavedPlace:
    """The step a saved session stopped in, how many there are, and the time left in that step."""

    step: int
    """The step's index, from 0."""
    steps: int | None
    """How many steps the routine has (None when the snapshot does not say)."""
    left: float
    """Seconds left in the step's get-ready or segment."""
    getting_ready: bool
    """Whether it stopped in the get-ready before the segment rather than in the segment."""

    @classmethod
    def of(cls, snapshot: Mapping[str, object], steps: int | None = None) -> SavedPlace | None:
        """The place ``snapshot`` records; None when it is damaged (a field missing or of the wrong kind).

        ``steps`` is the routine's number of steps; without it, the snapshot's per-step records count them.
        """
        try:
            step = int(snapshot["step"])  # type: ignore[call-overload]
            left = float(snapshot["length"]) - float(snapshot["done"])  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            return None
        records = snapshot.get("records")
        if steps is None and isinstance(records, list):
            steps = len(records)
        return cls(step, steps, max(0.0, left), snapshot.get("phase") == "get_ready")

    @property
    def segment(self) -> str:
        """``segment 4 of 9`` (``segment 4`` when the number of steps is not known)."""
        of = f" of {self.steps}" if self.steps is not None else ""
        return f"segment {self.step + 1}{of}"

    @property
    def where(self) -> str:
        """``at segment 4 of 9, 0:42 left`` or ``before segment 4 of 9, 0:03 of get-ready left``."""
        left = format_seconds(self.left)
        if self.getting_ready:
            return f"before {self.segment}, {left} of get-ready left"
        return f"at {self.segment}, {left} left"
