"""Plain mode (``unknot run ID --plain``): the session as lines of text, for screen readers and scripts.

No full-screen UI and no redrawing: one line per event on stdout, each prefixed with the session's time
(running time since it began, pauses excluded), and keys read from stdin a line at a time (space or
``p`` then Enter pauses or resumes, Enter alone goes on from a pause, ``n`` next, ``h`` hurts, ``+`` /
``-`` 15 s, ``q`` quit keeping the progress). A resumed session comes back paused. The same
:class:`~unknot.session.runner.SessionRunner`, store and cues drive it as drive the app, so a session quit
here resumes in the app and the other way round. Printing and reading lines is
:class:`~unknot.plain.lines.PlainLines`, shared with the questions asked before the session
(``unknot.plain.asking``).

When stdin reaches its end there are no more keys and the routine runs on to its end (scripts pass
``--yes`` with stdin closed). SIGTERM and SIGHUP save the progress and exit.
"""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TextIO

from unknot.learning.after_session import get_ready_advice
from unknot.model.plan import WAIT_LINE, get_ready_lines, phase_line
from unknot.model.routine import format_seconds
from unknot.model.safety import STOP_LINE
from unknot.plain import ratings as plain_ratings
from unknot.plain.asking import acknowledge, choose_session, resuming_line
from unknot.plain.commands import line_width, parse_command, use_colour
from unknot.plain.detail import get_ready_detail, time_left
from unknot.plain.keys import Keys, TerminalKeys
from unknot.plain.lines import PlainLines, warn
from unknot.safetext import safe
from unknot.session.adapters import session_adapters
from unknot.session.clock import Clock, awake_clock, session_clock
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.events import Event
from unknot.session.flow import build_runner, use_sounds_of
from unknot.session.opening import open_session
from unknot.session.runner import SessionRunner
from unknot.session.texts import summary_lines

__all__ = ["PlainSession", "parse_command", "run_plain", "use_colour"]


@dataclass
class PlainSession(PlainLines):
    """The line-mode front end around a runner: prints events, reads keys, loops until done.

    The runner is set once the session is known (the question about a session in progress comes first).
    """

    runner: SessionRunner = field(init=False, repr=False, compare=False)
    last_shown: float = 0.0
    advice: dict[int, str] = field(default_factory=dict)
    """A line added to the get-ready of steps that hurt lately, by step index
    (``unknot.learning.adapting``)."""

    @property
    def session(self) -> Session:
        """The session being run."""
        return self.runner.session

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
            "setup_wait": f"{WAIT_LINE} (Enter or {self.pause_key} then Enter)",
            "phase": phase_line(event.detail),
            "segment_start": "Begin",
            "halfway": "Halfway",
            "tick": f"{event.detail} second{'' if event.detail == '1' else 's'} left",
            "switch_sides": "Switch sides",
            "segment_end": "Done",
            "paused": f"Paused: {event.detail} (Enter, or {self.pause_key} then Enter, goes on)"
            if event.detail
            else f"Paused (Enter, or {self.pause_key} then Enter, goes on)",
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
                for name in self.parse(line, paused=self.session.paused or self.session.waiting):
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
    out = sys.stdout if out is None else out
    with ExitStack() as stack:
        opened = open_session(args, stack)  # settings, the routine asked for, the store and the lock
        settings, store = opened.settings, opened.store
        if store.notice:
            print(safe(store.notice), file=sys.stderr)
        keys = TerminalKeys.stdin() if keys is None else keys
        plain = PlainSession(
            out, keys, clock, use_colour(out), keeps=not store.read_only, width=line_width(out)
        )
        plain.keymap = settings.keys  # the app's key bindings, so a key means the same in both
        begin = choose_session(args, opened, plain)
        if begin is None:
            plain.say("Nothing changed: the session in progress is kept.")
            return 0
        session, resuming = begin.session(settings, clock), begin.resuming
        checkpoints = begin.checkpoints(store, owner=opened.lock.token)
        adapters = session_adapters(args, settings, stack)
        player = adapters.make_player(_bell)
        use_sounds_of(player, session.routine, adapters.sounds_for, warn)
        if not getattr(args, "mute", False):
            print(player.status, file=sys.stderr, flush=True)
        runner = plain.runner = build_runner(
            session,
            cues=SoundCues(player, say=adapters.say),
            checkpoints=checkpoints,
            settings=settings,
            events_out=adapters.events_out,
            on_warning=warn,
            awake_clock=awake_clock if clock is session_clock else None,  # a test's fake clock has no sleep
        )
        yes = bool(getattr(args, "yes", False))
        if not acknowledge(plain, session.routine, resuming=resuming, yes=yes):
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
                    plain.say(resuming_line(session, plain.keeps, plain.pause_key), at=plain.active_now())
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


def _last_saved(runner: SessionRunner) -> str:
    """Where `unknot resume` would go on from, when the last save failed but an earlier one did not."""
    if runner.saved_at is None:
        return ""
    ago = format_seconds(runner.clock() - runner.saved_at)
    return f"; `unknot resume` goes on from the last point saved, {ago} earlier"


def _bell() -> None:
    # To a terminal on stderr only: stdout stays plain text for readers and pipes.
    if sys.stderr.isatty():
        sys.stderr.write("\a")
        sys.stderr.flush()
