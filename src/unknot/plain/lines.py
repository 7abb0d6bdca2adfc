"""Plain mode's ends of the terminal: lines printed on stdout, lines typed on stdin, warnings on stderr.

:class:`PlainLines` is what the questions before a session (``unknot.plain.asking``) need, and what the
running session (:class:`unknot.plain.mode.PlainSession`) builds on: both read the same typed lines, so a
line typed in the same burst as the answer to a question is kept for the session, never dropped.
"""

from __future__ import annotations

import math
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from unknot.keymap import typed_key
from unknot.model.routine import format_seconds
from unknot.plain.commands import commands_for, keys_help, parse_command
from unknot.plain.keys import Keys
from unknot.safetext import safe, safe_lines
from unknot.session.clock import Clock, session_clock


@dataclass
class PlainLines:
    """Where lines go and where typed lines come from, with the lines read but not yet acted on."""

    out: TextIO
    keys: Keys
    clock: Clock = session_clock
    """The clock every session run here is on (a fake in tests)."""
    colour: bool = False
    pending: list[str] = field(default_factory=list)
    """Lines already read but not yet acted on (typed in the same burst as the Enter of the reminder)."""
    keeps: bool = True
    """Whether progress can be saved at all (not in a read-only data folder): the help says so only then."""
    width: int | None = None
    """The terminal's width: lines wrap between words to fit it (the terminal itself would cut words in
    two); None prints each line whole."""

    keymap: Mapping[str, str] = field(default_factory=dict)
    """The settings' ``[keys]``: plain mode's keys are the app's bindings (see ``unknot.keymap``)."""

    @property
    def keys_help(self) -> str:
        """The keys, and what q does with the progress where it can be kept."""
        return keys_help(self.keymap, keeps=self.keeps)

    @property
    def pause_key(self) -> str:
        """The pause key as a hint names it (``space``), or the word ``pause`` when it types nothing."""
        return typed_key(self.keymap, "player.pause") or "pause"

    def parse(self, line: str, *, paused: bool) -> list[str]:
        """The controls a typed line asks for, by this keymap (see :func:`parse_command`)."""
        return parse_command(line, paused=paused, commands=commands_for(self.keymap))

    def say(self, text: str, *, at: float | None = None, bold: bool = False) -> None:
        """Print one line, prefixed with the session time when ``at`` (a session time) is given."""
        text = safe_lines(text)  # names, ids and paths come from files and the database: never raw
        prefix = "" if at is None else f"{format_seconds(math.floor(at + 0.001))} "
        if self.width is not None:
            # Wrapped lines line up under the text, not under the time, and never cut a word in two.
            indent = " " * len(prefix)
            paragraphs = text.split("\n")
            wrapped = "\n".join(
                textwrap.fill(
                    line,
                    self.width,
                    initial_indent=prefix if n == 0 else indent,
                    subsequent_indent=indent,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
                for n, line in enumerate(paragraphs)
            )
            text = wrapped[len(prefix) :] if wrapped.startswith(prefix) else wrapped
        if self.colour and bold:
            text = f"\x1b[1m{text}\x1b[0m"
        print(prefix + text, file=self.out, flush=True)

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


def warn(message: str) -> None:
    """A warning on stderr, not mixed with the session's lines on stdout."""
    print(f"unknot: {safe(message)}", file=sys.stderr, flush=True)
