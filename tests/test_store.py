"""The SQLite store: round trips, migrations, damaged files, failing writes and crash safety."""

from __future__ import annotations

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from unknot.session import store_schema
from unknot.session.store import Store
from unknot.session.store_records import FinishedSession, SessionRecord, StoreError
from unknot.session.store_schema import APPLICATION_ID, SCHEMA_VERSION, migrate

SRC = Path(__file__).resolve().parent.parent / "src"
T0 = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
CORRUPT_NAME = re.compile(r"^unknot\.db\.corrupt-\d{8}T\d{6}Z(-\d+)?$")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Nothing here may touch the real user folder, even through the default path.
    data = tmp_path / "data"
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "unknot.db"


@pytest.fixture
def store(db_path: Path) -> Any:
    with Store.open(db_path) as opened:
        assert opened.notice is None
        yield opened


def save(store: Store, step: int = 0, **extra: Any) -> None:
    store.save_progress(
        routine_id="si-joint-10",
        routine_name="SI joint relief, 10 min",
        routine_hash="abc123",
        snapshot={"segment": step, "remaining": 42.5, "events": ["started"]},
        started_at=T0,
        **extra,
    )


def record(started: datetime = T0, **changes: Any) -> SessionRecord:
    fields: dict[str, Any] = {
        "routine_id": "si-joint-10",
        "routine_name": "SI joint relief, 10 min",
        "started_at": started,
        "ended_at": started + timedelta(minutes=11),
        "active_seconds": 600,
        "region_seconds": {"lumbar": 90, "gluteus_medius": 510},
        "skipped": [3],
        "hurts": [],
        "completed": True,
    }
    return SessionRecord(**{**fields, **changes})


class FailingConnection:
    """Stands in for the connection and fails any statement containing ``when``, like a full disk."""

    def __init__(self, conn: sqlite3.Connection, when: str, message: str) -> None:
        self._conn, self._when, self._message = conn, when, message

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if self._when in sql:
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


# --- round trips -----------------------------------------------------------------------------------------


def test_no_progress_at_first(store: Store) -> None:
    assert store.load_progress() is None
    assert store.history() == []
    assert store.pain_trend() == []


def test_progress_round_trip_and_upsert(store: Store) -> None:
    save(store, 1, pain_before=6)
    first = store.load_progress()
    assert first is not None
    assert (first.routine_id, first.routine_name, first.routine_hash) == (
        "si-joint-10",
        "SI joint relief, 10 min",
        "abc123",
    )
    assert first.snapshot == {"segment": 1, "remaining": 42.5, "events": ["started"]}
    assert first.started_at == T0
    assert first.updated_at.tzinfo is not None
    assert first.pain_before == 6

    save(store, 2)
    second = store.load_progress()
    assert second is not None
    assert second.snapshot["segment"] == 2
    assert second.pain_before is None
    assert store._conn.execute("SELECT count(*) FROM progress").fetchone()[0] == 1

    store.clear_progress()
    assert store.load_progress() is None


def test_times_are_stored_as_utc(store: Store) -> None:
    local = datetime(2024, 5, 1, 10, 30, tzinfo=UTC).astimezone()  # the machine's own zone
    store.finish(record(started=local))
    raw = store._conn.execute("SELECT started_at FROM sessions").fetchone()[0]
    assert raw == "2024-05-01T10:30:00Z"
    assert store.history()[0].started_at == local


def test_naive_times_and_bad_ratings_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="time zone"):
        store.finish(record(started=datetime(2024, 5, 1, 8, 30)))
    with pytest.raises(ValueError, match="0 to 10"):
        save(store, pain_before=11)
    with pytest.raises(ValueError, match="0 to 10"):
        store.finish(record(pain_after=-1))
    assert store.history() == []


def test_finish_records_the_session_and_clears_progress(store: Store) -> None:
    save(store, 4, pain_before=7)
    session_id = store.finish(record(pain_after=3))
    assert store.load_progress() is None
    [done] = store.history()
    assert done == FinishedSession(
        id=session_id,
        routine_id="si-joint-10",
        routine_name="SI joint relief, 10 min",
        started_at=T0,
        ended_at=T0 + timedelta(minutes=11),
        active_seconds=600,
        region_seconds={"lumbar": 90, "gluteus_medius": 510},
        skipped=[3],
        hurts=[],
        completed=True,
        pain_before=7,  # carried over from the progress row
        pain_after=3,
    )


def test_finish_is_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    save(store, 4, pain_before=7)
    # Fail the last statement of the transaction: the session insert before it must be undone too.
    failing = FailingConnection(store._conn, "DELETE FROM progress", "database or disk is full")
    monkeypatch.setattr(store, "_conn", failing)
    with pytest.raises(StoreError, match="Cannot save the session: the disk is full"):
        store.finish(record())
    monkeypatch.undo()
    assert store.history() == []
    assert store.load_progress() is not None
    assert not store._conn.in_transaction


def test_history_is_newest_first(store: Store) -> None:
    ids = {day: store.finish(record(started=T0 + timedelta(days=day))) for day in (2, 0, 1)}
    assert [s.id for s in store.history()] == [ids[2], ids[1], ids[0]]
    assert [s.id for s in store.history(limit=2)] == [ids[2], ids[1]]
    assert store.history(limit=0) == []


def test_pain_ratings_and_trend(store: Store) -> None:
    first = store.finish(record(started=T0))
    second = store.finish(record(started=T0 + timedelta(days=1)))
    store.finish(record(started=T0 + timedelta(days=2)))
    store.set_pain(first, "before", 8)
    store.set_pain(first, "after", 5)
    store.set_pain(first, "after", 4)  # a second rating replaces the first
    store.set_pain(second, "before", 6)
    assert store.pain_trend() == [(8, 4), (6, None), (None, None)]
    assert store.pain_trend(2) == [(6, None), (None, None)]
    with pytest.raises(ValueError, match="0 to 10"):
        store.set_pain(first, "after", 11)
    with pytest.raises(ValueError, match="no finished session"):
        store.set_pain(999, "after", 2)


def test_export_csv(store: Store) -> None:
    first = store.finish(record(started=T0, skipped=[1, 2], hurts=[2], active_seconds=615))
    store.finish(record(started=T0 + timedelta(days=1), routine_name='Hips, "gentle"', skipped=[]))
    store.set_pain(first, "before", 7)
    store.set_pain(first, "after", 4)
    out = io.StringIO()
    store.export_csv(out)
    assert out.getvalue().splitlines() == [
        "date,routine,minutes,pain_before,pain_after,skipped,hurts",
        '2024-05-01T08:30:00Z,"SI joint relief, 10 min",10.2,7,4,2,1',
        '2024-05-02T08:30:00Z,"Hips, ""gentle""",10.0,,,0,0',
    ]


def test_default_path_honours_the_data_dir(_data_dir: Path) -> None:
    with Store.open() as opened:
        save(opened)
    assert (_data_dir / "unknot.db").is_file()
    with Store.open() as reopened:
        assert reopened.load_progress() is not None


# --- migrations --------------------------------------------------------------------------------------------


def test_fresh_database_gets_the_latest_schema(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrating_twice_is_a_no_op(store: Store, db_path: Path) -> None:
    save(store)
    schema = store._conn.execute("SELECT sql FROM sqlite_schema ORDER BY name").fetchall()
    migrate(store._conn)
    migrate(store._conn)
    store.close()
    with Store.open(db_path) as reopened:
        assert reopened.notice is None
        assert reopened._conn.execute("SELECT sql FROM sqlite_schema ORDER BY name").fetchall() == schema
        assert reopened.load_progress() is not None


def test_migrations_run_in_order_inside_one_transaction(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (*store_schema.MIGRATIONS, ("CREATE TABLE extra (a)", "THIS IS NOT SQL"))
    with Store.open(db_path) as opened:
        save(opened)
    monkeypatch.setattr(store_schema, "MIGRATIONS", broken)
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", len(broken))
    conn = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    # The failed last version left nothing behind: no table, still the version before it.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(broken) - 1
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").fetchone()[0] == 0
    conn.close()


# --- damaged files -----------------------------------------------------------------------------------------


def _real_database(path: Path) -> None:
    with Store.open(path) as opened:
        for day in range(300):  # big enough that half of it misses real pages
            opened.finish(record(started=T0 + timedelta(days=day), routine_name="x" * 200))


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path) -> None:
    _real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _text_file(path: Path) -> None:
    path.write_text("routine: si-joint-10\nthis is not a database\n" * 50)


def _newer_schema(path: Path) -> None:
    with Store.open(path) as opened:
        opened._conn.execute("PRAGMA user_version = 999")


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('soup', 30)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_random_bytes, "not a database"),
        (_truncated, "malformed"),
        (_text_file, "not a database"),
        (_newer_schema, "newer unknot"),
        (_foreign, "not an unknot database"),
    ],
)
def test_damaged_database_is_set_aside(make: Any, reason: str, db_path: Path) -> None:
    make(db_path)
    original = db_path.read_bytes()
    with Store.open(db_path) as opened:
        [moved] = [p for p in db_path.parent.iterdir() if ".corrupt-" in p.name and "-wal" not in p.name]
        assert CORRUPT_NAME.match(moved.name)
        assert moved.read_bytes() == original
        assert opened.notice is not None
        assert reason in opened.notice
        assert str(moved) in opened.notice
        assert "Starting fresh" in opened.notice
        assert opened.load_progress() is None
        assert opened.history() == []
        save(opened)
        assert opened.load_progress() is not None
        assert opened.integrity_ok()
    with Store.open(db_path) as again:
        assert again.notice is None


def test_set_aside_takes_the_wal_and_shm_along(db_path: Path) -> None:
    _random_bytes(db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").write_bytes(b"stale " + suffix.encode())
    with Store.open(db_path) as opened:
        assert opened.notice is not None
        names = sorted(p.name for p in db_path.parent.iterdir() if ".corrupt-" in p.name)
    assert len(names) == 3
    stem = names[0]
    assert CORRUPT_NAME.match(stem)
    assert names == [stem, f"{stem}-shm", f"{stem}-wal"]
    assert (db_path.parent / f"{stem}-wal").read_bytes() == b"stale -wal"


def test_two_damaged_files_in_one_second_are_both_kept(db_path: Path) -> None:
    for _ in range(2):
        _random_bytes(db_path)
        Store.open(db_path).close()
    assert len([p for p in db_path.parent.iterdir() if ".corrupt-" in p.name]) == 2


def test_zero_length_file_is_simply_new(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Store.open(db_path) as opened:
        assert opened.notice is None
        save(opened)
    assert [p for p in db_path.parent.iterdir() if ".corrupt-" in p.name] == []


def test_unusable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with Store.open(blocker / "unknot.db") as opened:
        assert opened.notice is not None
        assert "Cannot use the database" in opened.notice
        # The session still runs, but every save says it was not kept: nothing may claim "progress is kept".
        assert opened.read_only
        with pytest.raises(StoreError, match="cannot be written"):
            save(opened)
        assert opened.load_progress() is None
    assert blocker.read_text() == "a file where the data folder should be"


# --- failing writes ----------------------------------------------------------------------------------------


def test_full_disk_faked(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    save(store, 1)
    failing = FailingConnection(store._conn, "INSERT", "database or disk is full")
    monkeypatch.setattr(store, "_conn", failing)
    with pytest.raises(StoreError, match=r"^Cannot save progress: the disk is full$"):
        save(store, 2)
    monkeypatch.undo()
    progress = store.load_progress()  # reads still work and the last good save is intact
    assert progress is not None
    assert progress.snapshot["segment"] == 1


def test_full_disk_for_real(store: Store) -> None:
    # max_page_count makes SQLite itself report SQLITE_FULL once the file would have to grow.
    save(store, 1)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    big = {"segment": 2, "payload": "x" * 200_000}
    with pytest.raises(StoreError, match="disk is full"):
        store.save_progress(routine_id="r", routine_name="R", routine_hash="h", snapshot=big, started_at=T0)
    progress = store.load_progress()
    assert progress is not None
    assert progress.snapshot["segment"] == 1
    assert store.integrity_ok()


def test_read_only_database(db_path: Path) -> None:
    # chmod does not stop root, so open the file read-only the way SQLite would for a read-only folder.
    with Store.open(db_path) as opened:
        save(opened, 1)
        writer = sqlite3.connect(db_path)  # keeps the -wal/-shm around, which a read-only reader needs
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        read_only = Store(conn, db_path)
        assert read_only.load_progress() is not None
        with pytest.raises(
            StoreError, match=r"^Cannot save progress: .*unknot\.db or its folder is read-only$"
        ):
            save(read_only, 2)
        with pytest.raises(StoreError, match=r"^Cannot clear progress: .* read-only"):
            read_only.clear_progress()
        read_only.close()
        writer.close()


# --- crash safety -----------------------------------------------------------------------------------------


def test_integrity_after_many_writes(store: Store) -> None:
    for step in range(300):
        save(store, step)
        if step % 10 == 0:
            session_id = store.finish(record(started=T0 + timedelta(minutes=step)))
            store.set_pain(session_id, "after", step % 11)
    assert store.integrity_ok()
    assert len(store.history()) == 30


WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from unknot.session.store import Store

store = Store.open(Path(sys.argv[1]))
step = 0
while True:
    snapshot = {"step": step, "payload": [step] * 2000}
    store.save_progress(
        routine_id="r", routine_name="R", routine_hash="h", snapshot=snapshot, started_at=datetime.now(UTC)
    )
    if step in (0, 20):
        print("ready" if step == 0 else "writing", flush=True)
    step += 1
"""


def test_kill_9_mid_write_leaves_an_intact_database(db_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Saves have gone on (20 of them): the kill lands among the next ones, however slow the machine.
        assert child.stdout.readline().strip() == "writing"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Store.open(db_path) as reopened:
        assert reopened.notice is None
        assert reopened.integrity_ok()
        progress = reopened.load_progress()
        assert progress is not None
        step = progress.snapshot["step"]
        assert step > 0
        assert progress.snapshot["payload"] == [step] * 2000
