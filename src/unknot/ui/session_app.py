"""What the app holds of a session, and the moves its helpers make with it: :class:`SessionApp`.

The app's helper modules (``starting``, ``leaving``, ``phone``, ``app_commands``) take the app as their first
parameter. They are typed against this class rather than :class:`~unknot.ui.app.UnknotApp`, so the app
imports them and none of them imports the app: the runner, the cues, the phone link and the list of routines
live here; the key bindings, actions and start-up stay in ``ui/app.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unknot.model.routine import Routine
from unknot.session.cues import SoundCues
from unknot.session.flow import clear_saved
from unknot.ui.cue_sound import CueSound
from unknot.ui.services import Services
from unknot.ui.window import WindowApp

if TYPE_CHECKING:
    from unknot.session.runner import SessionRunner
    from unknot.ui.phone import PhoneLink
    from unknot.ui.screens.picker import PickerScreen


class SessionApp(WindowApp):
    """A window that runs one session at a time: its runner, its cues, the phone page that follows it."""

    def __init__(self, services: Services, *, start: Routine | None = None, resume: bool = False) -> None:
        super().__init__(services)
        self.start_routine = start
        """The routine `unknot run` asked for (discarding a saved session starts it instead)."""
        self.resume_requested = resume
        """`unknot resume`: the saved session goes straight to the reminder, without the prompt."""
        self.runner: SessionRunner | None = None
        self.sound = CueSound(services, self.bell)
        self.phone_link: PhoneLink | None = None

    def ensure_player(self) -> SoundCues:
        """The cues, the sound device opened first if it is not yet (the list then says how cues sound)."""
        made = self.sound.cues is None
        cues = self.sound.ensure()
        picker = self._picker() if made else None
        if picker is not None:
            picker.set_notice(self._notice())
        return cues

    @property
    def cues(self) -> SoundCues | None:
        """The cues, once the player is made."""
        return self.sound.cues

    def _notice(self) -> str:
        return "  ".join([*self.services.notices, self.sound.status]).strip()

    def _picker(self) -> PickerScreen | None:
        from unknot.ui.screens.picker import PickerScreen

        return next((s for s in self.screen_stack if isinstance(s, PickerScreen)), None)

    def show_picker(self) -> None:
        """Show the routines (built the first time they are wanted: `unknot run` starts without them)."""
        from unknot.ui.screens.picker import PickerScreen

        self.let_go()
        if self._picker() is None:
            discover, highlight = self.services.discover, self.services.settings.default_routine
            self.push_screen(
                PickerScreen(discover(), notice=self._notice(), highlight=highlight, discover=discover)
            )

    def let_go(self) -> None:
        """Release the session lock unless a session runs here: another window may run one now."""
        if self.services.lock is not None and self.runner is None:
            self.services.lock.release()

    def save_progress(self) -> bool:
        """Save the session in progress, if any (on quit, on a signal, after a crash); whether it was."""
        return self.runner.save() if self.runner is not None else True

    def clear_saved_session(self) -> None:
        """Forget the saved session (when another routine replaces it, or the user discards it)."""
        clear_saved(self.services.store, self.warn)
