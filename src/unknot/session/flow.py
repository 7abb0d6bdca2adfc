"""One session flow for both front ends: from a saved session or a routine asked for to a running runner.

The Textual app (``unknot.ui``) and plain mode (``unknot.plain``) ask their questions their own way (a
modal screen, a line on stdout), but what is asked, what each answer does and how the runner is put
together are decided here, once:

- :func:`find_saved`: the saved session's routine found again (``discovery.resolve_saved``) and the
  session restored, or why it cannot be (:class:`Saved`);
- :func:`on_start`: what starting a routine does while a session is saved (always asks, naming both;
  the same routine is offered to resume);
- :func:`resume_offers` and :func:`settle`: the resume choices as data, and what each one starts
  (:class:`Begin`: the session to run and its checkpoints);
- :func:`build_runner` and :func:`use_sounds_of`: the runner built.

Setting up from the command line (settings, store, lock, the routine asked for) is in
:mod:`unknot.session.opening`; where a saved session stands is :class:`unknot.session.place.SavedPlace`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TextIO

from unknot.errors import InputError
from unknot.model.routine import Routine
from unknot.routine_files.discovery import UnknownRoutine, resolve_saved
from unknot.session.clock import Clock
from unknot.session.cues import Cues
from unknot.session.engine import Session
from unknot.session.place import SavedPlace
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.snapshot import SnapshotMismatch
from unknot.session.store import Store
from unknot.session.store_records import Progress, StoreError
from unknot.settings import Settings, with_get_ready

if TYPE_CHECKING:
    from unknot.sound.audio import CuePlayer
    from unknot.sound.sounds import WaveData

Choice = Literal["resume", "restart", "discard", "later"]
"""An answer to the question about a saved session: go on with it, start its routine over, drop it and
start the routine asked for, or leave it as it is."""

StartRule = Literal["start", "offer_resume", "ask_switch"]

FindSaved = Callable[[str, str | None], Routine]
"""Finds a saved session's routine from its id and the file it came from (``discovery.resolve_saved``)."""


@dataclass(frozen=True)
class Saved:
    """A saved session as found again: its routine and the session restored, or what stops them."""

    progress: Progress
    routine: Routine | None
    """The routine, with the settings' get-ready applied; None when it can no longer be loaded."""
    session: Session | None
    """The session restored (it comes back in the reminder, then paused); None when it cannot go on."""
    problem: str = ""
    """Why ``routine`` or ``session`` is None, in lower case (``the routine's file has changed ...``)."""

    @property
    def gone(self) -> bool:
        """Whether the routine itself can no longer be loaded (not even started over)."""
        return self.routine is None

    @property
    def place(self) -> SavedPlace | None:
        """Where it goes on from; None when it cannot go on there (both front ends then name the problem
        instead: the steps of a changed routine need not match the snapshot's)."""
        if self.session is None:
            return None
        return SavedPlace.of(self.progress.snapshot, len(self.session.routine.steps))


def find_saved(
    progress: Progress, settings: Settings, clock: Clock, *, find: FindSaved = resolve_saved
) -> Saved:
    """Find the saved session's routine again and restore the session on ``clock``."""
    source = progress.snapshot.get("source")
    try:
        routine = find(progress.routine_id, source if isinstance(source, str) else None)
    except (UnknownRoutine, InputError) as exc:
        return Saved(progress, None, None, f"the routine '{progress.routine_id}' cannot be loaded ({exc})")
    routine = with_get_ready(routine, settings)
    try:
        return Saved(progress, routine, Session.restore(routine, dict(progress.snapshot), clock))
    except SnapshotMismatch as exc:
        return Saved(progress, routine, None, str(exc))


def on_start(pending: Progress | None, asked: Routine, *, running: bool = False) -> StartRule:
    """What starting ``asked`` does, in both front ends, while ``pending`` is saved.

    Nothing saved: it starts. The same routine saved: the saved session is offered to resume (with start
    over and discard), as at start-up. Another routine, or any routine while the saved session is the one
    running (``running``, the app's palette over its player): the user is asked first, naming both,
    since starting it drops the saved session.
    """
    if pending is None:
        return "start"
    return "offer_resume" if pending.routine_id == asked.id and not running else "ask_switch"


@dataclass(frozen=True)
class Offer:
    """One answer offered for a saved session; a disabled one is greyed (in plain mode: left out)."""

    choice: Choice
    enabled: bool = True


def resume_offers(saved: Saved) -> list[Offer]:
    """The answers offered, in order: resume (only when the session can go on), start over, discard."""
    offers = [Offer("resume")] if saved.session is not None else []
    return [*offers, Offer("restart", enabled=not saved.gone), Offer("discard")]


def default_choice(saved: Saved) -> Choice:
    """The answer that loses nothing, when there is one (resume); otherwise the routine asked for."""
    return "resume" if saved.session is not None else "discard"


@dataclass(frozen=True)
class Begin:
    """What an answer starts: ``routine`` afresh, or, with ``saved``, the saved session resumed.

    Both front ends run what they are given through it, so a session is made, and its checkpoints carry on
    the saved start time and ratings, the same way in both.
    """

    routine: Routine
    saved: Saved | None = None

    @property
    def resuming(self) -> bool:
        """Whether the saved session goes on (no pain question; it comes back paused)."""
        return self.saved is not None and self.saved.session is not None

    def session(self, settings: Settings, clock: Clock) -> Session:
        """The session to run: the one restored, or a new one of the routine with the settings' get-ready."""
        if self.saved is not None and self.saved.session is not None:
            return self.saved.session
        return Session(with_get_ready(self.routine, settings), clock)

    def checkpoints(
        self,
        store: Store,
        *,
        owner: str | None,
        pain_before: int | None = None,
        pain_where: str | None = None,
    ) -> StoreCheckpoints:
        """The checkpoints of :meth:`session`: a resumed one keeps the saved start time and ratings, a new
        one takes the ratings just asked (if any)."""
        if self.saved is not None and self.saved.session is not None:
            checkpoints = StoreCheckpoints.resuming(store, self.saved.progress)
        else:
            checkpoints = StoreCheckpoints(store, pain_before=pain_before, pain_where=pain_where)
        checkpoints.owner = owner
        return checkpoints


def settle(
    choice: Choice | None, saved: Saved, asked: Routine | None, clear: Callable[[], None]
) -> Begin | None:
    """What ``choice`` starts; None when nothing starts (later, or discard with nothing asked for).

    ``clear`` forgets the saved session: called for start over and discard, before the new one begins.
    """
    if choice == "resume" and saved.session is not None:
        return Begin(saved.session.routine, saved)
    if choice in ("restart", "discard"):
        clear()
    if choice == "restart" and saved.routine is not None:
        return Begin(saved.routine)
    if choice == "discard" and asked is not None:
        return Begin(asked)
    return None


def clear_saved(store: Store | None, warn: Callable[[str], None]) -> None:
    """Forget the saved session; a store that refuses is reported through ``warn``, not raised."""
    if store is None:
        return
    try:
        store.clear_progress()
    except StoreError as exc:
        warn(str(exc))


def build_runner(
    session: Session,
    *,
    cues: Cues,
    checkpoints: StoreCheckpoints | None,
    settings: Settings,
    events_out: TextIO | None,
    on_warning: Callable[[str], None],
    awake_clock: Clock | None,
) -> SessionRunner:
    """The runner that drives ``session``, with the settings' set-up wait."""
    session.setup_wait = settings.setup == "wait"
    return SessionRunner(
        session,
        cues=cues,
        checkpoints=checkpoints,
        events_out=events_out,
        on_warning=on_warning,
        awake_clock=awake_clock,
    )


def use_sounds_of(
    player: CuePlayer,
    routine: Routine,
    sounds_for: Callable[[Routine], Mapping[str, WaveData]],
    warn: Callable[[str], None],
) -> None:
    """Give the player the routine's own cue sounds (over the defaults)."""
    from unknot.sound.sounds import SoundFileError

    try:
        player.set_sounds(sounds_for(routine))
    except (SoundFileError, OSError, ValueError) as exc:
        # The loader checked the files; one that changed since is reported, and the defaults play.
        warn(f"{routine.name}: its own sounds cannot be played ({exc})")
