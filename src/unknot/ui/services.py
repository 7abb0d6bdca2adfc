"""The adapters the app works through (:class:`Services`): the launcher passes real ones, tests pass fakes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from unknot.model.routine import Routine
from unknot.routine_files.discovery import resolve_saved
from unknot.session.clock import Clock, session_clock
from unknot.session.flow import FindSaved
from unknot.session.store import Store
from unknot.settings import Settings

if TYPE_CHECKING:
    from unknot.routine_files.discovery import RoutineEntry
    from unknot.session.ownership import SessionLock
    from unknot.sound.audio import CuePlayer
    from unknot.sound.sounds import WaveData


def _no_routines() -> list[RoutineEntry]:
    return []


@dataclass
class Services:
    """The adapters the app works through; the launcher passes real ones, tests pass fakes."""

    clock: Clock = session_clock
    discover: Callable[[], list[RoutineEntry]] = _no_routines
    find_saved: FindSaved = resolve_saved
    """Finds a saved session's routine again by its id and file; tests look in their own folder."""
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
