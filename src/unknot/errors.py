"""Errors that point at a place in a file a person wrote.

Every problem with a routine or settings file becomes one of these: the CLI prints it as
``PATH:LINE:COL: message`` and exits with status 2, and the UI shows it in place. Lines and columns count
from 1, as editors do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from unknot.safetext import safe


class InputError(Exception):
    """A problem in a file the user wrote, with where it is and how to fix it."""

    def __init__(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        # The path is a file name and the message may quote the file: neither reaches a terminal raw.
        return safe(f"{self.path}:{self.line}:{self.column}: {self.message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[Path, int, int, str]]:
        return (type(self), (self.path, self.line, self.column, self.message))


class RoutineError(InputError):
    """A routine file that cannot be used as it is."""


class SettingsError(InputError):
    """A settings file that cannot be used as it is."""


class SettingsErrors(SettingsError):
    """Every problem of one settings file, so one run shows them all: it reads as the first (``line``,
    ``message``...) and prints as all of them, ``PATH:LINE:COL: message`` one a line, in file order."""

    def __init__(self, errors: Sequence[SettingsError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.path, first.line, first.column, first.message)

    def __str__(self) -> str:
        return "\n".join(InputError.__str__(error) for error in self.errors)

    def __reduce__(self) -> tuple[type[SettingsErrors], tuple[list[SettingsError]]]:  # type: ignore[override]
        return (type(self), (self.errors,))


class UsageError(Exception):
    """A request that cannot be carried out as asked (unknown routine, nothing to resume); exit status 2.

    The message says what to do instead.
    """
