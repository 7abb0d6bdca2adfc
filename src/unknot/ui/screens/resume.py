"""The resume prompt: a session was left in progress; resume it, start it over, or discard it.

The answers offered and what each one starts are the shared session flow's (``unknot.session.flow``);
this screen shows them as options to pick by key, mouse or touch.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from unknot.session.flow import Choice, Saved, resume_offers
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown


def resume_offer(saved: Saved) -> str:
    """``Resume 'SI joint relief, 10 min' at segment 4 of 9, 0:42 left``."""
    place = saved.place
    where = f" {place.where}" if place is not None else ""
    return f"Resume '{shown(saved.progress.routine_name)}'{where}"


class ResumeScreen(ModalScreen[Choice]):
    """Offer to resume the session in progress. Without a session (the routine changed), only start over or
    discard are offered, and ``problem`` says why."""

    CSS_PATH = "resume.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('later')", "Not now", id="resume.later", tooltip="Decide later"),
    ]

    def __init__(self, saved: Saved, *, instead: str | None = None) -> None:
        super().__init__()
        self.saved = saved
        self.progress = saved.progress
        self.instead = instead
        """The name of the routine asked for (`unknot run ID`), which discarding starts, named as such."""

    def compose(self) -> ComposeResult:
        discard = f"Discard it and start '{shown(self.instead)}'" if self.instead else "Discard this session"
        labels = {"resume": resume_offer(self.saved), "restart": "Start over from the beginning"}
        options = [
            Option(labels.get(offer.choice, discard), id=offer.choice, disabled=not offer.enabled)
            for offer in resume_offers(self.saved)
        ]
        if self.saved.gone:
            # Nothing can start it, and the file may only need a fix: the answer Enter gives first loses
            # nothing, and discarding is a choice the user moves to.
            options.insert(0, Option("Keep it, and fix the routine first", id="later"))
        with Vertical(id="resume-box"):
            yield Static("A session is in progress", id="resume-title")
            if self.saved.session is None:
                problem = self.saved.problem
                text = f"{problem[:1].upper()}{problem[1:]}. It cannot be resumed where it stopped."
                if self.saved.gone:
                    text += " Fix it (`unknot validate` on that file lists every problem)"
                    text += "; `unknot resume` then goes on."
                yield Static(shown(text), id="resume-problem")
            started = self.progress.started_at.astimezone().strftime("%a %d %b, %H:%M")
            yield Static(f"'{shown(self.progress.routine_name)}', started {started}.", id="resume-when")
            yield OptionList(*options, id="resume-options")
            yield Static(
                f"Enter or a click to choose · {key_hint(self.app, 'resume.later')} to decide later",
                id="resume-keys",
            )
            yield Button("Decide later", id="resume-later")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)  # type: ignore[arg-type]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("later")

    def action_choose(self, choice: str) -> None:
        """Close the prompt with ``choice``."""
        self.dismiss(choice)  # type: ignore[arg-type]
