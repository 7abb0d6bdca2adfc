"""The Textual app: a thin shell that moves between screens and hands them the adapters.

Everything with a side effect (the clock, the routines on disk, the store, the sound player, the events log)
comes in through :class:`Services`, so tests and snapshots build the app with fakes (``make_app``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import ANSIToTruecolor, LineFilter
from textual.screen import Screen

from unknot.model.routine import Routine
from unknot.session.clock import Clock, session_clock
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.events import Summary
from unknot.session.snapshot import SnapshotMismatch
from unknot.session.store import Store
from unknot.session.store_records import Progress, StoreError
from unknot.settings import Settings, with_get_ready
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.shown import shown
from unknot.ui.themes import HIGH_CONTRAST

# Only the reminder is needed for the first frame of `unknot run`; every other screen is imported where it
# is first shown, which keeps Textual widgets such as DataTable and Input out of the start-up time.
if TYPE_CHECKING:
    from unknot.routine_files.discovery import RoutineEntry
    from unknot.session.ownership import SessionLock
    from unknot.session.runner import SessionRunner
    from unknot.sound.audio import CuePlayer
    from unknot.sound.sounds import WaveData
    from unknot.ui.phone import PhoneLink
    from unknot.ui.screens.picker import PickerScreen
    from unknot.ui.screens.resume import Choice


EXIT_GRACE_SECONDS = 2.0
"""How long leaving on a signal may take before the process is ended outright."""


def _no_routines() -> list[RoutineEntry]:
    return []


@dataclass
class Services:
    """The adapters the app works through; the launcher passes real ones, tests pass fakes."""

    clock: Clock = session_clock
    discover: Callable[[], list[RoutineEntry]] = _no_routines
    make_player: Callable[[Callable[[], None]], CuePlayer] | None = None
    """Builds the cue player; it gets the app's bell for the fallback."""
    store: Store | None = None
    sounds_for: Callable[[Routine], Mapping[str, WaveData]] | None = None
    """The cue sounds for a routine (its own ``sounds:`` over the defaults), handed to the player."""
    voice: Callable[[str], None] | None = None
    events_out: TextIO | None = None
    ask_pain: bool = True
    notices: list[str] = field(default_factory=list)
    player_delay: float = 0.0
    """Seconds after start-up at which the sound device is opened if no session asked for it sooner (the
    launcher's 0.5 s keeps miniaudio's load off the first frame; 0: just after the first frame)."""
    settings: Settings = field(default_factory=Settings)
    save_setting: Callable[[str, object], object] | None = None
    """Remembers a setting (the theme) in the settings file; None in tests that should not write one."""
    phone: str | None = None
    """``--phone``: serve the phone page from the start, on this address ("": this machine's LAN address)."""
    lock: SessionLock | None = None
    """One owner per session (unknot.session.ownership): taken before a session is offered or run; None in
    tests."""
    awake_clock: Clock | None = None
    """A clock that stops in suspend, to tell a sleeping computer from a stopped app (runner.awake_clock)."""


class UnknotApp(App[int]):
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

    def __init__(self, services: Services, *, start: Routine | None = None, resume: bool = False) -> None:
        super().__init__()
        self.services = services
        self.start_routine = start
        self.resume_requested = resume
        self.runner: SessionRunner | None = None
        self.cues: SoundCues | None = None
        self.player: CuePlayer | None = None
        self._terminal_title = ""
        self.phone_link: PhoneLink | None = None
        self.register_theme(HIGH_CONTRAST)
        settings = services.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        if settings.keys:
            self.set_keymap(dict(settings.keys))

    # ------------------------------------------------------------------ start and stop

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for notice in self.services.notices:
            self.notify(shown(notice), severity="warning", timeout=10)
        store = self.services.store
        progress = store.load_progress() if store is not None else None
        if progress is not None and not self._own(progress.routine_name):
            self.show_picker()  # another window runs it: nothing here may resume, restart or discard it
        elif progress is not None:
            self._offer_resume(progress)
        elif self.start_routine is not None:
            self.begin_routine(self.start_routine)
        else:
            self.show_picker()
        # The sound device is opened once the first frame is out: nothing needs it before a session starts,
        # and loading miniaudio and decoding the cues (about 0.3 s) would hold up that frame. A session
        # started sooner opens it at once (_play asks for it).
        if self.services.player_delay > 0:
            self.set_timer(self.services.player_delay, self._ensure_player)
        else:  # tests and snapshots: right after the first frame, so what they see does not race a timer
            self.call_after_refresh(self._ensure_player)
        if self.services.phone is not None:
            self.call_after_refresh(self.action_phone)

    async def on_unmount(self) -> None:
        """Stop the phone page's server with the app."""
        if self.phone_link is not None:
            await self.phone_link.server.stop()

    def _ensure_player(self) -> SoundCues:
        if self.cues is None:
            if self.services.make_player is not None:
                self.player = self.services.make_player(self.bell)
            else:
                from unknot.sound.audio import SilentPlayer

                self.player = SilentPlayer(status="sound: off")
            self.cues = SoundCues(self.player, say=self.services.voice)
            picker = self._picker()
            if picker is not None:
                picker.set_notice(self._notice())
        return self.cues

    @property
    def sound_status(self) -> str:
        """One line on how cues sound (empty until the player is made, just after the first frame)."""
        return self.player.status if self.player is not None else ""

    def _notice(self) -> str:
        return "  ".join([*self.services.notices, self.sound_status]).strip()

    def _picker(self) -> PickerScreen | None:
        from unknot.ui.screens.picker import PickerScreen

        return next((s for s in self.screen_stack if isinstance(s, PickerScreen)), None)

    def show_picker(self) -> None:
        """Show the routines (built the first time they are wanted: `unknot run` starts without them)."""
        from unknot.ui.screens.picker import PickerScreen

        lock = self.services.lock
        if lock is not None and self.runner is None:
            lock.release()  # back to choosing: another window may run a session now
        if self._picker() is None:
            highlight = self.services.settings.default_routine
            self.push_screen(
                PickerScreen(self.services.discover(), notice=self._notice(), highlight=highlight)
            )

    def _install_signal_handlers(self) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves progress and leaves, like q does.
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._leave_on_signal, sig)
        except (NotImplementedError, RuntimeError, AttributeError):  # Windows, or not the main thread
            pass

    def _remember_theme(self, theme: object) -> None:
        if self.services.save_setting is None:
            return
        from unknot.errors import InputError

        try:
            self.services.save_setting("theme", self.theme)
        except (OSError, ValueError, InputError) as exc:
            # A settings file broken by hand while the app runs is left as it is (it says where).
            self.notify(f"The theme could not be remembered: {exc}", severity="warning")

    def _leave_on_signal(self, sig: int) -> None:
        self.save_progress()
        # With the terminal gone (SIGHUP), Textual's writer can block for ever on its full queue; the
        # session is saved, so a watchdog makes sure the process ends.
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(128 + sig,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(128 + sig)

    def save_progress(self) -> bool:
        """Save the session in progress, if any (on quit, on a signal, after a crash); whether it was."""
        return self.runner.save() if self.runner is not None else True

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

        screen = self.screen
        if isinstance(screen, PlayerScreen):
            screen.pause_for_suspend()
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
        from unknot.ui.phone import start_phone

        await start_phone(self)

    def action_history(self) -> None:
        """Show the sessions so far."""
        from unknot.ui.screens.history import HistoryScreen

        store = self.services.store
        if store is None or isinstance(self.screen, HistoryScreen):  # the player pauses while it is shown
            return
        from unknot.learning.outcomes import load

        self.push_screen(HistoryScreen(store.history(), store.pain_trend(), load(store)))

    # ------------------------------------------------------------------ resuming

    def _find_routine(self, progress: Progress) -> Routine | None:
        from unknot.errors import InputError
        from unknot.routine_files.loader import load_routine

        source = progress.snapshot.get("source")
        if isinstance(source, str) and Path(source).is_file():  # run by path: it has no id to look up
            try:
                return load_routine(source)
            except InputError:
                return None
        for entry in self.services.discover():
            if entry.id == progress.routine_id and not entry.shadowed:
                return entry.routine
        return None

    def _offer_resume(self, progress: Progress) -> None:
        from unknot.ui.screens.resume import ResumeScreen

        routine = self._find_routine(progress)
        session: Session | None = None
        problem = "gone" if routine is None else ""
        if routine is not None:
            try:
                routine = with_get_ready(routine, self.services.settings)
                session = Session.restore(routine, progress.snapshot, self.services.clock)
            except SnapshotMismatch as exc:
                problem = f"{str(exc)[0].upper()}{str(exc)[1:]}."
        if session is not None and self.resume_requested:
            self.begin_routine(session.routine, session, progress)
            return

        def chosen(choice: Choice | None) -> None:
            if choice == "resume" and session is not None:
                self.begin_routine(session.routine, session, progress)
                return
            if choice in ("restart", "discard"):
                self._clear_progress()
            if choice == "restart" and routine is not None:
                self.begin_routine(routine)
            elif choice == "discard" and self.start_routine is not None:
                self.begin_routine(self.start_routine)
            else:
                self.show_picker()

        instead = self.start_routine.name if self.start_routine is not None else None
        self.push_screen(ResumeScreen(progress, session, problem, instead=instead), chosen)

    def _clear_progress(self) -> None:
        store = self.services.store
        if store is None:
            return
        try:
            store.clear_progress()
        except StoreError as exc:
            self.notify(str(exc), severity="warning")

    clear_saved_session = _clear_progress
    """Forget the saved session (screens/switch.py, when another routine replaces it)."""

    # ------------------------------------------------------------------ the session flow

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.start_asking(message.routine)

    def start_asking(self, routine: Routine) -> None:
        """Start ``routine``; when a session is saved, first ask, naming both (see screens/switch.py)."""
        from unknot.ui.screens.switch import start_asking

        start_asking(self, routine)

    def begin_routine(
        self, routine: Routine, session: Session | None = None, progress: Progress | None = None
    ) -> None:
        """Show the reminder; then ask for pain (new sessions only) and start, or resume, in the player."""

        if not self._own():
            self.show_picker()
            return
        routine = with_get_ready(routine, self.services.settings)

        def after_reminder(go_on: bool | None) -> None:
            if not go_on:
                self.show_picker()
                return
            if session is not None:
                started = progress.started_at if progress is not None else None
                pain = progress.pain_before if progress is not None else None
                where = progress.snapshot.get("pain_where") if progress is not None else None
                self._play(session, started, pain, where if isinstance(where, str) else None)
                return
            fresh = Session(routine, self.services.clock)
            from unknot.learning.ratings import asks_before

            if not asks_before(self._ask_pain()) or self.services.store is None:
                self._play(fresh, None, None)
                return
            from unknot.ui.rating_flow import ask_before

            ask_before(self, lambda pain, where: self._play(fresh, None, pain, where))

        self.push_screen(ReminderScreen(routine, resuming=session is not None), after_reminder)

    def _ask_pain(self) -> str:
        return self.services.settings.ask_pain if self.services.ask_pain else "never"

    def _own(self, routine_name: str | None = None) -> bool:
        """Take the session lock; when another window holds it, say so and return False."""
        lock = self.services.lock
        if lock is None or lock.acquire():
            return True
        self.notify(shown(lock.busy_message(routine_name)), severity="warning", timeout=10)
        return False

    def _play(
        self, session: Session, started_at: datetime | None, pain_before: int | None, where: str | None = None
    ) -> None:
        from unknot.learning.after_session import after_session, get_ready_advice
        from unknot.learning.ratings import asks_after
        from unknot.session.progress import StoreCheckpoints
        from unknot.session.runner import SessionRunner
        from unknot.ui.rating_flow import ask_after
        from unknot.ui.screens.player import PlayerScreen
        from unknot.ui.screens.summary import SummaryScreen

        services = self.services
        cues = self._ensure_player()
        checkpoints = None
        if services.store is not None:
            owner = services.lock.token if services.lock is not None else None
            checkpoints = StoreCheckpoints(
                services.store, pain_before=pain_before, pain_where=where, owner=owner
            )
            if started_at is not None:
                checkpoints.started_at = started_at
        session.setup_wait = services.settings.setup == "wait"
        self.runner = SessionRunner(
            session,
            cues=cues,
            checkpoints=checkpoints,
            events_out=services.events_out,
            on_warning=lambda message: self.notify(shown(message), severity="warning", timeout=8),
            awake_clock=services.awake_clock,
        )
        routine = session.routine
        if services.sounds_for is not None:
            self._use_sounds_of(routine)
        self.runner.begin()

        def after_player(summary: Summary | None) -> None:
            self.runner = None
            if self.phone_link is not None:
                self.phone_link.unfollow()
            if summary is None:
                return
            extra = after_session(services.store, routine, datetime.now().astimezone())
            self.push_screen(SummaryScreen(routine, summary, extra), lambda _: self.show_picker())
            if (
                checkpoints is not None
                and checkpoints.finished_id is not None
                and asks_after(self._ask_pain())
            ):
                ask_after(self, checkpoints)

        advice = get_ready_advice(services.store, routine)
        # The player's status line names the backend only when cues make no sound (why, and the fallback).
        status = "" if self.player is not None and self.player.audible else self.sound_status
        player = PlayerScreen(self.runner, status=status, advice=advice)
        self.push_screen(player, after_player)
        if self.phone_link is not None and self.phone_link.url:
            self.phone_link.follow(self.runner, player)

    def _use_sounds_of(self, routine: Routine) -> None:
        from unknot.sound.sounds import SoundFileError

        assert self.services.sounds_for is not None
        try:
            if self.player is not None:
                self.player.set_sounds(self.services.sounds_for(routine))
        except (SoundFileError, OSError, ValueError) as exc:
            # The loader checked the files; one that changed since is reported, and the defaults play.
            self.notify(f"{routine.name}: its own sounds cannot be played ({exc})", severity="warning")

    # ------------------------------------------------------------------ terminal niceties

    def set_terminal_title(self, text: str) -> None:
        """Show ``text`` in the terminal window's title bar (OSC 2), so the time left shows in the taskbar."""
        driver = self._driver  # Textual has no public call for the window title; its driver writes for us.
        if driver is not None and not self.is_headless and text != self._terminal_title:
            self._terminal_title = text
            driver.write(f"\x1b]2;{text}\x07")

    def toggle_mute(self) -> str:
        """Mute or unmute the cues; returns the new status line."""
        cues = self._ensure_player()
        cues.muted = not cues.muted
        return "sound: muted (m to unmute)" if cues.muted else self.sound_status

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with a cue's window tint after the ANSI one while the player flashes."""
        filters = super().get_line_filters()
        tint = getattr(self.screen_stack[-1], "window_tint", None) if self.screen_stack else None
        if tint is None:
            return filters
        ansi = [f for f in filters if isinstance(f, ANSIToTruecolor)]
        return [*ansi, tint, *(f for f in filters if not isinstance(f, ANSIToTruecolor))]

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, and the floor countdown's colours legible against it."""
        from unknot.ui.floor_colours import floor_variables

        variables = super().get_css_variables()
        return {**variables, **floor_variables(variables)}

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: start any routine, history, and Textual's own (themes among them)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Phone", "Show and control the session on a phone (same Wi-Fi)", self.action_phone
        )
        if self.services.store is not None:
            yield SystemCommand("History", "Sessions so far, with pain before and after", self.action_history)
        for entry in self.services.discover():
            routine = entry.routine
            if routine is None or entry.shadowed:
                continue
            yield SystemCommand(
                f"Start: {shown(routine.name)}",
                shown(f"{routine.id}: {routine.description or 'start this routine'}"),
                lambda routine=routine: self.start_asking(routine),
            )


def make_app(services: Services, *, start: Routine | None = None, resume: bool = False) -> UnknotApp:
    """Build the app around the given adapters."""
    return UnknotApp(services, start=start, resume=resume)
