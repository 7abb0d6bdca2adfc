"""Asked before another routine replaces a session in progress: it names both, as plain mode does.

Starting a routine (from the list or the command palette) while a session is saved would otherwise drop
that session without a word. Enter or the first button starts the new routine (the saved session is
discarded); Esc or the second keeps the saved one. When it is asked is the session flow's rule
(``unknot.session.flow.on_start``; the app's side is ``unknot.ui.starting``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from unknot.model.routine import Routine
from unknot.session.place import SavedPlace
from unknot.session.store_records import Progress
from unknot.ui.shown import shown


def switch_question(progress: Progress, routine: Routine) -> str:
    """``A session of 'Quick relief, 5 min' is in progress at segment 4 of 8, 0:42 left. Start ...``."""
    place = SavedPlace.of(progress.snapshot)
    where = f" {place.where}" if place is not None else ""
    saved, asked = shown(progress.routine_name), shown(routine.name)
    return (
        f"A session of '{saved}' is in progress{where}. "
        f"Start '{asked}' instead? The session of '{saved}' would be discarded."
    )


class SwitchScreen(ModalScreen[bool]):
    """Dismisses True to start ``routine`` in place of the saved session, False to keep it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Keep", tooltip="Keep the session in progress"),
    ]
    DEFAULT_CSS = """
    SwitchScreen { align: center middle; }
    #switch-box { width: 72; max-width: 100%; height: auto; border: round $warning; padding: 1 2;
                  background: $surface; }
    #switch-buttons { height: auto; margin-top: 1; }
    #switch-buttons Button { margin-right: 2; }
    """

    def __init__(self, progress: Progress, routine: Routine) -> None:
        super().__init__()
        self.progress = progress
        self.routine = routine

    def compose(self) -> ComposeResult:
        with Vertical(id="switch-box"):
            yield Static(switch_question(self.progress, self.routine), id="switch-question")
            with Horizontal(id="switch-buttons"):
                yield Button(f"Start '{shown(self.routine.name)}'", id="switch-start", variant="warning")
                yield Button(f"Keep '{shown(self.progress.routine_name)}'", id="switch-keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "switch-start")

    def action_answer(self, start: bool) -> None:
        """Close with the answer."""
        self.dismiss(start)
