"""The summary at the end of a session: time per region, what was skipped, the total."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from unknot.engine import Summary
from unknot.routine import Routine
from unknot.texts import summary_lines
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown


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
            yield Static(shown(self.routine.name), id="summary-routine")
            yield Static("\n".join(summary_lines(self.routine, self.summary)), id="summary-lines")
            yield Static(id="summary-pain")
            yield Static(f"Press {key_hint(self.app, 'summary.done')} to go back.", id="summary-keys")
        yield Footer()

    def show_pain_after(self, pain: int) -> None:
        """Show the pain rating given after the session."""
        self.query_one("#summary-pain", Static).update(f"Pain now: {pain} of 10 (saved to your history)")

    def action_done(self) -> None:
        """Back to the routines."""
        self.dismiss(None)
