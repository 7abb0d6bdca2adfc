"""Fakes for the adapters the core takes: a cue player and a cues adapter that write down what they get.

They live here, not in ``src/``: the program never plays into a recorder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unknot.model.routine import Step


class RecordingPlayer:
    """A cue player (:class:`unknot.sound.audio.CuePlayer`) that writes down the name of every cue played."""

    def __init__(self, status: str = "sound: recording (test)", audible: bool = True) -> None:
        self.played: list[str] = []
        self.status = status
        self.audible = audible
        self.sounds: object = None
        self.closed = False

    def play(self, cue: str) -> None:
        """Record the cue name (even after close, so tests can see the mistake)."""
        self.played.append(cue)

    def set_sounds(self, sounds: object) -> None:
        """Keep the sounds the app hands over, for tests that check which ones it chose."""
        self.sounds = sounds

    def close(self) -> None:
        """Record that the player was closed."""
        self.closed = True


@dataclass
class RecordingCues:
    """A cues adapter (:class:`unknot.session.cues.Cues`) that remembers each cue as a short string."""

    calls: list[str] = field(default_factory=list)

    def get_ready(self, step: Step) -> None:
        self.calls.append(f"get_ready:{step.index}")

    def start(self, step: Step) -> None:
        self.calls.append(f"start:{step.index}")

    def halfway(self, step: Step) -> None:
        self.calls.append(f"halfway:{step.index}")

    def tick(self, seconds_left: int) -> None:
        self.calls.append(f"tick:{seconds_left}")

    def switch(self, step: Step) -> None:
        self.calls.append(f"switch:{step.index}")

    def end(self, step: Step) -> None:
        self.calls.append(f"end:{step.index}")

    def finish(self) -> None:
        self.calls.append("finish")

    def phase(self, step: Step, name: str) -> None:
        self.calls.append(f"phase:{name}:{step.index}")
