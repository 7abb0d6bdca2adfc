"""The app's cue player and cues: made once, just after the first frame or when a session needs them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from unknot.session.cues import SoundCues

if TYPE_CHECKING:
    from unknot.sound.audio import CuePlayer
    from unknot.ui.services import Services


class CueSound:
    """The cue player (the device, or silence) and the cues that play through it."""

    def __init__(self, services: Services, bell: Callable[[], None]) -> None:
        self._services = services
        self._bell = bell
        self.player: CuePlayer | None = None
        self.cues: SoundCues | None = None

    def ensure(self) -> SoundCues:
        """The cues, making the player first if it is not made yet."""
        if self.cues is None:
            if self._services.make_player is not None:
                self.player = self._services.make_player(self._bell)
            else:
                from unknot.sound.audio import SilentPlayer

                self.player = SilentPlayer(status="sound: off")
            self.cues = SoundCues(self.player, say=self._services.voice)
        return self.cues

    @property
    def status(self) -> str:
        """One line on how cues sound (empty until the player is made, just after the first frame)."""
        return self.player.status if self.player is not None else ""

    @property
    def audible(self) -> bool:
        """Whether cues make a sound (the player's status line names the backend only when they do not)."""
        return self.player is not None and self.player.audible

    def toggle_mute(self) -> str:
        """Mute or unmute the cues; returns the new status line."""
        cues = self.ensure()
        cues.muted = not cues.muted
        return "sound: muted (m to unmute)" if cues.muted else self.status
