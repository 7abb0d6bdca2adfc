"""SQLite storage: the session in progress, finished sessions and pain ratings.

One file (``paths.database_path()``) in WAL mode, so a process killed in the middle of a write
leaves the last committed state behind, never a torn one. Every write is one ``BEGIN IMMEDIATE``
transaction. The file carries an ``application_id`` and a ``user_version``; ``MIGRATIONS`` brings an
older file up to date. A file that is damaged, foreign or from a newer unknot is renamed aside and the
store starts afresh, with ``Store.notice`` saying where the old file went. Wall times are ISO-8601 UTC.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from unknot import paths
from unknot.safetext import csv_cell
from unknot.session.readonly import file_identity, open_read_only

APPLICATION_ID = 0x756E6B6E  # "unkn": tells our files apart from any other SQLite file

# Each migration holds the statements that take the schema from the previous version to the next;
# version N is MIGRATIONS[N - 1]. Append only: a released migration never changes.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE progress (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            routine_id TEXT NOT NULL, routine_name TEXT NOT NULL, routine_hash TEXT NOT NULL,
            snapshot TEXT NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10))""",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY, routine_id TEXT NOT NULL, routine_name TEXT NOT NULL,
            started_at TEXT NOT NULL, ended_at TEXT NOT NULL,
            active_seconds INTEGER NOT NULL CHECK (active_seconds >= 0),
            region_seconds TEXT NOT NULL, skipped TEXT NOT NULL, hurts TEXT NOT NULL,
            completed INTEGER NOT NULL)""",
        "CREATE INDEX sessions_by_start ON sessions (started_at, id)",
        """CREATE TABLE pain (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
            value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (session_id, moment))""",
    ),
    # 2: what each step of a session came to (side and hurts included), and the two quick ratings. A
    # session finished before this version keeps its row; its time per region is carried over with the
    # side unknown ('') and no step index, since version 1 stored neither.
    (
        """CREATE TABLE session_steps (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            step INTEGER CHECK (step >= 0), region TEXT NOT NULL, side TEXT NOT NULL,
            seconds INTEGER NOT NULL CHECK (seconds >= 0),
            outcome TEXT NOT NULL CHECK (outcome IN ('done', 'skipped', 'hurts', 'pending')))""",
        "CREATE INDEX session_steps_by_session ON session_steps (session_id)",
        """INSERT INTO session_steps (session_id, step, region, side, seconds, outcome)
            SELECT s.id, NULL, r.key, '', r.value, 'done' FROM sessions s, json_each(s.region_seconds) r
            WHERE json_valid(s.region_seconds) AND r.type = 'integer'""",
        """CREATE TABLE ratings (
            session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            pain_where TEXT CHECK (pain_where IN ('left', 'right', 'both', 'middle')),
            retest TEXT CHECK (retest IN ('easier', 'same', 'harder')))""",
    ),
    # The owner token of the process running the session (unknot.session.ownership): a checkpoint never
    # overwrites a row another owner holds.
    ("ALTER TABLE progress ADD COLUMN owner TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 50
"""How long a write waits for another program's lock: a save must never stall the session (issue 17);
one that finds the database busy fails at once and the next checkpoint, a second later, tries again."""

_HISTORY_SQL = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.active_seconds,
           s.region_seconds, s.skipped, s.hurts, s.completed, b.value, a.value
    FROM sessions s
    LEFT JOIN pain b ON b.session_id = s.id AND b.moment = 'before'
    LEFT JOIN pain a ON a.session_id = s.id AND a.moment = 'after'
    ORDER BY s.started_at DESC, s.id DESC LIMIT ?"""


class StoreError(Exception):
    """A write that could not be saved (full disk, read-only file, ...); the message is for the user."""


class StoreBusy(StoreError):
    """Another program holds the database's write lock; trying again later may well work."""


class StoreReadOnly(StoreError):
    """The data folder or the database file cannot be written: nothing will be saved this run."""


class NotOwner(StoreError):
    """The progress row belongs to another unknot window's session (see ``unknot.session.ownership``)."""


@dataclass(frozen=True)
class Progress:
    """The session in progress, as saved for resuming after a quit or a crash."""

    routine_id: str
    routine_name: str
    routine_hash: str
    snapshot: dict[str, Any]
    started_at: datetime
    updated_at: datetime
    pain_before: int | None


@dataclass(frozen=True)
class SessionRecord:
    """A finished session as the player reports it; ``skipped`` and ``hurts`` are segment indices."""

    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    active_seconds: int
    region_seconds: dict[str, int]
    skipped: list[int]
    hurts: list[int]
    completed: bool
    pain_before: int | None = None
    pain_after: int | None = None
    steps: tuple[StepOutcome, ...] = ()
    """Each step's side, seconds and outcome (empty for sessions from before schema 2)."""
    pain_where: str | None = None
    """Where the pain was before: left, right, both or middle."""


@dataclass(frozen=True)
class StepOutcome:
    """What one step of a finished session came to."""

    step: int | None
    region: str
    side: str
    seconds: int
    outcome: str


@dataclass(frozen=True, kw_only=True)
class FinishedSession(SessionRecord):
    """A session from the history, with the id that ``set_pain`` takes."""

    id: int


class _Damaged(Exception):
    """The file is not a usable unknot database; the message says why."""


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(text: str, kind: type) -> Any:
    # Our rows always hold valid JSON; a hand-edited one should not take the history screen down.
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, kind) else None


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so a second unknot waits instead of failing half-way.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself after some errors (SQLITE_FULL)
            conn.execute("ROLLBACK")
        raise


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to ``SCHEMA_VERSION`` in one transaction; a no-op when it is there."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return  # no write lock needed, so a read-only but current file still opens
    with _transaction(conn):
        # Read again under the lock: another unknot may have migrated in the meantime.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check(conn: sqlite3.Connection) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        # Only damage moves the file aside; a busy or unreadable file is left alone for the caller.
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or type(exc) is sqlite3.DatabaseError:
            raise _Damaged(str(exc)) from exc
        raise
    if problems != ["ok"]:
        raise _Damaged(f"integrity check: {problems[0]}")
    if app_id == 0 and version == 0 and objects == 0:
        return  # brand new (an empty file is what SQLite itself creates)
    if app_id != APPLICATION_ID:
        raise _Damaged("it is not an unknot database")
    if version > SCHEMA_VERSION:
        raise _Damaged(f"it was written by a newer unknot, schema {version} > {SCHEMA_VERSION}")


def _connect(target: Path | str) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; _transaction() marks where each one runs.
    conn = sqlite3.connect(target, isolation_level=None, timeout=5.0)
    try:
        _check(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: may lose the last write, never corrupts
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # after the one-off migration
    except BaseException:
        conn.close()
        raise
    return conn


def _sniff(path: Path) -> None:
    # Look before SQLite does: on a file that is not a database it deletes the -wal and -shm beside it,
    # which we would rather keep with the file for whoever wants to look into it.
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except FileNotFoundError:
        return
    if head and head != b"SQLite format 3\x00":
        raise _Damaged("file is not a database")


def _set_aside(path: Path) -> Path:
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
        notice = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                _sniff(path)
                conn = _connect(path)
            except _Damaged as damaged:
                moved = _set_aside(path)
                notice = f"The old database was damaged ({damaged}); it was moved to {moved}. Starting fresh."
                conn = _connect(path)
        except (OSError, sqlite3.Error, _Damaged) as exc:
            # A read-only or unwritable folder: show what is there (the saved session, the history).
            reader = open_read_only(path, _check, (sqlite3.Error, _Damaged))
            notice = f"Cannot use the database at {path} ({exc}); nothing will be saved this time."
            if reader is not None:
                notice += " Your saved session and history are shown as they were."
            conn = reader or _connect(":memory:")
            store = cls(conn, path, notice)
            store.read_only = True
            return store
        return cls(conn, path, notice)

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
            with _transaction(self._conn):
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
        _check_pain(pain_before)
        row = (routine_id, routine_name, routine_hash, json.dumps(snapshot), _iso(started_at))
        with self._writing("save progress") as conn:
            held = conn.execute("SELECT owner FROM progress WHERE id = 1").fetchone()
            if not claim and held is not None and held[0] not in (None, owner):
                raise NotOwner("Cannot save progress: another unknot window has taken this session over")
            conn.execute(
                "INSERT OR REPLACE INTO progress VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row, _iso(datetime.now(UTC)), pain_before, owner),
            )

    def load_progress(self) -> Progress | None:
        """The session in progress, or None when there is none (or it cannot be read back)."""
        row = self._conn.execute(
            "SELECT routine_id, routine_name, routine_hash, snapshot, started_at, updated_at,"
            " pain_before FROM progress WHERE id = 1"
        ).fetchone()
        if row is None or (snapshot := _json(row[3], dict)) is None:
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
        _check_pain(pain_before)
        _check_pain(pain_after)
        row = (
            session.routine_id,
            session.routine_name,
            _iso(session.started_at),
            _iso(session.ended_at),
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
                        (session_id, moment, value, _iso(datetime.now(UTC))),
                    )
            # Another owner's row is another session: it stays.
            conn.execute(
                "DELETE FROM progress WHERE owner IS NULL OR owner IS ? OR ? IS NULL", (owner, owner)
            )
        return session_id

    def set_pain(self, session_id: int, when: Literal["before", "after"], value: int) -> None:
        """Record (or replace) the 0-10 pain rating before or after a finished session."""
        _check_pain(value)
        if when not in ("before", "after"):
            raise ValueError(f"when must be 'before' or 'after', not {when!r}")
        try:
            with self._writing("save the pain rating") as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO pain VALUES (?, ?, ?, ?)",
                    (session_id, when, value, _iso(datetime.now(UTC))),
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
        rows = self._conn.execute(_HISTORY_SQL, (-1 if limit is None else max(limit, 0),))
        return [
            FinishedSession(
                row[1],
                row[2],
                datetime.fromisoformat(row[3]),
                datetime.fromisoformat(row[4]),
                row[5],
                _json(row[6], dict) or {},
                _json(row[7], list) or [],
                _json(row[8], list) or [],
                bool(row[9]),
                row[10],
                row[11],
                id=row[0],
            )
            for row in rows
        ]

    def pain_trend(self, n: int = 30) -> list[tuple[int | None, int | None]]:
        """(before, after) ratings of the last ``n`` sessions, oldest first; None if not rated."""
        return [(s.pain_before, s.pain_after) for s in reversed(self.history(n))]

    def export_csv(self, out: TextIO) -> None:
        """Write the history, oldest first, as CSV; ``date`` is the start time in ISO-8601 UTC."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "routine", "minutes", "pain_before", "pain_after", "skipped", "hurts"])
        for s in reversed(self.history()):
            pains = ("" if p is None else p for p in (s.pain_before, s.pain_after))
            minutes = round(s.active_seconds / 60, 1)
            row = [_iso(s.started_at), s.routine_name, minutes, *pains, len(s.skipped), len(s.hurts)]
            writer.writerow([csv_cell(cell) for cell in row])

    def integrity_ok(self) -> bool:
        """Whether SQLite's full integrity check passes."""
        try:
            return [row[0] for row in self._conn.execute("PRAGMA integrity_check")] == ["ok"]
        except sqlite3.DatabaseError:
            return False

    def close(self) -> None:
        """Close the database (checkpointing the WAL into the main file)."""
        self._conn.close()


def _check_pain(value: int | None) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10):
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {value!r}")
