"""The database file as it stands: its identity (to notice it replaced) and a read-only way in.

Kept apart from :mod:`unknot.session.store` and :mod:`unknot.session.store_file`, which call them: a data
folder unknot cannot write must still show the saved session and the history, and a file replaced under a
running session must be noticed before a save goes into the old one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, None when there is none: a replaced file has another."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def open_read_only(
    path: Path,
    check: Callable[[sqlite3.Connection], None],
    failures: tuple[type[Exception], ...] = (sqlite3.Error,),
) -> sqlite3.Connection | None:
    """The database opened for reading only and passed through ``check``, or None when that fails too.

    In a folder we cannot write, a WAL database cannot make its ``-shm`` file, so a plain read-only open
    fails; ``immutable=1`` reads the file as it stands (what the last unknot left checkpointed).
    """
    if not path.is_file():
        return None
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            check(conn)
            conn.execute("SELECT count(*) FROM progress").fetchone()
            return conn
        except failures:
            conn.close()
    return None
