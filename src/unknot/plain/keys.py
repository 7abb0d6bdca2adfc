"""Where plain mode's keys come from: lines typed on stdin, and the signals that ask it to stop.

Plain mode waits for the next moment that matters *or* a typed line, whichever comes first. That wait is
the only place it meets real time, so it lives behind :class:`Keys`: the terminal's :class:`TerminalKeys`
selects on stdin and a signal pipe with a timeout; tests pass a scripted source that moves a fake clock
instead of sleeping, and run a whole routine in milliseconds.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Keys(Protocol):
    """A source of typed lines for plain mode."""

    ended: bool
    """True once no more lines will ever come (stdin reached its end)."""
    stop: int | None
    """The signal that asked plain mode to stop, once one has."""

    def read(self, timeout: float | None) -> list[str]:
        """Wait up to ``timeout`` seconds (None: until something comes) for lines; [] when none came."""
        ...

    def watch_signals(self) -> AbstractContextManager[None]:
        """While inside, SIGTERM and SIGHUP end a wait and set :attr:`stop`."""
        ...


class TerminalKeys:
    """Lines typed on a file descriptor (stdin), read without blocking past the timeout."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        self.ended = fd is None
        self.stop: int | None = None
        self._buffer = b""
        self._wakeup_fd: int | None = None

    @classmethod
    def stdin(cls) -> TerminalKeys:
        """Keys from this process's stdin (none when it has no file descriptor)."""
        try:
            return cls(sys.stdin.fileno() if sys.stdin is not None else None)
        except (OSError, ValueError):
            return cls(None)

    def read(self, timeout: float | None) -> list[str]:
        watched = [fd for fd in (self.fd, self._wakeup_fd) if fd is not None]
        if not watched:
            time.sleep(timeout or 0)
            return []
        ready = select.select(watched, [], [], timeout)[0]
        if self._wakeup_fd is not None and self._wakeup_fd in ready:
            signals = os.read(self._wakeup_fd, 64)
            self.stop = next((n for n in signals if n in STOP_SIGNALS), self.stop)
        if self.fd is None or self.fd not in ready:
            return []
        data = os.read(self.fd, 4096)
        if not data:  # the end of stdin: what is left is the last line
            self.fd = None
            self.ended = True
            data = b"\n" if self._buffer else b""
        self._buffer += data
        *complete, self._buffer = self._buffer.split(b"\n")
        return [line.decode("utf-8", "replace") for line in complete]

    @contextmanager
    def watch_signals(self) -> Iterator[None]:
        """SIGTERM and SIGHUP end the wait at once (through a pipe that wakes ``select``)."""
        read_end, write_end = os.pipe()
        for fd in (read_end, write_end):
            os.set_blocking(fd, False)
        previous = {s: signal.signal(s, lambda signum, frame: None) for s in STOP_SIGNALS}
        old_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        self._wakeup_fd = read_end
        try:
            yield
        finally:
            signal.set_wakeup_fd(old_fd)
            for s, old in previous.items():
                signal.signal(s, old)
            self._wakeup_fd = None
            os.close(read_end)
            os.close(write_end)
