"""Text made safe to show on a terminal: the one function every user-controlled string goes through.

A routine's id is its file's stem, and a file name may hold any byte but ``/`` and NUL: ``ESC ] 52 ;``
writes the terminal's clipboard, ``ESC ] 0 ;`` its title, ``ESC [ 2 J`` clears the screen, C1 controls
(U+0080-U+009F) are escapes of their own to some terminals, bidi overrides (U+202E) make text read
backwards, and zero-width characters and line separators forge or hide lines. :func:`safe` shows each of
them as a visible escape (``\\x1b``, ``\\u202e``), so the user sees what is there and the terminal does
nothing with it. The same sets decide what routine names and descriptions refuse at load
(:func:`line_flaw`), and :func:`csv_cell` keeps a spreadsheet from reading a cell as a formula.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL; bidi marks, embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E,
# U+2066-9); zero-width and invisible characters (U+200B-D, U+2060-4, U+FEFF, U+180E); line and paragraph
# separators (U+2028-9); interlinear annotations (U+FFF9-B); lone surrogates (not encodable at all).
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufff9-\ufffb"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}\u2028\u2029\ud800-\udfff]")
_LINE_FLAWS = (
    (re.compile(f"[{_LINE_BREAKS}]"), "a line break"),
    (re.compile(f"[{_BIDI}]"), "a bidirectional control"),
    (re.compile(f"[{_INVISIBLE}]"), "an invisible (zero-width) character"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` as a string with every character that could act on a terminal shown as an escape.

    Printable text, accents and other scripts are left as they are; only controls, bidi controls,
    invisible characters and line separators change (``"a\\x1b]0;x"`` -> ``"a\\\\x1b]0;x"``).
    """
    value = str(text)
    return _UNSAFE.sub(_escaped, value)


def safe_lines(text: str) -> str:
    """Like :func:`safe`, but keeps the line breaks of a multi-line text of our own (``\\n`` only)."""
    return "\n".join(safe(line) for line in text.split("\n"))


def line_flaw(value: str) -> str | None:
    """What makes ``value`` unfit for a one-line text (a routine's name or description), or None.

    The words fit after "name contains ...", with the character's code point.
    """
    for pattern, what in _LINE_FLAWS:
        found = pattern.search(value)
        if found:
            return f"contains {what} (U+{ord(found.group()):04X})"
    return None


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet reads as text: numbers stay numbers; text that begins with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's rule against CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
