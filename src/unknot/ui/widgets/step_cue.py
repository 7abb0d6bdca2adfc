"""One line under the instruction that says what to do with the body right now.

During a get-ready that changes position or tool: how to set up ("Set up: tennis ball; lie on your
back"); while a set-up wait holds: "Ready? space to start"; during a trigger point: its phase (find,
hold, release); during a myofascial-release or deep-tissue hold: a slow-breathing pacer, 4 s in and 6 s
out, drawn as dots that fill. Hidden when there is nothing to say, so the player's layout is unchanged
for every other step. It holds no timing of its own: the player calls :meth:`StepCue.show_for` each
time it draws the countdown.
"""

from __future__ import annotations

from textual.widgets import Static

from unknot.model.plan import WAIT_LINE, phase_line, setup_line
from unknot.model.step_phases import PACED, breath_at
from unknot.session.engine import Session
from unknot.session.events import Phase


def cue_text(session: Session, *, pacer: bool = True) -> str:
    """What the line says for the session as it stands ("" for nothing)."""
    step = session.step
    if session.phase is Phase.GET_READY:
        if session.waiting:
            return f"{WAIT_LINE} · {setup_line(step)}"
        return setup_line(step) if session.changes_setup() else ""
    if session.phase is not Phase.SEGMENT:
        return ""
    phase = session.current_phase()
    if phase is not None:
        return f"▸ {phase_line(phase)}"
    if pacer and step.technique in PACED:
        way, done, of = breath_at(session.elapsed())
        dots = "●" * done + "○" * (of - done)
        return f"Breathe {way:<3} {dots}"
    return ""


class StepCue(Static, can_focus=False):
    """The set-up, wait, phase or breathing line of the player."""

    DEFAULT_CSS = """
    StepCue {
        height: auto;
        max-height: 2;
        color: $success;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._text: str | None = None

    def show_for(self, session: Session, *, pacer: bool = True) -> None:
        """Show the line for ``session``; redraws only when the words change."""
        text = cue_text(session, pacer=pacer)
        if text == self._text:
            return
        old, self._text = self._text, text
        # The pacer's dots change every second: a line that stays one line keeps its size, so it needs no
        # new layout (which would redraw the whole screen each second).
        width = self.content_size.width
        same_size = bool(old) and bool(text) and max(len(old or ""), len(text)) <= width
        self.display = bool(text)
        self.update(text, layout=not same_size)
