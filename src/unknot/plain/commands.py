"""What a line typed in plain mode means: the keys, their help line, and colour only where it is wanted."""

from __future__ import annotations

import io
import os
import shutil
from typing import TextIO

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


def line_width(out: TextIO) -> int | None:
    """The terminal's width when ``out`` is one, so lines wrap between words; None for a pipe or a file,
    which get each line whole (a script or a screen reader's own wrapping reads them)."""
    isatty = getattr(out, "isatty", None)
    if not (isatty and isatty()):
        return None
    try:  # the terminal's own size: $COLUMNS may be stale, or inherited from another terminal
        columns = os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        columns = shutil.get_terminal_size().columns
    return max(20, columns)


def use_colour(out: TextIO) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set or ``TERM=dumb``."""
    isatty = getattr(out, "isatty", None)
    return bool(
        isatty and isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"
    )
