"""The words unknot says about a session, shared by the app's screens and the plain mode."""

from __future__ import annotations

from unknot.model import catalog, safety
from unknot.model.plan import step_instruction as step_instruction  # where the player finds it
from unknot.model.plan import step_pressure
from unknot.model.positions import TOOLS
from unknot.model.routine import Routine, Step, format_seconds
from unknot.session.cues import step_title
from unknot.session.events import Summary


def reminder_text() -> str:
    """The reminder as plain text (the reminder screen shows the same groups and words)."""
    groups = "\n\n".join(f"{g.heading}: {safety.sign_group_text(g)}" for g in safety.SIGN_GROUPS)
    return f"{safety.REMINDER_TITLE}\n\n{safety.REMINDER_INTRO}\n\n{groups}\n\n{safety.UNDERLYING_CAUSES}"


def summary_lines(
    routine: Routine, summary: Summary, pain_before: int | None = None, pain_after: int | None = None
) -> list[str]:
    """The summary as lines of text (the summary screen shows the same lines).

    With both pain ratings given, a rise of two points or more adds :func:`unknot.model.safety.pain_went_up`.
    """
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
    return lines + safety.pain_went_up(pain_before, pain_after)


def describe_step(step: Step) -> str:
    """``Trigger point · moderate pressure · lacrosse ball``."""
    parts = [catalog.TECHNIQUES[step.technique].name, f"{step_pressure(step)} pressure"]
    parts.append(TOOLS[step.tool].name)
    return " · ".join(parts)
