"""Cues: what the user hears (and, through the UI, sees) when something happens in a session.

The engine reports events; :func:`dispatch` turns a batch of them into calls on a :class:`Cues` adapter, one
method per cue. Events that fall due at the same moment collapse to the one cue that matters most (the end of
the last segment is heard as "finish", not as "end" and then "finish").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Protocol

from unknot.model.plan import step_title as step_title  # where the front ends have always found it
from unknot.model.plan import step_words
from unknot.model.routine import Routine, Step
from unknot.session.events import Event


class Cues(Protocol):
    """One method per cue; the player calls them for every cue of a session."""

    def get_ready(self, step: Step) -> None:
        """A get-ready before ``step`` began (the spoken look-ahead hooks in here)."""

    def start(self, step: Step) -> None:
        """Work on ``step`` begins."""

    def halfway(self, step: Step) -> None:
        """Half of ``step`` is done."""

    def tick(self, seconds_left: int) -> None:
        """One of the last three seconds of a segment."""

    def switch(self, step: Step) -> None:
        """Change sides: ``step`` is the same work on the other side."""

    def end(self, step: Step) -> None:
        """Work on ``step`` is over."""

    def finish(self) -> None:
        """The routine is complete."""

    def phase(self, step: Step, name: str) -> None:
        """A held step moves to its phase ``name`` (find, hold, release)."""


# Highest first: the cue a moment is heard as when several events fall due together.
PRIORITY = ("finished", "switch_sides", "segment_start", "segment_end", "halfway", "phase", "tick")
SOUND_OF = {
    "finished": "finish",
    "switch_sides": "switch",
    "segment_start": "start",
    "segment_end": "end",
    "halfway": "halfway",
    "phase": "phase",
    "tick": "tick",
}
"""The cue sound (:data:`unknot.model.routine.CUE_NAMES`) each of those events is heard as."""


def dispatch(cues: Cues, routine: Routine, events: Iterable[Event]) -> None:
    """Call ``cues`` for ``events``, one sound per moment, plus every get-ready for the look-ahead."""
    for _, group in groupby(events, key=lambda e: e.due):
        batch = list(group)
        for event in batch:
            if event.name == "get_ready" and not routine.steps[event.step].switches_side:
                cues.get_ready(routine.steps[event.step])
        names = {e.name for e in batch}
        top = next((name for name in PRIORITY if name in names), None)
        if top is None:
            continue
        event = next(e for e in batch if e.name == top)
        step = routine.steps[event.step]
        if top == "finished":
            cues.finish()
        elif top == "switch_sides":
            cues.switch(step)
        elif top == "segment_start":
            cues.start(step)
        elif top == "segment_end":
            cues.end(step)
        elif top == "halfway":
            cues.halfway(step)
        elif top == "phase":
            cues.phase(step, event.detail)
        else:
            cues.tick(int(event.detail or 0))


class Player(Protocol):
    """The part of a cue player that :class:`SoundCues` needs (see :mod:`unknot.sound.audio`)."""

    def play(self, cue: str) -> None:
        """Play the named cue without blocking."""


@dataclass
class SoundCues:
    """Cues heard through a player, with an optional spoken look-ahead before each segment."""

    player: Player
    say: Callable[[str], None] | None = None
    muted: bool = False

    def _play(self, cue: str) -> None:
        if not self.muted:
            self.player.play(cue)

    def get_ready(self, step: Step) -> None:
        if self.say is not None and not self.muted:
            self.say(lookahead_text(step))

    def start(self, step: Step) -> None:
        self._play("start")

    def halfway(self, step: Step) -> None:
        self._play("halfway")

    def tick(self, seconds_left: int) -> None:
        self._play("tick")

    def switch(self, step: Step) -> None:
        self._play("switch")
        if self.say is not None and not self.muted:
            self.say(f"Switch sides. {lookahead_text(step)}")

    def end(self, step: Step) -> None:
        self._play("end")

    def finish(self) -> None:
        self._play("finish")

    def phase(self, step: Step, name: str) -> None:
        self._play("phase")


def lookahead_text(step: Step) -> str:
    """What the voice says during a get-ready, tool and position included:
    "Next: left piriformis, trigger point, 1 minute, tennis ball, on your back"."""
    title, technique, seconds, setup = step_words(step)
    return f"Next: {title[0].lower()}{title[1:]}, {technique.lower()}, {seconds}, {setup}"
