"""What the phone page shows and hears: a session's state as JSON, and the bridge from a runner to the page.

The page gets a message on every change the runner handles (each control, each event, and any wake-up that
finds the countdown elsewhere than the page would show it, e.g. after +15 s), so it is never more than a
moment behind; between messages it counts down on its own from ``remaining``. A wake-up that changes
nothing the page does not know sends nothing: the page costs the session a few messages a step, not one a
second. Cues go in the same message, picked by the same
:func:`~unknot.session.cues.dispatch` the app's sounds use, so the phone hears what the laptop hears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from unknot.model.plan import next_line, phase_line, setup_line
from unknot.model.routine import CUE_NAMES as CUE_NAMES  # the cue sounds the page may fetch: the app's own
from unknot.model.routine import format_seconds
from unknot.model.safety import STOP_LINE
from unknot.session.cues import SoundCues, dispatch, step_title
from unknot.session.engine import Session
from unknot.session.events import Event, Phase
from unknot.session.texts import describe_step

PHONE_CONTROLS = ("toggle_pause", "next", "previous", "hurts")
"""The controls the page's four buttons send (the runner's own names)."""
DRIFT_SECONDS = 0.05
"""A countdown further than this from what the page computes is sent again."""


PHONE_STOP_LINE = STOP_LINE.replace("Press h", "Tap This hurts")
"""The player's stop line (:data:`unknot.model.safety.STOP_LINE`) with the phone's button for its key."""


def session_state(session: Session, now: float | None = None) -> dict[str, Any]:
    """The page's view of ``session``: phase, side and region, what to do, what comes next, time left."""
    if session.phase is Phase.FINISHED:
        return idle_state("Done", "Routine complete")
    step = session.step
    getting_ready = session.phase is Phase.GET_READY
    held = session.current_phase(now)
    if session.paused:
        label = "PAUSED"
    elif session.waiting:
        label = "READY? TAP RESUME"
    elif getting_ready:
        label = "SWITCH SIDES" if step.switches_side else "GET READY"
    else:
        label = f"NOW · {phase_line(held).upper()}" if held else "NOW"
    return {
        "type": "state",
        "active": True,
        "phase": session.phase.value,
        "label": label,
        "paused": session.paused,
        "running": session.running,
        "title": step_title(step).upper(),
        "how": setup_line(step) if getting_ready and session.changes_setup() else describe_step(step),
        "next": next_line(session.next_step),
        "remaining": round(session.remaining(now), 3),
        "shown": format_seconds(session.remaining(now)),
        "step": step.index + 1,
        "steps": len(session.routine.steps),
        "routine": session.routine.name,
        "stop": PHONE_STOP_LINE,
    }


def idle_state(label: str = "Waiting", title: str = "Start a routine in the app") -> dict[str, Any]:
    """The page's view when no session is in the player (the reminder, the picker, the summary)."""
    return {
        "type": "state",
        "active": False,
        "phase": "idle",
        "label": label.upper(),
        "paused": False,
        "running": False,
        "title": title,
        "how": "",
        "next": "",
        "remaining": 0,
        "shown": "",
        "step": 0,
        "steps": 0,
        "routine": "",
    }


@dataclass
class _CueNames:
    """A cue player that only collects the names of the sounds to play: the page plays them itself."""

    names: list[str] = field(default_factory=list)

    def play(self, cue: str) -> None:
        self.names.append(cue)


@dataclass
class PhoneBridge:
    """Hands a session's changes to ``publish`` (the phone server's), as state plus the cues to play."""

    publish: Callable[[dict[str, Any]], None]
    session: Session | None = None
    shown: tuple[Phase, int, bool, float] | None = None
    """What the page was last told: phase, step, paused, and when the phase ends (or the time left)."""

    def attach(self, session: Session) -> None:
        """Follow ``session`` (its runner calls :meth:`on_events`); the page gets its state at once."""
        self.session = session
        self._send(session_state(session))

    def detach(self) -> None:
        """The session left the player (finished, or the app moved on): the page waits for the next."""
        finished = self.session is not None and self.session.finished
        self.session = None
        self.shown = None
        self.publish(idle_state("Done", "Routine complete") if finished else idle_state())

    def on_events(self, events: list[Event]) -> None:
        """A runner's observer: called after each batch it handled (possibly empty: a plain wake-up)."""
        session = self.session
        if session is None or (not events and self._same_as_shown(session)):
            return
        cues = _CueNames()  # SoundCues without a voice: the look-ahead stays on the laptop
        dispatch(SoundCues(cues), session.routine, events)
        state = session_state(session)
        state["cues"] = cues.names
        if any(e.name == "skipped" and e.detail == "hurts" for e in events):
            state["notice"] = "Noted: this hurts; skipped"  # as the app says it
        self._send(state)

    def _send(self, state: dict[str, Any]) -> None:
        assert self.session is not None
        self.shown = self._where(self.session)
        self.publish(state)

    @staticmethod
    def _where(session: Session) -> tuple[Phase, int, bool, float]:
        now = session.clock()
        left = session.remaining(now)
        return (session.phase, session.index, session.paused, now + left if session.running else left)

    def _same_as_shown(self, session: Session) -> bool:
        # The page counts down by itself: it needs nothing while the phase ends when it was told it would.
        if self.shown is None:
            return False
        now = self._where(session)
        if now[:3] != self.shown[:3]:
            return False
        return abs(now[3] - self.shown[3]) < DRIFT_SECONDS

    def current(self) -> dict[str, Any]:
        """The state a page that just connected needs."""
        return session_state(self.session) if self.session is not None else idle_state()
