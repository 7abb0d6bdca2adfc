"""A quick optional question answered with one key (where is the pain, how did the re-test go). Esc skips."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unknot.learning.ratings import Option


class ChoiceScreen(ModalScreen[str | None]):
    """Dismisses with the chosen option's value, or None when skipped."""

    CSS_PATH = "pain.tcss"  # the same box as the pain rating, centred like it
    DEFAULT_CSS = "ChoiceScreen { align: center middle; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="pain.skip", tooltip="Skip this question"),
    ]

    def __init__(self, question: str, options: Sequence[Option]) -> None:
        super().__init__()
        self.question = question
        self.options = tuple(options)

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-box"):
            yield Static(self.question, id="pain-question")
            yield Static("   ".join(f"[b]{o.key}[/b] {o.label}" for o in self.options), id="choice-options")
            yield Static("One key to answer · Esc to skip (it is optional)", id="pain-keys")

    def on_key(self, event: events.Key) -> None:
        chosen = next((o for o in self.options if o.key == event.character), None)
        if chosen is not None:
            event.stop()
            self.dismiss(chosen.value)

    def action_skip(self) -> None:
        """No answer this time."""
        self.dismiss(None)
