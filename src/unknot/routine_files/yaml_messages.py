"""Where a problem in a hand-written file is, and how to say it: places, did-you-mean, short quotes.

Shared by everything that reads a file a person wrote (routines, settings) and by the commands that
write routine files, so that a problem is placed and worded the same way everywhere. Re-exported by
:mod:`unknot.routine_files.yamlsafe`, where callers import them from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from typing import Protocol

from yaml.nodes import MappingNode, Node, SequenceNode

# Control characters a text value may not hold (tabs and line breaks are fine), whatever escapes wrote them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
# Half of a UTF-16 pair on its own (a "\udcff" escape, or a byte of a command-line argument that is not
# UTF-8): not a character, and it cannot be written to a terminal or a UTF-8 file.
_SURROGATE = re.compile("[\ud800-\udfff]")
# YAML's line breaks, as PyYAML counts them (a lone \r is a break, \r\n is one break).
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


class HasPlace(Protocol):
    """Anything with a 0-based line and column, as PyYAML's marks have."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


def place(mark: HasPlace | None) -> tuple[int, int]:
    """A PyYAML mark (0-based) as the 1-based line and column people and editors count."""
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counted the way PyYAML counts marks."""
    line, start = 1, 0
    for match in _BREAKS.finditer(text, 0, index):
        line, start = line + 1, match.end()
    # PyYAML does not count a byte order mark as a column.
    return line, index - start - text.count("\ufeff", start, index) + 1


def unknown_message(kind: str, value: str, choices: Sequence[str]) -> str:
    """``unknown KIND 'value'; did you mean 'x'?``, or the list of valid choices when nothing is close."""
    shown = shorten(value)
    close = closest(value, choices)
    if close:
        return f"unknown {kind} '{shown}'; did you mean '{close}'?"
    return f"unknown {kind} '{shown}'; use one of: {', '.join(choices)}"


def closest(value: str, choices: Sequence[str]) -> str | None:
    """The choice ``value`` is most likely a misspelling of, if any is close enough."""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, with line breaks shown as ``\\n``, for use in a message."""
    flat = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def text_flaw(value: str) -> str | None:
    """What makes ``value`` unfit for a text field beyond being empty, as the end of "tool ...", or None.

    The rules of :meth:`~unknot.routine_files.yamlsafe.NodeReader.text`, shared with the commands that
    write routine files, so that what they write always reads back. Tabs and line breaks are fine.
    """
    control = _CONTROL.search(value)
    if control:
        # A double-quoted "\e[2J" would reach the terminal as an escape sequence when shown.
        return f"contains the control character U+{ord(control.group()):04X}"
    surrogate = _SURROGATE.search(value)
    if surrogate:
        return (
            f"contains U+{ord(surrogate.group()):04X}, which is half of a UTF-16 pair and not a character"
            " on its own"
        )
    return None


def describe(value: object) -> str:
    """What a YAML value is, in words for an error message."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def kind(node: Node) -> str:
    """``a list``, ``a mapping`` or ``a single value``: what a node is, for an error message."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return "a single value"
