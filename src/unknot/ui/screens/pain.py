"""The optional pain rating, 0 to 10, asked before a session and after it. Esc skips it."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Static

from unknot.learning.ratings import pain_scale
from unknot.ui.keyhint import key_hint

SCALE = pain_scale(" · ")


class PainScreen(ModalScreen[int | None]):
    """Ask for a pain rating; dismisses with the number, or None when skipped."""

    CSS_PATH = "pain.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="pain.skip", tooltip="Skip the rating"),
    ]

    def __init__(self, moment: Literal["before", "after"]) -> None:
        super().__init__()
        self.moment = moment

    def compose(self) -> ComposeResult:
        question = (
            "Before you start: how much pain do you feel right now?"
            if self.moment == "before"
            else "How much pain do you feel now, after the session?"
        )
        with Vertical(id="pain-box"):
            yield Static(question, id="pain-question")
            yield Static(SCALE, id="pain-scale")
            answer = Input(
                placeholder="0-10",
                type="integer",
                max_length=2,
                validators=[Integer(minimum=0, maximum=10)],
                id="pain-input",
            )
            # A steady cursor: nothing on screen changes twice a second while someone catches their breath
            # after a session (and snapshots do not depend on the phase of the blink).
            answer.cursor_blink = False
            yield answer
            with Horizontal(id="pain-buttons"):
                yield Button("Save", id="pain-save", variant="primary")
                yield Button("Skip", id="pain-skip")
            yield Static(
                f"Enter to save · Enter alone or {key_hint(self.app, 'pain.skip')} skips (it is optional)",
                id="pain-keys",
            )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        # Buttons, so the prompt can be answered by mouse or touch (in a browser, through `unknot serve`).
        event.stop()
        if event.button.id == "pain-skip":
            self.dismiss(None)
        else:
            await self.query_one("#pain-input", Input).action_submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():  # nothing typed: the rating is optional, so Enter skips it
            self.dismiss(None)
            return
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.query_one("#pain-keys", Static).update("Please type a whole number from 0 to 10, or Esc.")
            return
        self.dismiss(int(event.value))

    def action_skip(self) -> None:
        """No rating this time."""
        self.dismiss(None)
