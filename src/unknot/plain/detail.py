"""What plain mode says beyond the event lines, for someone who listens rather than looks.

A screen reader user cannot glance at the body map or the instruction: each get-ready (which names the
tool and the position) is followed by one line with what to do and how hard; ``t`` tells the time left in
the step and in the routine; and a pause the app made itself (a suspend, a laptop asleep) says why.
"""

from __future__ import annotations

from unknot.model import positions
from unknot.model.plan import step_instruction, step_pressure
from unknot.model.routine import Step, describe_seconds
from unknot.session.engine import Session
from unknot.session.events import Phase


def position_name(step: Step) -> str:
    """The display name of the position ``step`` is done in (its own, or its pair's default)."""
    return positions.POSITIONS[step.position].name


def get_ready_detail(step: Step) -> str:
    """``How: <instruction> Pressure: moderate.``"""
    # The get-ready line itself names the tool and the position (plan.get_ready_lines); not again here.
    return f"How: {step_instruction(step)} Pressure: {step_pressure(step)}."


def time_left(session: Session) -> str:
    """``Time left: 0:42 in this step (get-ready), 7 minutes 10 seconds in the routine.``"""
    where = "of get-ready" if session.phase is Phase.GET_READY else "in this step"
    paused = " Paused." if session.paused else ""
    step = describe_seconds(round(session.remaining()))
    routine = describe_seconds(round(session.routine_remaining()))
    return f"Time left: {step} {where}, {routine} in the routine.{paused}"
