"""Opening the database file: checking it is ours and whole, and setting a damaged one aside.

One file in WAL mode, so a process killed in the middle of a write leaves the last committed state behind,
never a torn one. A file that is damaged, foreign or from a newer unknot is renamed aside (with its -wal and
-shm) and a fresh one started; a location that cannot be used at all falls back to reading what is there,
or to memory. :func:`open_database` does all of it and says what happened in one notice.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from unknot.session.readonly import open_read_only
from unknot.session.store_schema import APPLICATION_ID, SCHEMA_VERSION, migrate

BUSY_TIMEOUT_MS = 50
"""How long a write waits for another program's lock: a save must never stall the session (issue 17);
one that finds the database busy fails at once and the next checkpoint, a second later, tries again."""


class Damaged(Exception):
    """The file is not a usable unknot database; the message says why."""


def check(conn: sqlite3.Connection) -> None:
    """Raise :class:`Damaged` unless ``conn`` holds a whole unknot database (or a brand new, empty one)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        # Only damage moves the file aside; a busy or unreadable file is left alone for the caller.
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or type(exc) is sqlite3.DatabaseError:
            raise Damaged(str(exc)) from exc
        raise
    if problems != ["ok"]:
        raise Damaged(f"integrity check: {problems[0]}")
    if app_id == 0 and version == 0 and objects == 0:
        return  # brand new (an empty file is what SQLite itself creates)
    if app_id != APPLICATION_ID:
        raise Damaged("it is not an unknot database")
    if version > SCHEMA_VERSION:
        raise Damaged(f"it was written by a newer unknot, schema {version} > {SCHEMA_VERSION}")


def connect(target: Path | str) -> sqlite3.Connection:
    """Open, check and migrate the database at ``target`` (a path or ``:memory:``), WAL on."""
    # isolation_level=None: no implicit transactions; _transaction() marks where each one runs.
    conn = sqlite3.connect(target, isolation_level=None, timeout=5.0)
    try:
        check(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: may lose the last write, never corrupts
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # after the one-off migration
    except BaseException:
        conn.close()
        raise
    return conn


def sniff(path: Path) -> None:
    """Raise :class:`Damaged` when the file at ``path`` is there but does not start as SQLite does."""
    # Look before SQLite does: on a file that is not a database it deletes the -wal and -shm beside it,
    # which we would rather keep with the file for whoever wants to look into it.
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except FileNotFoundError:
        return
    if head and head != b"SQLite format 3\x00":
        raise Damaged("file is not a database")


def set_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal and -shm) to ``NAME.corrupt-STAMP``; return the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while target.exists():  # two damaged files within one second: keep both
        count += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def open_database(path: Path) -> tuple[sqlite3.Connection, str | None, bool]:
    """Open (creating it and its folder if needed) the database at ``path``; never fails.

    Returns the connection, a notice for the user (None when all went well) and whether it is read-only:
    nothing can be saved, because the folder or file cannot be written.
    """
    notice = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            sniff(path)
            conn = connect(path)
        except Damaged as damaged:
            moved = set_aside(path)
            notice = f"The old database was damaged ({damaged}); it was moved to {moved}. Starting fresh."
            conn = connect(path)
    except (OSError, sqlite3.Error, Damaged) as exc:
        # A read-only or unwritable folder: show what is there (the saved session, the history).
        reader = open_read_only(path, check, (sqlite3.Error, Damaged))
        notice = f"Cannot use the database at {path} ({exc}); nothing will be saved this time."
        if reader is not None:
            notice += " Your saved session and history are shown as they were."
        return reader or connect(":memory:"), notice, True
    return conn, notice, False
