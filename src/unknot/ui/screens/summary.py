"""The summary at the end of a session: time per region, what was skipped, the total."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from unknot import catalog
from unknot.cues import step_title
from unknot.engine import Summary
from unknot.routine import Routine, format_seconds


def summary_lines(routine: Routine, summary: Summary) -> list[str]:
    """The summary as lines of text (shared with the plain mode)."""
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


class SummaryScreen(Screen[None]):
    """Session complete. Enter goes back to the picker."""

    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Done", id="summary.done", tooltip="Back to the routines"),
        Binding("escape", "done", "Done", show=False),
        Binding("q", "app.quit", "Quit", id="summary.quit", tooltip="Leave unknot"),
    ]

    def __init__(self, routine: Routine, summary: Summary) -> None:
        super().__init__()
        self.routine = routine
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-body"):
            yield Static("Session complete", id="summary-title")
            yield Static(self.routine.name, id="summary-routine")
            yield Static("\n".join(summary_lines(self.routine, self.summary)), id="summary-lines")
            yield Static(id="summary-pain")
            yield Static("Press Enter to go back.", id="summary-keys")
        yield Footer()

    def show_pain_after(self, pain: int) -> None:
        """Show the pain rating given after the session."""
        self.query_one("#summary-pain", Static).update(f"Pain now: {pain} of 10 (saved to your history)")

    def action_done(self) -> None:
        """Back to the routines."""
        self.dismiss(None)
