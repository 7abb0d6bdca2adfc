"""Reading ``config.toml``: tomllib parses it, the declaration checks it, and every problem has a place.

A problem is a :class:`~unknot.errors.SettingsError` at ``PATH:LINE:COL`` with what to write instead (all
of a file's problems at once, :class:`~unknot.errors.SettingsErrors`),
found with the same helpers the routine (YAML) reader uses: :func:`~unknot.routine_files.yamlsafe.decode`
for bytes that are not UTF-8 text, :func:`~unknot.routine_files.yamlsafe.position` for a line and column,
and :func:`~unknot.routine_files.yamlsafe.unknown_message` for "did you mean". tomllib gives values but no
positions, so a key is found in the text by :func:`locate`.
Core module: no Textual here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from unknot.errors import SettingsError, SettingsErrors
from unknot.routine_files.yamlsafe import decode, position, unknown_message
from unknot.settings.checks import BINDING_IDS, key_binding_problems
from unknot.settings.declaration import KEYS, problem

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
# A table header such as [keys] (not an array of tables, [[x]]), at the start of a line.
_TABLE = re.compile(r"^[ \t]*\[(?!\[)[ \t]*([^\]\n]+?)[ \t]*\]", re.MULTILINE)


def read_text(path: Path) -> str | None:
    """The text of the settings file, None when there is none; a file that cannot be read is an error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(path, 1, 1, f"cannot read the settings file: {exc.strerror}") from exc
    return decode(data, path, SettingsError)


def checked(path: Path, text: str) -> dict[str, Any]:
    """The values of a settings file's ``text``, each checked against the declaration.

    Every bad setting is reported at once, in file order (a :class:`SettingsErrors` when there are
    several), so one run shows all there is to fix. A file that is not TOML stops at its first syntax
    error: tomllib reads no further.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, str(exc)) from exc
    errors: list[SettingsError] = []
    for key, value in doc.items():
        if key not in KEYS:
            line, column = locate(text, key, None, at_value=False)
            errors.append(SettingsError(path, line, column, unknown_message("setting", key, KEYS)))
        elif key == "keys" and isinstance(value, dict):
            for binding, message in key_binding_problems(value):  # one for each bad line of [keys]
                line, column = locate(text, binding, "keys", at_value=binding in BINDING_IDS)
                errors.append(SettingsError(path, line, column, f"keys: {message}"))
        elif (wrong := problem(key, value)) is not None:
            line, column = locate(text, key, None, at_value=not isinstance(value, dict))
            errors.append(SettingsError(path, line, column, f"{key}: {wrong}"))
    if errors:
        errors.sort(key=lambda error: (error.line, error.column))
        raise errors[0] if len(errors) == 1 else SettingsErrors(errors)
    return doc


def locate(text: str, key: str, table: str | None, *, at_value: bool) -> tuple[int, int]:
    """Line and column of ``key`` (or its value) in ``table`` (None: the top level); 1:1 if not found.

    A top-level key that is a table (``[sound]``) is found at its header.
    """
    names = (f'"{key}"', f"'{key}'", key)
    headers = list(_TABLE.finditer(text))
    if table is None:
        for header in headers:
            if header[1] in names:
                return position(text, header.start() + header[0].index("["))
    assignment = re.compile(rf"^([ \t]*)(?:{'|'.join(map(re.escape, names))})[ \t]*=[ \t]*", re.MULTILINE)
    sections = zip(
        [None, *(h[1].strip("\"'") for h in headers)],
        [0, *(h.end() for h in headers)],
        [*(h.start() for h in headers), len(text)],
        strict=True,
    )
    for owner, start, end in sections:
        found = assignment.search(text, start, end) if owner == table else None
        if found:
            return position(text, found.end() if at_value else found.end(1))
    return 1, 1


def _syntax_error(path: Path, text: str, message: str) -> SettingsError:
    found = _TOML_POSITION.search(message)
    if found:
        line, column = int(found[1]), int(found[2])
        message = message[: found.start()]
    else:  # "... (at end of document)"
        message = re.sub(r"\s*\(at end of document\)\s*$", "", message)
        line, column = position(text, len(text))
    said = _in_words(message, text, line)
    if said is not None:
        message, column = said[0], said[1] or column
    else:
        message = message[0].lower() + message[1:] if message else "cannot read this as TOML"
        message += " (this file is TOML: key = value, one a line)"
    return SettingsError(path, line, column, message)


_TWICE = re.compile(r"Cannot declare \((.*)\) twice")
_KEY_AT_START = re.compile(r"^[ \t]*([A-Za-z0-9_.\-\"' ]+?)[ \t]*=")


def _in_words(message: str, text: str, line: int) -> tuple[str, int | None] | None:
    """tomllib's two messages about a repeated name, said with the name and the fix (not a Python tuple),
    and the column where that name starts when it can be found."""
    lines = text.splitlines()
    at = lines[line - 1] if 0 < line <= len(lines) else ""  # the line tomllib points at
    twice = _TWICE.match(message)
    if twice:
        table = ".".join(re.findall(r"'([^']*)'", twice[1])) or twice[1]
        column = len(at) - len(at.lstrip()) + 1
        return f"the table [{table}] appears twice; put all its lines under one [{table}]", column
    if message.startswith("Cannot overwrite a value"):
        found = _KEY_AT_START.match(at)
        if found is None:
            return "a setting here is set twice; keep one of the two lines", None
        return f"{found[1].strip()!r} is set twice; keep one of the two lines", found.start(1) + 1
    return None
