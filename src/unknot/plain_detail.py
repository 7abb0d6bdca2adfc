"""What plain mode says beyond the event lines, for someone who listens rather than looks.

A screen reader user cannot glance at the body map or the instruction: each get-ready is followed by one
line with what to do, with what, in which position and how hard; ``t`` tells the time left in the step
and in the routine; and a pause the app made itself (a suspend, a laptop asleep) says why.
"""

from __future__ import annotations

from unknot import catalog, positions
from unknot.engine import Phase, Session
from unknot.routine import Step, describe_seconds
from unknot.texts import step_instruction


def position_name(step: Step) -> str:
    """The position of ``step``: the default for its region and technique (positions.py).

    Steps name their own position once routines carry one (issue 12); the lead wires that in here.
    """
    try:
        position_id, _tool = positions.default_setup(step.region, step.technique)
    except KeyError:
        return ""
    return positions.POSITIONS[position_id].name


def get_ready_detail(step: Step) -> str:
    """``How: <instruction> With: tennis ball. Position: On your back. Pressure: firm.``"""
    pressure = step.pressure or catalog.TECHNIQUES[step.technique].pressure
    parts = [f"How: {step_instruction(step)}"]
    if step.tool:
        parts.append(f"With: {step.tool}.")
    position = position_name(step)
    if position:
        parts.append(f"Position: {position}.")
    parts.append(f"Pressure: {pressure}.")
    return " ".join(parts)


def time_left(session: Session) -> str:
    """``Time left: 0:42 in this step (get-ready), 7 minutes 10 seconds in the routine.``"""
    where = "of get-ready" if session.phase is Phase.GET_READY else "in this step"
    paused = " Paused." if session.paused else ""
    step = describe_seconds(round(session.remaining()))
    routine = describe_seconds(round(session.routine_remaining()))
    return f"Time left: {step} {where}, {routine} in the routine.{paused}"


def gap_reason(seconds: float) -> str:
    """``Paused: the app was stopped for 3 seconds`` (ctrl+z, a suspend, a laptop asleep)."""
    return f"Paused: the app was stopped for {describe_seconds(max(1, round(seconds)))}"
