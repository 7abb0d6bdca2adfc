"""The database's schema and how an older file is brought up to it: :data:`MIGRATIONS`, :func:`migrate`.

The file carries an ``application_id`` (tells our files apart from any other SQLite file) and a
``user_version`` (the schema it holds); every write, a migration included, is one ``BEGIN IMMEDIATE``
transaction (:func:`transaction`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One ``BEGIN IMMEDIATE`` transaction: committed when the block ends, rolled back when it raises."""
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
    with transaction(conn):
        # Read again under the lock: another unknot may have migrated in the meantime.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
