"""The summary at the end of a session: time per region, what was skipped, the total, and how it went."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from unknot.learning.after_session import AfterSession
from unknot.model.routine import Routine
from unknot.model.safety import pain_went_up
from unknot.session.events import Summary
from unknot.session.texts import summary_lines
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown


class SummaryScreen(Screen[None]):
    """Session complete. Enter goes back to the picker; s saves a lighter copy when one is offered."""

    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Done", id="summary.done", tooltip="Back to the routines"),
        Binding("escape", "done", "Done", show=False),
        Binding("s", "save_lighter", "Save lighter copy", id="summary.lighter", tooltip="A lighter copy"),
        Binding("q", "app.quit", "Quit", id="summary.quit", tooltip="Leave unknot"),
    ]

    def __init__(self, routine: Routine, summary: Summary, extra: AfterSession | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.summary = summary
        self.extra = extra if extra is not None else AfterSession(routine)
        self._notes: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-body"):
            yield Static("Session complete", id="summary-title")
            yield Static(shown(self.routine.name), id="summary-routine")
            yield Static("\n".join(summary_lines(self.routine, self.summary)), id="summary-lines")
            if self.extra.lines:
                yield Static("\n".join(self.extra.lines), id="summary-counts")
            if self.extra.offer:
                yield Static(f"Press s to {self.extra.offer}.", id="summary-offer")
            yield Static(id="summary-pain")
            yield Static(f"Press {key_hint(self.app, 'summary.done')} to go back.", id="summary-keys")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_lighter":
            return bool(self.extra.offer)  # the key shows only when there is a copy to offer
        return True

    def show_pain_after(self, pain: int, before: int | None = None) -> None:
        """Show the pain rating given after the session, and a word of advice when it rose."""
        for line in [f"Pain now: {pain} of 10 (saved to your history)", *pain_went_up(before, pain)]:
            self.show_note(line)

    def show_note(self, text: str) -> None:
        """Add a line under the summary (a rating saved, a copy written)."""
        self._notes.append(text)
        self.query_one("#summary-pain", Static).update("\n".join(self._notes))

    def action_save_lighter(self) -> None:
        """Save a copy of the routine with the lighter option for the steps that hurt (once)."""
        from unknot.paths import user_routines_dir

        if not self.extra.offer:
            return
        self.show_note(self.extra.save(user_routines_dir()))
        self.extra.advice.clear()
        self.query_one("#summary-offer", Static).display = False
        self.refresh_bindings()

    def action_done(self) -> None:
        """Back to the routines."""
        self.dismiss(None)
