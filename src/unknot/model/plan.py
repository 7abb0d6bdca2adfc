"""A routine as a plan to follow at home: equipment, set-up lines, ``show`` and ``show --json``.

Built from the data only (positions, tools, the catalog), so that the words stay in step with the
routine: the set-up line before a step is the tool's name and the position's own set-up sentence.
"""

from __future__ import annotations

from typing import Any

from unknot.model import catalog
from unknot.model.dosing import PHASE_NAMES
from unknot.model.positions import POSITIONS, TOOLS
from unknot.model.routine import Routine, Step, describe_seconds, format_seconds
from unknot.safetext import safe


def region_title(region: str, side: str) -> str:
    """``Left piriformis`` / ``Lower back``: a region id with its side, as a person says it."""
    name = catalog.REGIONS[region].name
    if side == "none":
        return name
    return f"{side.capitalize()} {name[0].lower()}{name[1:]}"


def step_title(step: Step) -> str:
    """``Left piriformis`` / ``Lower back``: the step's region with its side."""
    return region_title(step.region, step.side)


def equipment_line(routine: Routine) -> str:
    """``You need: foam roller, lacrosse ball`` (your hands are always there, so they are left out)."""
    things = [TOOLS[tool].name for tool in routine.equipment if tool != "hands"]
    return f"You need: {', '.join(things)}" if things else "You need: nothing but your hands"


def _clause(sentence: str) -> str:
    """A set-up sentence as a clause: "Lie on your back, knees bent." -> "lie on your back, knees bent"."""
    text = sentence.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def setup_line(step: Step) -> str:
    """``Set up: lacrosse ball; lie on your back, knees bent, feet flat``."""
    return f"Set up: {TOOLS[step.tool].name}; {_clause(POSITIONS[step.position].setup)}"


def setup_words(step: Step) -> str:
    """Tool and position, short, for a spoken or one-line look-ahead: ``lacrosse ball, on your back``."""
    return f"{TOOLS[step.tool].name}, {POSITIONS[step.position].name.lower()}"


def step_pressure(step: Step) -> str:
    """The step's pressure, or its technique's usual one."""
    return step.pressure or catalog.TECHNIQUES[step.technique].pressure


def step_instruction(step: Step) -> str:
    """The routine's note for this step, or the catalog's words for its region, technique and set-up."""
    return step.note or catalog.instruction(step.region, step.technique, step.position, step.tool)


def routine_json(routine: Routine) -> dict[str, Any]:
    """The ``show --json`` document: sides expanded, ``start`` counting get-ready time."""
    return {
        "id": routine.id,
        "name": routine.name,
        "total_seconds": routine.total_seconds,
        "work_seconds": routine.work_seconds,
        "transition_seconds": routine.transition,
        "equipment": list(routine.equipment),
        "segments": [
            {
                "region": step.region,
                "technique": step.technique,
                "side": step.side,
                "seconds": step.seconds,
                "start": routine.step_start(step.index),
                "position": step.position,
                "tool": step.tool,
                "get_ready": step.get_ready,
                "pressure": step_pressure(step),
                "instruction": step_instruction(step),
                "phases": [{"name": phase.name, "seconds": phase.seconds} for phase in step.phases],
            }
            for step in routine.steps
        ],
    }


def show_lines(routine: Routine) -> list[str]:
    """The home-program view of ``unknot show``: equipment, then every step with its instruction."""
    lines = [f"{safe(routine.name)}  ({safe(routine.id)})"]
    if routine.description:
        lines.append(safe(routine.description))
    lines += ["", equipment_line(routine), ""]
    header = ("START", "REGION", "SIDE", "TECHNIQUE", "POSITION", "TOOL", "READY", "TIME")
    rows = [
        (
            format_seconds(routine.step_start(step.index)),
            catalog.REGIONS[step.region].name,
            "-" if step.side == "none" else step.side,
            catalog.TECHNIQUES[step.technique].name,
            POSITIONS[step.position].name,
            TOOLS[step.tool].name,
            f"{step.get_ready} s",
            format_seconds(step.seconds),
        )
        for step in routine.steps
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    right = {0, 6, 7}

    def fmt(row: tuple[str, ...]) -> str:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    lines.append(fmt(header))
    indent = " " * (widths[0] + 2)
    for step, row in zip(routine.steps, rows, strict=True):
        lines.append(fmt(row))
        lines.append(f"{indent}{safe(step_instruction(step))}")
        if step.phases:
            parts = ", ".join(f"{phase.name} {phase.seconds} s" for phase in step.phases)
            lines.append(f"{indent}Phases: {parts}.")
    setup = routine.setup_total
    lines.append(
        f"\nTotal {format_seconds(routine.total_seconds)} on the clock: "
        f"{format_seconds(routine.work_seconds)} of work and {format_seconds(setup)} of get-ready "
        f"over {len(routine.steps)} steps (at least {routine.transition} s before each, more where"
        " the position or tool changes)."
    )
    return lines


def get_ready_lines(step: Step, changes: bool | None = None) -> list[str]:
    """What a get-ready says in plain mode: the step, then how to set up for it.

    ``Get ready: Left piriformis, Trigger point, 1 minute, tennis ball, on your back`` and, when the
    position or tool changes (``changes``: as the session finds it, after going back or skipping; else
    as planned), ``Set up: tennis ball; lie on your back, knees bent, feet flat``.
    """
    first = f"Get ready: {', '.join(step_words(step))}"
    changed = step.changes_setup if changes is None else changes
    return [first, setup_line(step)] if changed else [first]


def step_words(step: Step) -> tuple[str, str, str, str]:
    """What a get-ready names, for the line and the spoken look-ahead alike: ``Left piriformis``,
    ``Trigger point``, ``1 minute``, ``tennis ball, on your back``."""
    technique = catalog.TECHNIQUES[step.technique].name
    return step_title(step), technique, describe_seconds(step.seconds), setup_words(step)


def next_line(step: Step | None) -> str:
    """``Next: Left piriformis · Trigger point · 1:00``, or ``Next: finish`` after the last step."""
    if step is None:
        return "Next: finish"
    technique = catalog.TECHNIQUES[step.technique].name
    return f"Next: {step_title(step)} · {technique} · {format_seconds(step.seconds)}"


WAIT_LINE = "Ready? space to start"
"""Shown (and, in plain mode, printed) while a set-up wait holds."""


def phase_line(name: str) -> str:
    """The words for a phase of a held step: ``Find the spot``, ``Hold``, ``Release``."""
    return next((text for key, text in PHASE_NAMES.items() if key == name), name.capitalize())
