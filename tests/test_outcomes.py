"""What helps: the tables over a store of generated sessions equal a direct computation from its rows."""

from __future__ import annotations

import itertools
import json
import sqlite3
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.generated_history import fill, filled_store
from unknot.learning import outcomes
from unknot.learning.outcome_tables import table
from unknot.learning.outcomes import Rated, by_region, by_routine, by_week, headline, load, ordinal, week_line
from unknot.session.store import Store
from unknot.session.store_schema import MIGRATIONS

UTC_TZ = UTC


@pytest.fixture
def db(tmp_path: Path) -> Path:
    store = filled_store(tmp_path / "unknot.db")
    store.close()
    return tmp_path / "unknot.db"


def _raw(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db)


def test_by_routine_equals_a_direct_computation(db: Path) -> None:
    conn = _raw(db)
    changes: dict[str, list[int]] = defaultdict(list)
    count: Counter[str] = Counter()
    hurts: Counter[str] = Counter()
    for sid, routine, hurt in conn.execute("SELECT id, routine_id, hurts FROM sessions"):
        count[routine] += 1
        hurts[routine] += len(json.loads(hurt))
        pains = dict(conn.execute("SELECT moment, value FROM pain WHERE session_id = ?", (sid,)).fetchall())
        if "before" in pains and "after" in pains:
            changes[routine].append(pains["after"] - pains["before"])
    with Store.open(db) as store:
        rows = by_routine(load(store))
    assert {r.routine_id for r in rows} == set(count)
    assert len(rows) >= 3 and sum(count.values()) > 20
    for r in rows:
        assert r.sessions == count[r.routine_id]
        assert r.hurts == hurts[r.routine_id]
        got = changes[r.routine_id]
        assert r.rated == len(got)
        assert r.median_change == statistics.median(got)
        assert (r.least_change, r.most_change) == (min(got), max(got))
        assert r.less_pain_share == sum(c < 0 for c in got) / len(got)
        assert r.mean_change == pytest.approx(sum(got) / len(got))


def test_by_region_equals_a_direct_computation(db: Path) -> None:
    conn = _raw(db)
    expected = {
        (region, side): (secs, hurt)
        for region, side, secs, hurt in conn.execute(
            "SELECT region, side, sum(seconds), sum(outcome = 'hurts') FROM session_steps"
            " GROUP BY region, side"
        )
    }
    with Store.open(db) as store:
        rows = by_region(load(store))
    assert {(r.region, r.side): (r.seconds, r.hurts) for r in rows} == expected
    assert {r.side for r in rows} >= {"left", "right", "none"}
    # The hurts per step add up to the session's own list of hurt steps.
    total = sum(len(json.loads(h)) for (h,) in conn.execute("SELECT hurts FROM sessions"))
    assert sum(r.hurts for r in rows) == total


def test_by_week_equals_a_direct_computation(db: Path) -> None:
    conn = _raw(db)
    weeks: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for started, active in conn.execute("SELECT started_at, active_seconds FROM sessions"):
        day = datetime.fromisoformat(started).astimezone(UTC).date()
        weeks[day - timedelta(days=day.weekday())].append((day, active))
    with Store.open(db) as store:
        rows = by_week(load(store), UTC)
    assert [w.monday for w in rows] == sorted(weeks)
    assert len(rows) == 8
    for w in rows:
        entries = weeks[w.monday]
        days = sorted({d for d, _ in entries})
        assert w.sessions == len(entries)
        assert w.days == len(days)
        assert w.minutes == pytest.approx(sum(a for _, a in entries) / 60)
        longest = run = 1
        for a, b in itertools.pairwise(days):
            run = run + 1 if (b - a).days == 1 else 1
            longest = max(longest, run)
        assert w.streak == longest


def test_the_tables_show_the_figures(db: Path) -> None:
    with Store.open(db) as store:
        sessions = load(store)
    header, rows = table(sessions, "routine")
    first = by_routine(sessions)[0]
    assert header[0] == "ROUTINE" and rows[0][0] == first.routine_id and rows[0][1] == str(first.sessions)
    assert rows[0][5] == f"{round((first.less_pain_share or 0) * 100)}%"
    header, rows = table(sessions, "week", UTC)
    assert sum(int(r[1]) for r in rows) == len(sessions)


def _rated(routine: str, before: int | None, after: int | None, day: int = 0) -> Rated:
    at = datetime(2026, 11, 2, 9, tzinfo=UTC) + timedelta(days=day)
    return Rated(1, routine, routine, at, at, 60, (), before, after, None, None, ())


def test_headline_says_which_routine_lowers_pain_most() -> None:
    sessions = [_rated("quick-relief-5", 5, 3)] * 9 + [_rated("si-joint-10", 4, 3)] * 4
    assert headline(by_routine(sessions)) == (
        "quick-relief-5 lowered your pain by 2 points on average over 9 sessions; si-joint-10 by 1 over 4"
    )
    worse = [_rated("thorough-20", 3, 5)]
    assert headline(by_routine(worse)) == "thorough-20 raised your pain by 2 points on average over 1 session"
    assert headline(by_routine([_rated("x", None, 3)])) == ""


def test_streaks_and_the_week_line() -> None:
    sessions = [_rated("a", None, None, day) for day in (0, 1, 2, 3)]  # Monday to Thursday
    now = datetime(2026, 11, 5, 20, tzinfo=UTC)
    assert week_line(sessions, now, UTC) == "4th session this week · 4 days in a row"
    assert outcomes.current_streak(sessions, date(2026, 11, 6), UTC) == 4  # Friday: none yet today
    assert outcomes.current_streak(sessions, date(2026, 11, 8), UTC) == 0
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_migration_from_schema_1_keeps_every_session(tmp_path: Path) -> None:
    """A database made by the version-1 SQL, with sessions and pain, comes through with every row."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    for i in range(40):
        at = (start + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        regions = json.dumps({"lumbar": 60 + i, "piriformis": 30})
        conn.execute(
            "INSERT INTO sessions VALUES (?, 'si-joint-10', 'SI joint', ?, ?, ?, ?, '[]', ?, 1)",
            (i + 1, at, at, 90 + i, regions, json.dumps([2] if i % 3 == 0 else [])),
        )
        conn.execute("INSERT INTO pain VALUES (?, 'before', ?, ?)", (i + 1, i % 11, at))
        if i % 2:
            conn.execute("INSERT INTO pain VALUES (?, 'after', ?, ?)", (i + 1, (i + 3) % 11, at))
    before_sessions = conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    before_pain = conn.execute("SELECT * FROM pain ORDER BY session_id, moment").fetchall()
    conn.close()

    with Store.open(path) as store:
        assert store.notice is None
        assert store.rows("PRAGMA user_version") == [(len(MIGRATIONS),)]
        assert store.rows("SELECT * FROM sessions ORDER BY id") == before_sessions
        assert store.rows("SELECT * FROM pain ORDER BY session_id, moment") == before_pain
        assert len(store.history()) == 40
        sessions = load(store)
        # Time per region is carried over, with the side unknown; the hurts still count per routine.
        carried = {(r.region, r.side): r.seconds for r in by_region(sessions)}
        assert carried == {("lumbar", ""): sum(60 + i for i in range(40)), ("piriformis", ""): 30 * 40}
        assert by_routine(sessions)[0].hurts == 14
        assert store.integrity_ok()
        fill(store, weeks=1)  # and new sessions go on being recorded beside the old ones
        assert len(store.history()) > 40


def test_a_hand_edited_id_reaches_no_terminal_raw() -> None:
    sessions = [_rated("evil\x1b[2Jid", 5, 3)]
    _, rows = table(sessions, "routine")
    assert rows[0][0] == "evil?[2Jid"
    assert "\x1b" not in headline(by_routine(sessions))
