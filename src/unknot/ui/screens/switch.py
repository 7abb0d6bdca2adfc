"""Asked before another routine replaces a session in progress: it names both, as plain mode does.

Starting a routine (from the list or the command palette) while a session is saved would otherwise drop
that session without a word. Enter or the first button starts the new routine (the saved session is
discarded); Esc or the second keeps the saved one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from unknot.model.routine import Routine
from unknot.session.store_records import Progress

if TYPE_CHECKING:
    from unknot.ui.app import UnknotApp


def switch_question(progress: Progress, routine: Routine) -> str:
    """``A session of 'Quick relief, 5 min' is in progress at segment 4 of 8, 0:42 left. Start ...``."""
    from unknot.model.routine import format_seconds

    snapshot = progress.snapshot
    where = ""
    if "step" in snapshot and "length" in snapshot and "done" in snapshot:
        left = format_seconds(float(snapshot["length"]) - float(snapshot["done"]))
        where = f" at segment {int(snapshot['step']) + 1}, {left} left"
    return (
        f"A session of '{progress.routine_name}' is in progress{where}. "
        f"Start '{routine.name}' instead? The session of '{progress.routine_name}' would be discarded."
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
                yield Button(f"Start '{self.routine.name}'", id="switch-start", variant="warning")
                yield Button(f"Keep '{self.progress.routine_name}'", id="switch-keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "switch-start")

    def action_answer(self, start: bool) -> None:
        """Close with the answer."""
        self.dismiss(start)


def start_asking(app: UnknotApp, routine: Routine) -> None:
    """Start ``routine`` in ``app``; when a session is saved, ask first, and on yes end it and start."""
    from unknot.ui.screens.player import PlayerScreen

    app.save_progress()
    store = app.services.store
    progress = store.load_progress() if store is not None else None
    if progress is None:
        app.begin_routine(routine)
        return

    def answered(start: bool | None) -> None:
        if not start:
            return
        player = next((s for s in app.screen_stack if isinstance(s, PlayerScreen)), None)
        if player is not None:  # the palette, over a running player: that session ends here
            while app.screen is not player:
                app.pop_screen()
            player.end_here()
        app.clear_saved_session()
        app.begin_routine(routine)

    app.push_screen(SwitchScreen(progress, routine), answered)
