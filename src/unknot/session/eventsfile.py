"""The ``--events`` file: opened so that neither a full disk nor a pipe with no reader can stop a session.

Writing to ``/dev/full`` fails on every line: the runner warns once and drops the log, and closing the
file must not raise the same error again at exit. A FIFO with no reader would block ``open`` for ever
with nothing on screen, so it is opened without waiting: no reader is a usage error that says so, and a
reader that stops reading makes a write fail (the runner then warns and drops the log) instead of
stalling the session.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from contextlib import ExitStack
from typing import TextIO

from unknot.errors import UsageError
from unknot.safetext import safe


def open_events(path: str, stack: ExitStack) -> TextIO:
    """Open ``path`` for the events log (line-buffered); closed quietly by ``stack``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(
                f"the events file {safe(path)} is a named pipe (FIFO) that no program is reading; "
                f"start the reader first (for example `cat {safe(path)}`), then unknot"
            ) from exc
        raise UsageError(f"cannot write the events file {safe(path)}: {exc.strerror}") from exc
    if not stat.S_ISFIFO(os.fstat(fd).st_mode):
        os.set_blocking(fd, True)  # a file or a device: ordinary writes; only a pipe must never block
    out = open(fd, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed by the stack
    stack.callback(_close_quietly, out)
    return out


def _close_quietly(out: TextIO) -> None:
    # What could not be written was already reported once, by the runner; closing says nothing more.
    try:
        out.close()
    except OSError:
        with contextlib.suppress(OSError, ValueError):
            os.close(out.fileno())
