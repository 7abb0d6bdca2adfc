"""Where the phases of a step fall while it runs, once +/- 15 s has changed its length.

:func:`unknot.model.dosing.phases` plans a trigger-point step as find, hold, release. In a session the step
can grow or shrink; the hold is what stretches: find keeps its start and length, and release stays the
last seconds of the step, so "roll off slowly" always comes just before the end.
"""

from __future__ import annotations

from unknot.model.dosing import BREATH_IN_SECONDS, BREATH_OUT_SECONDS, BREATHING_TECHNIQUES, PhaseName
from unknot.model.routine import Step


def phase_starts(step: Step, length: float) -> list[tuple[PhaseName, float]]:
    """Each phase of ``step`` with the second of the step it begins at, for a step ``length`` long.

    Empty for a step without phases. A start never comes before the one before it.
    """
    planned = step.phases
    if not planned:
        return []
    starts: list[tuple[PhaseName, float]] = []
    at = 0.0
    for n, phase in enumerate(planned):
        if n == len(planned) - 1 and n > 0:
            # The last phase keeps its length and ends with the step.
            at = max(at, length - phase.seconds)
        starts.append((phase.name, at))
        at += phase.seconds
    return starts


def phase_at(step: Step, length: float, elapsed: float) -> PhaseName | None:
    """The phase ``elapsed`` seconds into ``step`` falls in, or None for a step without phases."""
    current: PhaseName | None = None
    for name, start in phase_starts(step, length):
        if start <= elapsed:
            current = name
    return current


PACED = BREATHING_TECHNIQUES
"""The techniques held long enough to breathe with (:data:`unknot.model.dosing.BREATHING_TECHNIQUES`): the
pacer
shows during their steps."""


def breath_at(elapsed: float) -> tuple[str, int, int]:
    """Where a slow breath stands ``elapsed`` seconds into a hold: ("in" or "out", seconds done, of how
    many), from :data:`unknot.model.dosing.BREATH_IN_SECONDS` in and
    :data:`~unknot.model.dosing.BREATH_OUT_SECONDS`
    out, starting with a breath in."""
    cycle = BREATH_IN_SECONDS + BREATH_OUT_SECONDS
    into = int(max(0.0, elapsed)) % cycle
    if into < BREATH_IN_SECONDS:
        return "in", into + 1, BREATH_IN_SECONDS
    return "out", into - BREATH_IN_SECONDS + 1, BREATH_OUT_SECONDS
