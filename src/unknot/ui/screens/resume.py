"""The resume prompt: a session was left in progress; resume it, start it over, or discard it."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from unknot.model.routine import format_seconds
from unknot.session.engine import Session
from unknot.session.store_records import Progress
from unknot.ui.keyhint import key_hint
from unknot.ui.shown import shown

Choice = Literal["resume", "restart", "discard"]


def resume_offer(progress: Progress, session: Session | None) -> str:
    """``Resume 'SI joint relief, 10 min' at segment 4 of 9, 0:42 left``."""
    snapshot = progress.snapshot
    if session is None:
        return f"Resume '{shown(progress.routine_name)}'"
    steps = len(session.routine.steps)
    left = format_seconds(float(snapshot["length"]) - float(snapshot["done"]))
    where = f"segment {int(snapshot['step']) + 1} of {steps}"
    if snapshot.get("phase") == "get_ready":
        return f"Resume '{shown(progress.routine_name)}' before {where} ({left} of get-ready left)"
    return f"Resume '{shown(progress.routine_name)}' at {where}, {left} left"


class ResumeScreen(ModalScreen[Choice]):
    """Offer to resume the session in progress. Without a session (the routine changed), only start over or
    discard are offered, and ``problem`` says why."""

    CSS_PATH = "resume.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('later')", "Not now", id="resume.later", tooltip="Decide later"),
    ]

    def __init__(
        self, progress: Progress, session: Session | None, problem: str = "", *, instead: str | None = None
    ) -> None:
        super().__init__()
        self.progress = progress
        self.session = session
        self.problem = problem
        self.instead = instead
        """The name of the routine asked for (`unknot run ID`), which discarding starts, named as such."""

    def compose(self) -> ComposeResult:
        options = []
        if self.session is not None:
            options.append(Option(resume_offer(self.progress, self.session), id="resume"))
        options.append(Option("Start over from the beginning", id="restart", disabled=self.problem == "gone"))
        discard = f"Discard it and start '{self.instead}'" if self.instead else "Discard this session"
        options.append(Option(discard, id="discard"))
        with Vertical(id="resume-box"):
            yield Static("A session is in progress", id="resume-title")
            if self.problem:
                text = "Its routine can no longer be loaded." if self.problem == "gone" else self.problem
                yield Static(f"{text} It cannot be resumed where it stopped.", id="resume-problem")
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
        self.dismiss("later")  # type: ignore[arg-type]

    def action_choose(self, choice: str) -> None:
        """Close the prompt with ``choice``."""
        self.dismiss(choice)  # type: ignore[arg-type]
