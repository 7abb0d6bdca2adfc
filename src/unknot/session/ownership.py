"""One owner per session: the lock a process holds while it runs (or is about to run) a session.

Two unknot windows on one data folder share one progress row. Without an owner they took turns
overwriting it, a discard in one did not stick, and one session could run twice and reach the history
twice. So a window that offers resume, start over or discard, or runs a session, first takes an advisory
lock (``fcntl.flock``) on ``unknot.db.lock`` beside the database, and keeps it until the session is over.
The operating system drops the lock when the process ends in any way (``kill -9`` included), so a killed
owner's session can be resumed at once. The lock file holds the owner's pid, for the message the other
window shows. Each owner also has a random token, written into the progress row with every checkpoint;
the store refuses a checkpoint over a row that another owner's token holds (see ``Store.save_progress``).

unknot's choice: one session at a time per data folder. A second window can list routines and show the
history, but cannot start or resume a session until the first window finishes or quits its own.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; one window at a time is then up to the user
    fcntl = None  # type: ignore[assignment]


def lock_path(database: Path) -> Path:
    """The lock file beside ``database``."""
    return database.with_name(database.name + ".lock")


class SessionLock:
    """The advisory lock on a data folder's session, and this process's owner token."""

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self.token = secrets.token_hex(8)
        """Written into the progress row by every checkpoint of this process."""
        self._fd: int | None = None
        self.held = False

    def acquire(self) -> bool:
        """Take the lock if it is free (or already ours); False when another live process holds it.

        When the lock file cannot be made at all (a read-only data folder) this returns True without a
        lock: nothing can be saved there anyway, so no window can overwrite another's progress.
        """
        if self.held:
            return True
        fd = self._open()
        if fd is None:
            self.held = True
            return True
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        self._fd, self.held = fd, True
        try:  # who holds it, for the other window's message; the lock itself is what counts
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass
        return True

    def _open(self) -> int | None:
        for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
            try:
                return os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
            except OSError:
                continue
        return None

    def release(self) -> None:
        """Let go of the lock (closing the file drops it), so another window may run a session."""
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the pid left in the file is harmless
        self._fd, self.held = None, False

    def holder(self) -> int | None:
        """The pid of the process holding the lock, as it wrote it (None if unknown)."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def busy_message(self, routine_name: str | None = None) -> str:
        """What a second window says when it cannot take the session."""
        pid = self.holder()
        who = f"another unknot window (pid {pid})" if pid else "another unknot window"
        what = "" if routine_name is None else f" ('{routine_name}')"
        return (
            f"This session is open in {who}{what}. Finish it there, or quit it there (q keeps its "
            "progress), then start again here: one session runs at a time."
        )
