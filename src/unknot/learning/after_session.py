"""What is said around a session from its history: the lighter option before, the counts and offer after.

Shared by the app and the plain mode. Core module: no Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from unknot.errors import RoutineError
from unknot.learning.adapting import Advice, advise, save_lighter_copy
from unknot.learning.outcomes import load, week_line
from unknot.model.routine import Routine
from unknot.session.cues import step_title
from unknot.session.store import Store


def get_ready_advice(store: Store | None, routine: Routine) -> dict[int, str]:
    """The line each step's get-ready adds, by step index: for steps that hurt in 2 of the last 3 sessions."""
    if store is None:
        return {}
    return {index: a.get_ready_line for index, a in advise(routine, load(store)).items()}


@dataclass
class AfterSession:
    """The summary's extra lines, and the lighter copy it can offer to save."""

    routine: Routine
    lines: list[str] = field(default_factory=list)
    advice: dict[int, Advice] = field(default_factory=dict)

    @property
    def offer(self) -> str:
        """What saving would do, or '' when there is nothing to offer."""
        if not self.advice:
            return ""
        changes = "; ".join(sorted({a.suggestion for a in self.advice.values()}))
        return f"save a copy of this routine with {changes}; the original stays as it is"

    def save(self, folder: Path) -> str:
        """Save the lighter copy in ``folder``; the message to show (it says what went wrong, too)."""
        try:
            path = save_lighter_copy(self.routine, self.advice, folder)
        except (OSError, RoutineError) as exc:
            return f"The lighter copy was not saved: {exc}"
        return f"Saved a lighter copy as {path.stem} ({path}); pick it in the list next time."


def after_session(store: Store | None, routine: Routine, now: datetime) -> AfterSession:
    """Counts for the summary ("3rd session this week") and the advice from the routine's last sessions."""
    result = AfterSession(routine)
    if store is None:
        return result
    sessions = load(store)
    if not sessions:
        return result
    result.lines.append(f"{week_line(sessions, now)}.")
    result.advice = advise(routine, sessions)
    steps = routine.steps
    for index, advice in sorted(result.advice.items()):
        result.lines.append(
            f"{step_title(steps[index])} hurt in {advice.hurt_in} of your last {advice.out_of} sessions."
        )
    return result
