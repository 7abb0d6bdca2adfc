"""The reminder shown before every session, before any timing starts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from unknot.model import safety
from unknot.model.plan import equipment_line
from unknot.model.routine import Routine, format_seconds
from unknot.safetext import safe
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown


class ReminderScreen(Screen[bool]):
    """The reminder (:mod:`unknot.model.safety`): Enter begins (dismisses True), Esc goes back (False)."""

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
        what = "Resume" if self.resuming else "Start"
        with VerticalScroll(id="reminder-body"):
            yield Static(safety.REMINDER_TITLE, id="reminder-title")
            yield Static(safety.REMINDER_INTRO, classes="reminder-para")
            hurts = safe(key_hint(self.app, "player.hurts"))  # the key bound, not always h
            for key, group in zip(("now", "first", "stop"), safety.SIGN_GROUPS, strict=True):
                # The heading leads its own paragraph, so the three groups fit a 100x30 screen unscrolled.
                said = safety.sign_group_text(group).replace("Press h", f"Press {hurts}")
                words = Text.assemble((f"{group.heading}: ", "bold"), said)
                yield Static(words, classes="reminder-para reminder-group", id=f"reminder-{key}")
            yield Static(safety.UNDERLYING_CAUSES, classes="reminder-para", id="reminder-causes")
        with Center(id="reminder-prompt"):
            yield Static(equipment_line(self.routine), id="reminder-equipment")
            begin, back = (shown(key_hint(self.app, f"reminder.{b}")) for b in ("begin", "back"))
            yield Static(
                f"[b]{begin}[/b] {what.lower()} “{shown(self.routine.name)}” "
                f"({format_seconds(self.routine.total_seconds)})   [b]{back}[/b] go back",
                id="reminder-keys",
            )
            with Horizontal(id="reminder-buttons"):  # for a mouse, or a finger through `unknot serve`
                # Compact (one row each), so the three groups above still fit a 100x30 screen unscrolled.
                yield Button(what, id="reminder-begin", variant="primary", compact=True)
                yield Button("Back", id="reminder-back-button", compact=True)
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
