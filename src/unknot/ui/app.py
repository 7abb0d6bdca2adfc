"""The Textual app: a thin shell that moves between screens and hands them the adapters.

Everything with a side effect (the clock, the routines on disk, the store, the sound player, the events log)
comes in through :class:`Services`, so tests and snapshots build the app with fakes (``make_app``). How a
session starts, resumes and runs is :mod:`unknot.ui.starting`, over the shared :mod:`unknot.session.flow`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from unknot.model.routine import Routine
from unknot.session.flow import Begin, Saved
from unknot.ui import long_lived, starting
from unknot.ui.leaving import install_signal_handlers
from unknot.ui.messages import ToggleMute
from unknot.ui.services import Services as Services  # where tests and the launcher find it
from unknot.ui.session_app import SessionApp

# Only the reminder is needed for the first frame of `unknot run` (starting imports it); every other screen
# is imported where it is first shown, which keeps widgets such as DataTable and Input out of the start-up.
if TYPE_CHECKING:
    from unknot.ui.screens.picker import PickerScreen


class UnknotApp(SessionApp):
    """unknot's terminal app."""

    CSS_PATH = "unknot.tcss"
    TITLE = "unknot"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend", "Suspend", show=False, id="app.suspend"),
        Binding("H", "history", "History", id="app.history", tooltip="Sessions so far, and pain"),
        Binding("P", "phone", "Phone", id="app.phone", show=False, tooltip="The session on a phone"),
    ]

    # ------------------------------------------------------------------ start and stop

    def on_mount(self) -> None:
        install_signal_handlers(self)
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        for notice in self.services.notices:
            self.warn(notice, timeout=10)
        starting.first_screen(self)
        # The sound device is opened once the first frame is out: nothing needs it before a session starts,
        # and loading miniaudio and decoding the cues (about 0.3 s) would hold up that frame. A session
        # started sooner opens it at once (starting.play asks for it).
        if self.services.player_delay > 0:
            self.set_timer(self.services.player_delay, self.ensure_player)
        else:  # tests and snapshots: right after the first frame, so what they see does not race a timer
            self.call_after_refresh(self.ensure_player)
        if self.services.phone is not None:
            self.call_after_refresh(self.action_phone)

    async def on_unmount(self) -> None:
        """Stop the phone page's server with the app; give a player's objects back to the collector."""
        long_lived.thaw()
        if self.phone_link is not None:
            await self.phone_link.server.stop()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one hook for an uncaught exception: save the session first, then let Textual show the
        # error and exit as usual. The user resumes where it broke.
        try:
            self.save_progress()
        finally:
            super()._handle_exception(error)

    async def action_quit(self) -> None:
        """Save progress and leave."""
        self.save_progress()
        self.exit(0)

    def action_suspend(self) -> None:
        """ctrl+z: pause and save, then hand the terminal back to the shell."""
        from unknot.ui.screens.player import PlayerScreen

        if isinstance(self.screen, PlayerScreen):
            self.screen.pause_for_suspend()
        self.action_suspend_process()

    def action_toggle_help(self) -> None:
        """Show or hide the panel of keys (a running session waits while it is open)."""
        hold = getattr(self.screen, "hold", None)
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
            if hold is not None:
                hold.uncover()
        else:
            self.action_show_help_panel()
            if hold is not None:
                hold.cover()

    async def action_phone(self) -> None:
        """Serve the phone page (once) and show its address and QR code."""
        from unknot.ui.app_commands import start_phone

        await start_phone(self)

    def action_history(self) -> None:
        """Show the sessions so far."""
        from unknot.ui.app_commands import show_history

        show_history(self)

    # ------------------------------------------------------------------ the session flow (ui/starting.py)

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.start_asking(message.routine)

    def start_asking(self, routine: Routine) -> None:
        """Start ``routine``; while a session is saved, first ask (the same routine: offered to resume)."""
        starting.start_asking(self, routine)

    def begin_routine(self, routine: Routine, saved: Saved | None = None) -> None:
        """Show the reminder; then ask for pain (new sessions only) and start, or resume, in the player."""
        starting.begin_routine(self, Begin(routine, saved))

    def on_toggle_mute(self, message: ToggleMute) -> None:  # the player's m (ui/messages.py)
        message.reply(self.sound.toggle_mute())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: start any routine, history, and Textual's own (themes among them)."""
        from unknot.ui.app_commands import unknot_commands

        yield from super().get_system_commands(screen)
        yield from unknot_commands(self)


def make_app(services: Services, *, start: Routine | None = None, resume: bool = False) -> UnknotApp:
    """Build the app around the given adapters."""
    return UnknotApp(services, start=start, resume=resume)
