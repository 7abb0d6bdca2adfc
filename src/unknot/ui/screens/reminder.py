"""The reminder shown before every session, before any timing starts."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from unknot import catalog
from unknot.routine import Routine, format_seconds


class ReminderScreen(Screen[bool]):
    """Consult a qualified professional: Enter begins (dismisses True), Esc goes back (False)."""

    CSS_PATH = "reminder.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "begin", "Begin", id="reminder.begin", tooltip="I have read this: start the session"
        ),
        Binding("escape", "back", "Back", id="reminder.back", tooltip="Go back without starting"),
    ]

    def __init__(self, routine: Routine, *, resuming: bool = False) -> None:
        super().__init__()
        self.routine = routine
        self.resuming = resuming

    def compose(self) -> ComposeResult:
        signs = "\n".join(f"• {sign}" for sign in catalog.STOP_SIGNS)
        what = "Resume" if self.resuming else "Start"
        with VerticalScroll(id="reminder-body"):
            yield Static(catalog.REMINDER_TITLE, id="reminder-title")
            yield Static(catalog.REMINDER_INTRO, classes="reminder-para")
            yield Static("Stop, and see someone first, if you have:", classes="reminder-subhead")
            yield Static(signs, id="reminder-signs")
            yield Static(catalog.UNDERLYING_CAUSES, classes="reminder-para")
            yield Static(catalog.STOP_IF_PAIN, classes="reminder-para", id="reminder-pain")
        with Center(id="reminder-prompt"):
            yield Static(
                f"[b]Enter[/b] {what.lower()} “{self.routine.name}” "
                f"({format_seconds(self.routine.total_seconds)})   [b]Esc[/b] go back",
                id="reminder-keys",
            )
            with Horizontal(id="reminder-buttons"):  # for a mouse, or a finger through `unknot serve`
                yield Button(what, id="reminder-begin", variant="primary")
                yield Button("Back", id="reminder-back-button")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "reminder-begin")

    def action_begin(self) -> None:
        """The user has read the reminder."""
        self.dismiss(True)

    def action_back(self) -> None:
        """Leave without starting."""
        self.dismiss(False)
