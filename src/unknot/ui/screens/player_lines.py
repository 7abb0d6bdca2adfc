"""The player's lines of text for a step, in words: the phase label, where, how, what to do, what next."""

from __future__ import annotations

from collections.abc import Mapping

from unknot.model import catalog
from unknot.model.plan import step_instruction
from unknot.model.routine import Step, format_seconds
from unknot.session.cues import step_title
from unknot.session.engine import Session
from unknot.session.events import Phase
from unknot.ui.screens.floor_words import how_line
from unknot.ui.shown import shown


def phase_label(session: Session, pause_reason: str | None, pause_key: str) -> str:
    """``Now · segment 4 of 9``, ``Get ready``, ``‖ Paused: why · space to resume`` or ``Ready? ...``."""
    step = session.step
    if session.waiting:
        return f"Ready? {pause_key} to start"
    if session.paused:
        why = f": {pause_reason}" if pause_reason else ""
        return f"‖ Paused{why} · {pause_key} to resume"
    if session.phase is Phase.GET_READY:
        return "Switch sides · get ready" if step.switches_side else "Get ready"
    return f"Now · segment {step.index + 1} of {len(session.routine.steps)}"


def up_next(following: Step | None) -> str:
    """``Next: Left piriformis · Trigger point · 1:30``, or ``Next: finish`` after the last step."""
    if following is None:
        return "Next: finish"
    technique = catalog.TECHNIQUES[following.technique].name
    return f"Next: {step_title(following)} · {technique} · {format_seconds(following.seconds)}"


def step_lines(
    session: Session, pause_reason: str | None, pause_key: str, advice: Mapping[int, str]
) -> dict[str, str]:
    """The player's lines of text for the step the session is in, by the selector of their widget."""
    step = session.step
    getting_ready = session.phase is Phase.GET_READY
    title = step_title(step)
    # A routine's tool and note are its author's text: shown as written, never read as markup.
    instruction = shown(step_instruction(step))
    if getting_ready and step.index in advice:
        instruction = f"{shown(advice[step.index])}\n{instruction}"
    return {
        "#phase-label": phase_label(session, pause_reason, pause_key),
        "#step-title": f"Move to: {title}" if getting_ready else title,
        "#step-how": shown(how_line(step)),
        "#step-instruction": instruction,
        "#up-next": up_next(session.next_step),
    }
