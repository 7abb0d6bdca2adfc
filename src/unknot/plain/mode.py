"""Plain mode (``unknot run ID --plain``): the session as lines of text, for screen readers and scripts.

No full-screen UI and no redrawing: one line per event on stdout, each prefixed with the session's time
(running time since it began, pauses excluded), and keys read from stdin a line at a time (space or
``p`` then Enter pauses or resumes, Enter alone goes on from a pause, ``n`` next, ``h`` hurts, ``+`` /
``-`` 15 s, ``q`` quit keeping the progress). A resumed session comes back paused. The same
:class:`~unknot.session.runner.SessionRunner`, store and cues drive it as drive the app, so a session quit
here
resumes in the app and the other way round.

When stdin reaches its end there are no more keys and the routine runs on to its end (scripts pass
``--yes`` with stdin closed). SIGTERM and SIGHUP save the progress and exit.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TextIO

from unknot.errors import InputError, UsageError
from unknot.learning.after_session import get_ready_advice
from unknot.model import catalog
from unknot.model.plan import WAIT_LINE, equipment_line, get_ready_lines, phase_line
from unknot.model.routine import Routine, format_seconds
from unknot.model.safety import STOP_LINE
from unknot.plain import ratings as plain_ratings
from unknot.plain.detail import get_ready_detail, time_left
from unknot.plain.keys import Keys, TerminalKeys
from unknot.routine_files.discovery import UnknownRoutine, resolve, resolve_saved
from unknot.safetext import safe, safe_lines
from unknot.session.adapters import session_adapters
from unknot.session.clock import Clock, awake_clock, session_clock
from unknot.session.cues import SoundCues, step_title
from unknot.session.engine import Session
from unknot.session.events import Event, Phase
from unknot.session.ownership import SessionLock
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.snapshot import SnapshotMismatch
from unknot.session.store import Store
from unknot.session.store_records import Progress, StoreError
from unknot.session.texts import reminder_text, summary_lines
from unknot.settings import Settings, default_routine, load_settings, with_get_ready

KEYS_HELP = (
    "Keys (then Enter): p or space pause/resume (Enter alone goes on from a pause), n next, b back, "
    "r restart, h hurts (skip and note it), + / - 15 seconds, t time left, q quit (progress is kept)"
)
# A line typed on stdin, whole or letter by letter, to a runner control ("quit" ends the session).
COMMANDS = {
    **dict.fromkeys(("p", "pause"), "toggle_pause"),
    **dict.fromkeys(("n", "next"), "next"),
    **dict.fromkeys(("b", "back"), "previous"),
    **dict.fromkeys(("+", "="), "plus"),
    **dict.fromkeys(("q", "quit"), "quit"),
    "r": "restart",
    "h": "hurts",
    "t": "time",
    "-": "minus",
    "?": "help",
}


def parse_command(line: str, *, paused: bool = False) -> list[str]:
    """The controls a line typed on stdin asks for; ``["unknown"]`` when it means nothing.

    An empty line (just Enter) goes on from a pause and means nothing while the session runs, so a stray
    Enter never stops the clock.
    """
    word = line.strip().lower()
    if not word:
        if " " in line:
            return ["toggle_pause"]
        return ["resume"] if paused else []
    if word in COMMANDS:
        return [COMMANDS[word]]
    letters = [c for c in word if not c.isspace()]
    if all(c in COMMANDS for c in letters):
        return [COMMANDS[c] for c in letters]
    return ["unknown"]


def use_colour(out: TextIO) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set or ``TERM=dumb``."""
    isatty = getattr(out, "isatty", None)
    return bool(
        isatty and isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"
    )


@dataclass
class PlainSession:
    """The line-mode front end around a runner: prints events, reads keys, loops until done.

    The runner is set once the session is known (the question about a session in progress comes first).
    """

    runner: SessionRunner = field(init=False, repr=False, compare=False)

    out: TextIO
    keys: Keys
    clock: Clock = session_clock
    """The clock every session run here is on (a fake in tests)."""
    colour: bool = False
    last_shown: float = 0.0
    pending: list[str] = field(default_factory=list)
    """Lines already read but not yet acted on (typed in the same burst as the Enter of the reminder)."""
    advice: dict[int, str] = field(default_factory=dict)
    """A line added to the get-ready of steps that hurt lately, by step index
    (``unknot.learning.adapting``)."""
    keeps: bool = True
    """Whether progress can be saved at all (not in a read-only data folder): the help says so only then."""

    @property
    def keys_help(self) -> str:
        """The keys, and what q does with the progress where it can be kept."""
        return KEYS_HELP if self.keeps else KEYS_HELP.replace("q quit (progress is kept)", "q quit")

    @property
    def session(self) -> Session:
        """The session being run."""
        return self.runner.session

    def say(self, text: str, *, at: float | None = None, bold: bool = False) -> None:
        """Print one line, prefixed with the session time when ``at`` (a session time) is given."""
        text = safe_lines(text)  # names, ids and paths come from files and the database: never raw
        if self.colour and bold:
            text = f"\x1b[1m{text}\x1b[0m"
        if at is not None:
            text = f"{format_seconds(math.floor(at + 0.001))} {text}"
        print(text, file=self.out, flush=True)

    def active_now(self) -> float:
        """Running seconds of the session so far (pauses excluded)."""
        session = self.session
        if session.running:
            return session.active + session.elapsed() - session.done
        return session.active

    def show(self, events: list[Event]) -> None:
        """Print a line for each event, timed by when it fell due."""
        if not events:
            return
        now = self.session.clock()
        active = self.active_now()
        reference = now if self.session.running else max(e.due for e in events)
        for event in events:
            at = max(self.last_shown, active - max(0.0, reference - event.due))
            self.last_shown = at
            text = self.describe(event)
            if text is not None:
                self.say(text, at=at, bold=event.name in ("get_ready", "segment_start", "finished"))
            if event.name == "get_ready":  # what the screen would show: instruction, tool, position
                self.say(f"  {get_ready_detail(self.session.routine.steps[event.step])}")

    def _changes_setup(self, index: int) -> bool | None:
        """Whether the get-ready of step ``index`` changes position or tool, as the session finds it."""
        session = self.session
        return session.changes_setup() if session.index == index else None

    def describe(self, event: Event) -> str | None:
        """The line for one event (None for those not worth a line)."""
        routine = self.session.routine
        step = routine.steps[event.step]
        lines = {
            "get_ready": ". ".join(get_ready_lines(step, self._changes_setup(event.step))),
            "setup_wait": f"{WAIT_LINE} (Enter or space then Enter)",
            "phase": phase_line(event.detail),
            "segment_start": "Begin",
            "halfway": "Halfway",
            "tick": f"{event.detail} second{'' if event.detail == '1' else 's'} left",
            "switch_sides": "Switch sides",
            "segment_end": "Done",
            "paused": f"Paused: {event.detail} (Enter, or p then Enter, goes on)"
            if event.detail
            else "Paused (Enter, or p then Enter, goes on)",
            "resumed": "Resumed",
            "skipped": "Skipped (noted: it hurts)" if event.detail == "hurts" else "Skipped",
            "finished": f"Finished: {routine.name}",
        }
        if event.name == "get_ready" and event.step in self.advice:
            return f"{lines['get_ready']}. {self.advice[event.step]}"
        return lines.get(event.name)

    def control(self, name: str) -> bool:
        """Apply one typed command; False when it asks to quit."""
        if name == "quit":
            return False
        if name == "help":
            self.say(self.keys_help)
            self.say(STOP_LINE)
            return True
        if name == "time":
            self.say(time_left(self.session), at=self.active_now())
            return True
        if name == "unknown":
            self.say(f"Unknown key. {self.keys_help}")
            return True
        self.show(self.runner.control(name))
        if name in ("plus", "minus") and not self.session.finished:
            sign = "+" if name == "plus" else "-"
            left = format_seconds(self.session.remaining())
            self.say(f"{sign}15 seconds: {left} left", at=self.active_now())
        return True

    def read_lines(self, timeout: float | None) -> list[str]:
        """Wait up to ``timeout`` for lines typed; lines read earlier and not acted on come first."""
        if self.pending:
            lines, self.pending = self.pending, []
            return lines
        return self.keys.read(timeout)

    def next_line(self) -> str | None:
        """The next line typed on stdin, waiting for it; None once stdin has ended."""
        while not self.pending:
            if self.keys.ended:
                return None
            self.pending = self.read_lines(None)
        return self.pending.pop(0)

    def loop(self) -> bool:
        """Run until the routine ends (True) or the user quits (False)."""
        clock = self.session.clock
        while not self.session.finished:
            wake = self.runner.next_wakeup()
            if wake is None and self.keys.ended and not self.pending:
                self.say("No more keys on stdin while paused.")
                return False
            timeout = None if wake is None else max(0.0, wake - clock())
            lines = self.read_lines(timeout)
            if self.keys.stop is not None:
                return False
            for line in lines:
                for name in parse_command(line, paused=self.session.paused or self.session.waiting):
                    if not self.control(name):
                        return False
            if wake is not None and clock() >= wake and not self.session.finished:
                self.show(self.runner.wake())
        return True


def run_plain(
    args: argparse.Namespace,
    *,
    clock: Clock = session_clock,
    keys: Keys | None = None,
    out: TextIO | None = None,
) -> int:
    """``unknot run --plain`` and ``unknot resume --plain``; returns the exit status.

    ``clock``, ``keys`` and ``out`` are the session clock, where typed lines come from and where lines go:
    stdin and stdout on the real clock, unless a test passes its own.
    """
    settings = load_settings()
    out = sys.stdout if out is None else out
    with ExitStack() as stack:
        store = Store.open()
        stack.callback(store.close)
        if store.notice:
            print(safe(store.notice), file=sys.stderr)
        plain = PlainSession(
            out,
            TerminalKeys.stdin() if keys is None else keys,
            clock,
            use_colour(out),
            keeps=not store.read_only,
        )
        lock = SessionLock(store.path)
        if (
            not lock.acquire()
        ):  # another window runs a session: nothing here may resume, restart or discard it
            pending = store.load_progress()
            raise UsageError(lock.busy_message(pending.routine_name if pending else None))
        stack.callback(lock.release)
        chosen = _session(args, store, settings, plain)
        if chosen is None:
            plain.say("Nothing changed: the session in progress is kept.")
            return 0
        session, checkpoints, resuming = chosen
        checkpoints.owner = lock.token
        adapters = session_adapters(args, settings, stack)
        player = adapters.make_player(_bell)
        player.set_sounds(adapters.sounds_for(session.routine))
        if not getattr(args, "mute", False):
            print(player.status, file=sys.stderr, flush=True)
        session.setup_wait = settings.setup == "wait"
        runner = plain.runner = SessionRunner(
            session,
            SoundCues(player, say=adapters.say),
            checkpoints=checkpoints,
            events_out=adapters.events_out,
            on_warning=lambda message: print(f"unknot: {safe(message)}", file=sys.stderr, flush=True),
            awake_clock=awake_clock if clock is session_clock else None,  # a test's fake clock has no sleep
        )
        yes = bool(getattr(args, "yes", False))
        if not _acknowledge(plain, session.routine, resuming=resuming, yes=yes):
            return 0
        # The ratings are asked of a person at a terminal only: a script's stdin carries keys, not answers.
        read = plain.next_line if not yes and sys.stdin is not None and sys.stdin.isatty() else None
        if read is not None and not resuming:
            plain_ratings.rate_before(plain.say, read, checkpoints, settings.ask_pain)
        plain.advice = get_ready_advice(store, session.routine)
        with plain.keys.watch_signals():
            try:
                begun = runner.begin()
                if resuming:  # a restored session comes back paused; the Enter above was for the reminder
                    plain.say(_resuming_line(session, plain.keeps), at=plain.active_now())
                else:
                    plain.show(begun)
                finished = plain.loop()
            except BaseException:
                runner.save()
                raise
        if not finished:
            stop = plain.keys.stop
            how = "Quit" if stop is None else f"Stopped ({signal.Signals(stop).name})"
            if runner.save():
                plain.say(f"{how}; progress is kept: `unknot resume` (or add --plain) goes on from here.")
            else:  # only say it is kept when it was (a read-only folder, a busy or replaced database)
                plain.say(f"{how}; progress could NOT be saved{_last_saved(runner)}.")
            return 0 if stop is None else 128 + stop
        plain.say("")
        plain.say("Session complete", bold=True)
        for line in summary_lines(session.routine, session.summary()):
            plain.say(line)
        plain_ratings.finish(plain.say, read, checkpoints, session.routine, settings.ask_pain)
        return 0


IN_PROGRESS_WORDS = {"r": "resume", "s": "start", "d": "discard", "q": "quit"}
"""The answers to the question about a session in progress, as words (the letters work too)."""
Chosen = tuple[Session, StoreCheckpoints, bool]
"""The session to run, its checkpoints, and whether it is a saved session resumed."""


def _session(
    args: argparse.Namespace, store: Store, settings: Settings, plain: PlainSession
) -> Chosen | None:
    """The session to run; None when the user keeps the session in progress and goes back."""
    pending = store.load_progress()
    if args.command == "resume":
        if pending is None:
            raise UsageError("there is no session in progress to resume")
        saved, session, problem = _saved(pending, settings, plain.clock)
        if saved is None:
            raise UsageError(f"cannot resume: {problem}")
        if session is None:
            raise UsageError(f"cannot resume '{saved.name}': {problem}; start it over with `unknot run`")
        return session, StoreCheckpoints.resuming(store, pending), True
    ref = getattr(args, "routine", None)
    routine = with_get_ready(_load(ref, None) if ref else default_routine(settings), settings)
    if pending is None:
        return Session(routine, plain.clock), StoreCheckpoints(store), False
    if getattr(args, "yes", False):
        print(
            f"Note: this replaces the saved progress of '{safe(pending.routine_name)}' "
            "(`unknot resume --plain` would have gone on with it).",
            file=sys.stderr,
        )
        return Session(routine, plain.clock), StoreCheckpoints(store), False
    return _ask_in_progress(plain, store, settings, pending, routine)


def _saved(pending: Progress, settings: Settings, clock: Clock) -> tuple[Routine | None, Session | None, str]:
    """The saved session's routine and the session restored; what stops each, when one is None."""
    try:
        routine = resolve_saved(pending.routine_id, pending.snapshot.get("source"))
    except (UnknownRoutine, InputError) as exc:
        return None, None, f"the routine '{pending.routine_id}' cannot be loaded ({exc})"
    routine = with_get_ready(routine, settings)
    try:
        return routine, Session.restore(routine, dict(pending.snapshot), clock), ""
    except SnapshotMismatch as exc:
        return routine, None, str(exc)


def _ask_in_progress(
    plain: PlainSession, store: Store, settings: Settings, pending: Progress, asked: Routine
) -> Chosen | None:
    """Ask on one line what to do with the session in progress, as the app's resume prompt does."""
    saved, restored, problem = _saved(pending, settings, plain.clock)
    choices: dict[str, str] = {}
    if restored is not None:
        choices["r"] = "resume it"
    if saved is not None:
        choices["s"] = "start it over"
    choices["d"] = f"discard it and start '{asked.name}'"
    choices["q"] = "leave it for later"
    # Enter takes the choice that loses nothing when there is one: resuming. When the saved session
    # cannot go on, Enter runs what was asked for.
    default = "r" if restored is not None else "d"
    offers = ", ".join(
        f"{key} {what}" + (" (or just Enter)" if key == default else "") for key, what in choices.items()
    )
    if restored is not None:
        state = f"is in progress {_where(pending, restored.routine)}"
    else:
        state = f"is in progress but cannot go on where it stopped ({problem})"
    plain.say(f"A session of '{pending.routine_name}' {state}: {offers}.")
    words = {**{key: key for key in choices}, **{IN_PROGRESS_WORDS[key]: key for key in choices}}
    while True:
        line = plain.next_line()
        if line is None:
            raise UsageError(
                "stdin ended before the question about the session in progress was answered; "
                "add --yes to start the routine anyway"
            )
        answer = words.get(line.strip().lower() or default)
        if answer is not None:
            break
        plain.say(f"Please type {', '.join(choices)} then Enter ({offers}).")
    if answer == "q":
        return None
    if answer == "r" and restored is not None:
        return restored, StoreCheckpoints.resuming(store, pending), True
    try:
        store.clear_progress()
    except StoreError as exc:
        print(f"unknot: {safe(exc)}", file=sys.stderr)
    routine = saved if answer == "s" and saved is not None else asked
    return Session(routine, plain.clock), StoreCheckpoints(store), False


def _where(pending: Progress, routine: Routine) -> str:
    """``at segment 4 of 9, 0:42 left`` (or ``before segment 4 of 9, 0:03 of get-ready left``)."""
    snapshot = pending.snapshot
    left = format_seconds(float(snapshot["length"]) - float(snapshot["done"]))
    where = f"segment {int(snapshot['step']) + 1} of {len(routine.steps)}"
    if snapshot.get("phase") == "get_ready":
        return f"before {where}, {left} of get-ready left"
    return f"at {where}, {left} left"


def _load(ref: str, cannot: str | None) -> Routine:
    try:
        return resolve(ref)
    except (UnknownRoutine, InputError) as exc:
        if cannot is None and isinstance(exc, InputError):
            raise
        raise UsageError(f"{cannot} cannot be loaded ({exc})" if cannot else str(exc)) from exc


def _last_saved(runner: SessionRunner) -> str:
    """Where `unknot resume` would go on from, when the last save failed but an earlier one did not."""
    if runner.saved_at is None:
        return ""
    ago = format_seconds(runner.clock() - runner.saved_at)
    return f"; `unknot resume` goes on from the last point saved, {ago} earlier"


def _resuming_line(session: Session, keeps: bool = True) -> str:
    """Where a resumed session stands, paused, and how to go on."""
    step = session.step
    technique = catalog.TECHNIQUES[step.technique].name
    left = format_seconds(session.remaining())
    where = f"segment {step.index + 1} of {len(session.routine.steps)}, {step_title(step)}, {technique}"
    if session.phase is Phase.GET_READY:
        where = f"getting ready for {where}, {left} of get-ready left"
    else:
        where = f"{where}, {left} left"
    how = "Enter (or p then Enter) goes on; q quits" + (", keeping your progress" if keeps else "")
    return f"Paused where you left off: {where}. {how}."


def _acknowledge(plain: PlainSession, routine: Routine, *, resuming: bool, yes: bool) -> bool:
    """Print the reminder and wait for Enter (not with ``--yes``); False when the user backs out."""
    plain.say(reminder_text())
    plain.say("")
    plain.say(f"{routine.name} ({format_seconds(routine.total_seconds)}). {equipment_line(routine)}.")
    plain.say(f"{plain.keys_help}.")
    plain.say(STOP_LINE)
    if yes:
        doing = "back to the session, paused" if resuming else "beginning now"
        plain.say(f"--yes: the reminder is acknowledged; {doing}.")
        return True
    if resuming:
        plain.say("Press Enter to go back to the session (it comes back paused), or q then Enter to leave.")
    else:
        plain.say("Press Enter to begin, or q then Enter to go back.")
    # Only the first line answers the reminder; any typed after it stay pending, as keys for the session.
    line = plain.next_line()
    if line is None:
        raise UsageError("stdin ended before the reminder was acknowledged; use --yes in scripts")
    return "quit" not in parse_command(line)


def _bell() -> None:
    # To a terminal on stderr only: stdout stays plain text for readers and pipes.
    if sys.stderr.isatty():
        sys.stderr.write("\a")
        sys.stderr.flush()
