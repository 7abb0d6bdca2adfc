"""SQLite storage: the session in progress, finished sessions and pain ratings, behind one :class:`Store`.

One file (``paths.database_path()``) in WAL mode; every write is one ``BEGIN IMMEDIATE`` transaction. The
rooms around it: the schema and its migrations in :mod:`unknot.session.store_schema`; opening the file and
setting a damaged one aside in :mod:`unknot.session.store_file` (``Store.notice`` says where it went); the
values kept and the errors raised in :mod:`unknot.session.store_records`; reading the history back in
:mod:`unknot.session.store_history`. Wall times are ISO-8601 UTC.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from unknot import paths
from unknot.session.readonly import file_identity
from unknot.session.store_file import open_database
from unknot.session.store_history import read_history, write_csv
from unknot.session.store_records import (
    FinishedSession,
    NotOwner,
    Progress,
    SessionRecord,
    StoreBusy,
    StoreError,
    StoreReadOnly,
    check_pain,
    iso,
    read_json,
)
from unknot.session.store_schema import transaction


class Store:
    """The database: open it with ``Store.open()``; writes raise only ``StoreError``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notice: str | None = None) -> None:
        self._conn = conn
        self.path = path
        #: Something the user should be told once, e.g. that a damaged file was moved aside.
        self.notice = notice
        #: True when nothing can be saved (the folder or file cannot be written): every write fails.
        self.read_only = False
        self._identity = file_identity(path)

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open (creating it and its folder if needed) the database; never fails.

        A damaged or foreign file is moved aside and a fresh one started. If the location cannot be
        used at all (say, a read-only folder), the store lives in memory for this run. Either way
        ``notice`` says what happened.
        """
        path = path if path is not None else paths.database_path()
        conn, notice, read_only = open_database(path)
        store = cls(conn, path, notice)
        store.read_only = read_only
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreReadOnly(f"Cannot {action}: {self.path} or its folder cannot be written")
        if file_identity(self.path) != self._identity:
            # Another program moved, deleted or replaced the file: our connection writes to the old one.
            raise StoreError(f"Cannot {action}: {self.path} was replaced or removed while unknot ran")
        try:
            with transaction(self._conn):
                yield self._conn
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise  # a bug in the caller or here, not something the user can fix
            busy = getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
            raise (StoreBusy if busy else StoreError)(f"Cannot {action}: {self._reason(exc)}") from exc

    def _reason(self, exc: sqlite3.DatabaseError) -> str:
        name, text = getattr(exc, "sqlite_errorname", ""), str(exc).lower()
        if name == "SQLITE_FULL" or "disk is full" in text:
            return "the disk is full"
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or any(
            word in text for word in ("readonly", "read-only", "unable to open")
        ):
            return f"{self.path} or its folder is read-only"
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return "the database is in use by another program (another unknot?)"
        return f"the database could not be written ({exc})"

    def save_progress(
        self,
        *,
        routine_id: str,
        routine_name: str,
        routine_hash: str,
        snapshot: dict[str, Any],
        started_at: datetime,
        pain_before: int | None = None,
        owner: str | None = None,
        claim: bool = True,
    ) -> None:
        """Save the session in progress, replacing any earlier one (there is at most one).

        ``owner`` is the saving process's token. With ``claim`` the row is taken over whoever held it
        (the first save of a session started or resumed under the lock); without it, a row that another
        owner holds is left alone and :class:`NotOwner` raised.
        """
        check_pain(pain_before)
        row = (routine_id, routine_name, routine_hash, json.dumps(snapshot), iso(started_at))
        with self._writing("save progress") as conn:
            held = conn.execute("SELECT owner FROM progress WHERE id = 1").fetchone()
            if not claim and held is not None and held[0] not in (None, owner):
                raise NotOwner("Cannot save progress: another unknot window has taken this session over")
            conn.execute(
                "INSERT OR REPLACE INTO progress VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row, iso(datetime.now(UTC)), pain_before, owner),
            )

    def load_progress(self) -> Progress | None:
        """The session in progress, or None when there is none (or it cannot be read back)."""
        row = self._conn.execute(
            "SELECT routine_id, routine_name, routine_hash, snapshot, started_at, updated_at,"
            " pain_before FROM progress WHERE id = 1"
        ).fetchone()
        if row is None or (snapshot := read_json(row[3], dict)) is None:
            return None
        started, updated = datetime.fromisoformat(row[4]), datetime.fromisoformat(row[5])
        return Progress(row[0], row[1], row[2], snapshot, started, updated, row[6])

    def clear_progress(self) -> None:
        """Forget the session in progress."""
        with self._writing("clear progress") as conn:
            conn.execute("DELETE FROM progress")

    def finish(self, session: SessionRecord, owner: str | None = None) -> int:
        """Record a finished session and clear the progress, in one transaction; return its id.

        Without ``pain_before`` the rating saved with the progress (if any) is carried over.
        """
        pain_before, pain_after = session.pain_before, session.pain_after
        check_pain(pain_before)
        check_pain(pain_after)
        row = (
            session.routine_id,
            session.routine_name,
            iso(session.started_at),
            iso(session.ended_at),
            int(session.active_seconds),
            *map(json.dumps, (session.region_seconds, session.skipped, session.hurts)),
            bool(session.completed),
        )
        with self._writing("save the session") as conn:
            if pain_before is None:
                saved = conn.execute("SELECT pain_before FROM progress WHERE id = 1").fetchone()
                pain_before = saved[0] if saved else None
            session_id = conn.execute(
                "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at,"
                " active_seconds, region_seconds, skipped, hurts, completed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            ).lastrowid
            assert session_id is not None  # always set after an INSERT
            conn.executemany(
                "INSERT INTO session_steps VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, t.step, t.region, t.side, t.seconds, t.outcome) for t in session.steps],
            )
            if session.pain_where is not None:
                conn.execute(
                    "INSERT INTO ratings (session_id, pain_where) VALUES (?, ?)",
                    (session_id, session.pain_where),
                )
            for moment, value in (("before", pain_before), ("after", pain_after)):
                if value is not None:
                    conn.execute(
                        "INSERT INTO pain VALUES (?, ?, ?, ?)",
                        (session_id, moment, value, iso(datetime.now(UTC))),
                    )
            # Another owner's row is another session: it stays.
            conn.execute(
                "DELETE FROM progress WHERE owner IS NULL OR owner IS ? OR ? IS NULL", (owner, owner)
            )
        return session_id

    def set_pain(self, session_id: int, when: Literal["before", "after"], value: int) -> None:
        """Record (or replace) the 0-10 pain rating before or after a finished session."""
        check_pain(value)
        if when not in ("before", "after"):
            raise ValueError(f"when must be 'before' or 'after', not {when!r}")
        try:
            with self._writing("save the pain rating") as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO pain VALUES (?, ?, ?, ?)",
                    (session_id, when, value, iso(datetime.now(UTC))),
                )
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"there is no finished session {session_id}") from exc

    def set_rating(self, session_id: int, column: Literal["pain_where", "retest"], value: str) -> None:
        """Record (or replace) where the pain was, or how the movement re-test went, for a session."""
        if column not in ("pain_where", "retest"):
            raise ValueError(f"column must be 'pain_where' or 'retest', not {column!r}")
        with self._writing("save the rating") as conn:
            conn.execute("INSERT OR IGNORE INTO ratings (session_id) VALUES (?)", (session_id,))
            conn.execute(f"UPDATE ratings SET {column} = ? WHERE session_id = ?", (value, session_id))

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (for the modules that compute outcomes from the history)."""
        return self._conn.execute(sql, params).fetchall()

    def history(self, limit: int | None = None) -> list[FinishedSession]:
        """Finished sessions, newest first, at most ``limit`` of them."""
        return read_history(self._conn, limit)

    def pain_trend(self, n: int = 30) -> list[tuple[int | None, int | None]]:
        """(before, after) ratings of the last ``n`` sessions, oldest first; None if not rated."""
        return [(s.pain_before, s.pain_after) for s in reversed(self.history(n))]

    def export_csv(self, out: TextIO) -> None:
        """Write the history, oldest first, as CSV; ``date`` is the start time in ISO-8601 UTC."""
        write_csv(self.history(), out)

    def integrity_ok(self) -> bool:
        """Whether SQLite's full integrity check passes."""
        try:
            return [row[0] for row in self._conn.execute("PRAGMA integrity_check")] == ["ok"]
        except sqlite3.DatabaseError:
            return False

    def close(self) -> None:
        """Close the database (checkpointing the WAL into the main file)."""
        self._conn.close()
