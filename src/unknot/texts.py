"""The words unknot says about a session, shared by the app's screens and the plain mode."""

from __future__ import annotations

from unknot import catalog
from unknot.cues import step_title
from unknot.engine import Summary
from unknot.positions import TOOLS
from unknot.routine import Routine, Step, format_seconds


def reminder_text() -> str:
    """The reminder as plain text (the reminder screen shows the same words)."""
    signs = "\n".join(f"  • {sign}" for sign in catalog.STOP_SIGNS)
    return (
        f"{catalog.REMINDER_TITLE}\n\n{catalog.REMINDER_INTRO}\n\n"
        f"Stop and see someone first if you have:\n{signs}\n\n"
        f"{catalog.UNDERLYING_CAUSES}\n\n{catalog.STOP_IF_PAIN}"
    )


def summary_lines(routine: Routine, summary: Summary) -> list[str]:
    """The summary as lines of text (the summary screen shows the same lines)."""
    worked = {region: secs for region, secs in summary.region_seconds.items() if secs > 0}
    lines = ["Time per region:"] if worked else ["No time was spent on any region."]
    width = max((len(catalog.REGIONS[r].name) for r in worked), default=0)
    lines += [f"  {catalog.REGIONS[r].name:<{width}}  {format_seconds(s):>6}" for r, s in worked.items()]
    steps = routine.steps
    for label, indexes in (("Skipped", summary.skipped), ("Hurt, so skipped", summary.hurts)):
        if indexes:
            titles = ", ".join(step_title(steps[i]) for i in indexes)
            lines.append(f"{label} ({len(indexes)}): {titles}")
    if not summary.skipped and not summary.hurts:
        lines.append("Nothing skipped.")
    lines.append(f"Total time: {format_seconds(summary.active_seconds)}")
    return lines


def describe_step(step: Step) -> str:
    """``Trigger point · firm pressure · lacrosse ball``."""
    technique = catalog.TECHNIQUES[step.technique]
    pressure = step.pressure or technique.pressure
    parts = [technique.name, f"{pressure} pressure"]
    parts.append(TOOLS[step.tool].name)
    return " · ".join(parts)


def step_instruction(step: Step) -> str:
    """The routine's note for this step, or the catalog's default for the region and technique."""
    return step.note or catalog.instruction(step.region, step.technique)
