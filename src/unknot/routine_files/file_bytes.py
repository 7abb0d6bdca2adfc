"""The bytes of a routine file, read safely: never waiting on a pipe, never more than a bound.

Every problem is a :class:`~unknot.errors.RoutineError` at 1:1 that says what to give instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from unknot.errors import RoutineError

MAX_FILE_BYTES = 256 * 1024
"""The largest routine file that is read (one byte more is read, to tell a file that grew)."""


def read_routine_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, or a :class:`RoutineError` saying why not."""

    def fail(message: str) -> RoutineError:
        return RoutineError(path, 1, 1, message)

    try:
        # O_NONBLOCK so that opening a FIFO does not wait for a writer; fstat on the open file (not the
        # name) so the checks and the read see the same file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise fail("no such file; check the path") from None
    except IsADirectoryError:
        raise fail("this is a folder; give the path of a routine's .yaml file") from None
    except PermissionError:
        raise fail("cannot read this file: permission denied") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot open this file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail("this is a folder; give the path of a routine's .yaml file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("not a regular file (a pipe or a device); give the path of a .yaml file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(too_big(info.st_size))
        # One byte more than allowed, so that a file that grew since fstat is still caught as too big.
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(f"cannot read this file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return data


def too_big(size: int) -> str:
    """The message for a file of ``size`` bytes, over :data:`MAX_FILE_BYTES`."""
    return (
        f"the file is {size // 1024} KiB; a routine file may be at most {MAX_FILE_BYTES // 1024} KiB"
        " (is this the right file?)"
    )
