"""The limits on a YAML file a person wrote, and the first check of its bytes: the encoding.

Routines need three levels of nesting; :data:`MAX_DEPTH` bounds it so a hostile file stays cheap.
:func:`decode` refuses what cannot be in a YAML file (bytes that are not UTF-8, a NUL, the control
characters PyYAML's reader refuses) at the line and column where it is, before any parsing.
"""

from __future__ import annotations

from pathlib import Path

from yaml.reader import Reader

from unknot.errors import InputError, RoutineError
from unknot.routine_files.yaml_messages import HasPlace, position

MAX_DEPTH = 8
"""How deeply collections may nest. Routines need three levels; the bound keeps hostile files cheap."""

ErrorType = type[InputError]

TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep; a routine needs at most 3 (segments, a segment, its keys)"
)


class Refused(Exception):
    """A YAML construct refused at a place (an anchor, a tag, a second document, deep nesting)."""

    def __init__(self, mark: HasPlace | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def decode(data: bytes, path: Path, error: ErrorType = RoutineError) -> str:
    """The text of a file, or ``error`` at the first byte or character that cannot be in a YAML file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = position(good, len(good))
        hint = "save it as UTF-8"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = "it looks like UTF-16; save it as UTF-8"
        bad = data[exc.start]
        raise error(path, line, column, f"not valid UTF-8 (byte 0x{bad:02x}); {hint}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = position(text, nul)
        raise error(
            path,
            line,
            column,
            "NUL byte in the file: it is binary or saved as UTF-16; save it as UTF-8 text",
        )
    # The same characters PyYAML's reader refuses, found here so the error has a line and column.
    bad_char = Reader.NON_PRINTABLE.search(text)
    if bad_char:
        line, column = position(text, bad_char.start())
        code = ord(bad_char.group())
        raise error(path, line, column, f"control character U+{code:04X} is not allowed; delete it")
    return text
