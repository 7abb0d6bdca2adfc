"""The floor view's words: the phase in large letters, and how the player names what it shows."""

from __future__ import annotations

from collections.abc import Sequence

from unknot.model.routine import Step, format_seconds
from unknot.plain.detail import position_name
from unknot.session.cues import step_title
from unknot.session.texts import describe_step


def phase_word(paused: bool, getting_ready: bool, switches_side: bool) -> str:
    """The phase in large letters: GET READY, SWITCH SIDES, NOW or PAUSED."""
    if paused:
        return "Paused"
    if getting_ready:
        return "Switch sides" if switches_side else "Get ready"
    return "Now"


def routine_left(seconds: float) -> str:
    """The routine's time left: in whole minutes (it need not redraw every second), then to the second."""
    if seconds > 60:
        return f"{int(-(-seconds // 60))} min left"
    return f"{format_seconds(seconds)} left"


def how_line(step: Step) -> str:
    """``Trigger point · moderate pressure · tennis ball · On your back``: technique, pressure, tool and
    the step's position."""
    return f"{describe_step(step)} · {position_name(step)}"


def banner_place(step: Step) -> str:
    """The place in the large letters: ``Left piriformis`` (the step's title without its note)."""
    return step_title(step).split(" (")[0]


def banner_texts(steps: Sequence[Step]) -> list[tuple[str, str]]:
    """Every phase and place the large letters may show for ``steps``: their size is chosen so all fit."""
    return [
        (word, banner_place(step))
        for step in steps
        for word in (phase_word(False, True, step.switches_side), phase_word(False, False, False), "Paused")
    ]
