"""What helps: the history grouped by routine, by region and side, and by week, with streaks.

Read from the store (``load``) into plain records, then summed up by pure functions, so the CLI, the
history screen and the clinician's report all show the same figures. A pain change is *after minus
before*: below zero means less pain after the session. Days and weeks are in local time (``tz``), since a
streak is about the days a person lives, not UTC.

Core module: no Textual here.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from unknot.learning.mostly_skipped import mostly_skipped
from unknot.model import catalog
from unknot.session.store import Store
from unknot.session.store_records import StepOutcome

_SESSIONS_SQL = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.active_seconds, s.hurts,
           b.value, a.value, r.pain_where, r.retest
    FROM sessions s
    LEFT JOIN pain b ON b.session_id = s.id AND b.moment = 'before'
    LEFT JOIN pain a ON a.session_id = s.id AND a.moment = 'after'
    LEFT JOIN ratings r ON r.session_id = s.id
    ORDER BY s.started_at, s.id"""
_STEPS_SQL = (
    "SELECT session_id, step, region, side, seconds, outcome FROM session_steps ORDER BY session_id, step"
)


@dataclass(frozen=True)
class Rated:
    """One finished session with its ratings and what each step came to."""

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    active_seconds: int
    hurts: tuple[int, ...]
    pain_before: int | None
    pain_after: int | None
    pain_where: str | None
    retest: str | None
    steps: tuple[StepOutcome, ...]

    @property
    def change(self) -> int | None:
        """Pain after minus pain before; None unless both were rated."""
        if self.pain_before is None or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before


def printable(text: str) -> str:
    """``text`` with control characters shown as ``?``: ids and names come from a file anyone can edit."""
    return "".join("?" if unicodedata.category(c).startswith("C") else c for c in text)


def load(store: Store) -> list[Rated]:
    """Every finished session, oldest first."""
    import json

    steps: dict[int, list[StepOutcome]] = defaultdict(list)
    for sid, *rest in store.rows(_STEPS_SQL):
        steps[sid].append(StepOutcome(*rest))
    out = []
    for row in store.rows(_SESSIONS_SQL):
        try:
            hurts = tuple(i for i in json.loads(row[6]) if isinstance(i, int))
        except (TypeError, ValueError):  # a hand-edited row: no hurts rather than no history
            hurts = ()
        started, ended = datetime.fromisoformat(row[3]), datetime.fromisoformat(row[4])
        before, after, where, retest = row[7:11]
        out.append(
            Rated(
                row[0],
                row[1],
                row[2],
                started,
                ended,
                row[5],
                hurts,
                before,
                after,
                where,
                retest,
                tuple(steps[row[0]]),
            )
        )
    return out


@dataclass(frozen=True)
class RoutineRow:
    """One routine's outcomes."""

    routine_id: str
    sessions: int
    rated: int
    """Sessions with pain rated both before and after."""
    median_change: float | None
    least_change: int | None
    most_change: int | None
    mean_change: float | None
    less_pain_share: float | None
    """Of the rated sessions, the share with less pain after than before."""
    hurts: int
    """Steps skipped as "this hurts", over all its sessions."""
    mostly_skipped: int = 0
    """Sessions left out of the pain change: fewer than half their steps done (see mostly_skipped)."""


def by_routine(sessions: Sequence[Rated]) -> list[RoutineRow]:
    """Per routine, most sessions first; a mostly skipped session's pain change is left out."""
    groups: dict[str, list[Rated]] = defaultdict(list)
    for s in sessions:
        groups[s.routine_id].append(s)
    rows = []
    for routine_id, group in groups.items():
        skipped = sum(mostly_skipped(s.steps) for s in group)
        changes = [c for s in group if not mostly_skipped(s.steps) and (c := s.change) is not None]
        hurts = sum(len(s.hurts) for s in group)
        if changes:
            share = sum(c < 0 for c in changes) / len(changes)
            rows.append(
                RoutineRow(
                    routine_id,
                    len(group),
                    len(changes),
                    statistics.median(changes),
                    min(changes),
                    max(changes),
                    statistics.fmean(changes),
                    share,
                    hurts,
                    skipped,
                )
            )
        else:
            rows.append(RoutineRow(routine_id, len(group), 0, None, None, None, None, None, hurts, skipped))
    return sorted(rows, key=lambda r: (-r.sessions, r.routine_id))


@dataclass(frozen=True)
class RegionRow:
    """Time and "this hurts" skips on one region and side."""

    region: str
    side: str
    """left, right, none (a region without sides) or '' (unknown: sessions from before schema 2)."""
    seconds: int
    hurts: int


def by_region(sessions: Sequence[Rated]) -> list[RegionRow]:
    """Per region and side, in the catalog's order of regions (the article's), left before right."""
    seconds: dict[tuple[str, str], int] = defaultdict(int)
    hurts: dict[tuple[str, str], int] = defaultdict(int)
    for s in sessions:
        for step in s.steps:
            key = (step.region, step.side)
            seconds[key] += step.seconds
            hurts[key] += step.outcome == "hurts"
    order = {region: n for n, region in enumerate(catalog.REGIONS)}
    sides = {"left": 0, "right": 1, "none": 2, "": 3}
    keys = sorted(seconds, key=lambda k: (order.get(k[0], len(order)), k[0], sides.get(k[1], 4)))
    return [RegionRow(region, side, seconds[(region, side)], hurts[(region, side)]) for region, side in keys]


@dataclass(frozen=True)
class WeekRow:
    """One week (Monday to Sunday, local time) with at least one session."""

    monday: date
    sessions: int
    days: int
    """Days with at least one session."""
    streak: int
    """The longest run of consecutive days with a session within the week."""
    minutes: float


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of ``moment`` in ``tz`` (the machine's zone by default)."""
    return moment.astimezone(tz).date()


def longest_run(days: set[date]) -> int:
    """The longest run of consecutive days in ``days``."""
    return max((_run_back(days, d) for d in days if d + timedelta(days=1) not in days), default=0)


def _run_back(days: set[date], last: date) -> int:
    n = 0
    while last - timedelta(days=n) in days:
        n += 1
    return n


def by_week(sessions: Sequence[Rated], tz: tzinfo | None = None) -> list[WeekRow]:
    """Per week, oldest first."""
    groups: dict[date, list[Rated]] = defaultdict(list)
    for s in sessions:
        day = local_day(s.started_at, tz)
        groups[day - timedelta(days=day.weekday())].append(s)
    rows = []
    for monday in sorted(groups):
        group = groups[monday]
        days = {local_day(s.started_at, tz) for s in group}
        minutes = sum(s.active_seconds for s in group) / 60
        rows.append(WeekRow(monday, len(group), len(days), longest_run(days), minutes))
    return rows


def current_streak(sessions: Sequence[Rated], today: date, tz: tzinfo | None = None) -> int:
    """Consecutive days with a session, ending today (or yesterday, when today has none yet)."""
    days = {local_day(s.started_at, tz) for s in sessions}
    return _run_back(days, today if today in days else today - timedelta(days=1))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def week_line(sessions: Sequence[Rated], now: datetime, tz: tzinfo | None = None) -> str:
    """``3rd session this week · 4 days in a row`` for the summary (the session just finished included)."""
    today = local_day(now, tz)
    monday = today - timedelta(days=today.weekday())
    this_week = sum(monday <= local_day(s.started_at, tz) <= today for s in sessions)
    line = f"{ordinal(this_week)} session this week"
    streak = current_streak(sessions, today, tz)
    if streak >= 2:
        line += f" · {streak} days in a row"
    return line


def _points(value: float) -> str:
    text = f"{abs(value):.1f}".rstrip("0").rstrip(".")
    return f"{text} point" if text == "1" else f"{text} points"


def headline(rows: Sequence[RoutineRow]) -> str:
    """One sentence, lowest change first, and how many mostly skipped sessions it leaves out.

    ``quick-relief-5 lowered your pain by 2 points on average over 9 sessions; si-joint-10 by 1 over 4
    (2 mostly skipped sessions not counted)``.
    """
    rated = sorted((r for r in rows if r.mean_change is not None), key=lambda r: (r.mean_change, -r.rated))
    parts: list[str] = []
    verb_said = ""
    for r in rated:
        assert r.mean_change is not None
        name = printable(r.routine_id)
        change = round(r.mean_change, 1)
        verb = "lowered" if change < 0 else "raised" if change > 0 else "did not change"
        over = f"over {r.rated} session{'s' if r.rated != 1 else ''}"
        if verb == "did not change":
            parts.append(f"{name} did not change your pain on average {over}")
        elif verb == verb_said:  # the short form once the sentence has said what the figures mean
            parts.append(f"{name} by {_points(change).split()[0]} over {r.rated}")
        else:
            parts.append(f"{name} {verb} your pain by {_points(change)} on average {over}")
        verb_said = verb
    said = "; ".join(parts)
    left_out = sum(r.mostly_skipped for r in rows)
    if left_out:
        note = f"{left_out} mostly skipped session{'s' if left_out != 1 else ''} not counted"
        said = f"{said} ({note})" if said else note[0].upper() + note[1:]
    return said
