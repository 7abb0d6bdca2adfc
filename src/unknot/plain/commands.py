"""What a line typed in plain mode means: the keys, their help line, and colour only where it is wanted."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Mapping
from typing import TextIO

from unknot.keymap import line_controls, typed_key

WORDS = {
    "pause": "toggle_pause",
    "next": "next",
    "back": "previous",
    "previous": "previous",
    "quit": "quit",
    "time": "time",
    "help": "help",
}
"""Whole words a line may hold instead of a key, whatever the keys are bound to."""
PLAIN_ONLY = {"t": "time"}
"""Keys plain mode has and the app has not (the app shows the time left on screen)."""


def commands_for(keymap: Mapping[str, str]) -> dict[str, str]:
    """A typed character to a runner control ("quit" ends the session), from the app's own key bindings
    (``keymap``: the settings' ``[keys]``), so a key means the same here as in the app."""
    return {**PLAIN_ONLY, **line_controls(keymap)}


COMMANDS = commands_for({})
"""The keys with no ``[keys]`` table: space pause/resume, n next, p back, r, h, + / -, t, q, ?."""


def keys_help(keymap: Mapping[str, str], *, keeps: bool = True) -> str:
    """The help line: each key as bound (the word when no key of it can be typed on a line)."""

    def key(binding_id: str, word: str) -> str:
        return typed_key(keymap, binding_id) or word

    quit_key = key("player.quit", "quit") + " quit" + (" (progress is kept)" if keeps else "")
    return (
        f"Keys (then Enter): {key('player.pause', 'pause')} pause/resume (Enter alone goes on from a pause), "
        f"{key('player.next', 'next')} next, {key('player.previous', 'back')} back, "
        f"{key('player.restart', 'restart')} restart, "
        f"{key('player.hurts', 'hurts')} hurts (skip and note it), "
        f"{key('player.plus', '+')} / {key('player.minus', '-')} 15 seconds, t time left, {quit_key}"
    )


KEYS_HELP = keys_help({})


def parse_command(line: str, *, paused: bool = False, commands: Mapping[str, str] = COMMANDS) -> list[str]:
    """The controls a line typed on stdin asks for; ``["unknown"]`` when it means nothing.

    An empty line (just Enter) goes on from a pause and means nothing while the session runs, so a stray
    Enter never stops the clock. ``commands`` are the keys (:func:`commands_for`).
    """
    word = line.strip()
    if not word:
        if " " in line and " " in commands:
            return [commands[" "]]
        return ["resume"] if paused else []
    if word.lower() in WORDS:
        return [WORDS[word.lower()]]
    letters = [c for c in word if not c.isspace()]
    found = [commands.get(c) or commands.get(c.lower()) for c in letters]
    if all(found):
        return [name for name in found if name]
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
