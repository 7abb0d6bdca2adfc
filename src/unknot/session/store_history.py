"""Reading the history back: finished sessions newest first, and the CSV a therapist can open.

Rows written by hand-editing or by a damaged file never take the history screen down: a value that does not
read back as JSON of the right kind reads as empty (:func:`unknot.session.store_records.read_json`).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from unknot.safetext import csv_cell
from unknot.session.store_records import FinishedSession, StepOutcome, iso, read_json

HISTORY_SQL = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.active_seconds,
           s.region_seconds, s.skipped, s.hurts, s.completed, b.value, a.value
    FROM sessions s
    LEFT JOIN pain b ON b.session_id = s.id AND b.moment = 'before'
    LEFT JOIN pain a ON a.session_id = s.id AND a.moment = 'after'
    ORDER BY s.started_at DESC, s.id DESC LIMIT ?"""


# The steps of the sessions asked for (their ids as one JSON list), for whether each was mostly skipped.
STEPS_SQL = """
    SELECT session_id, step, region, side, seconds, outcome FROM session_steps
    WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY session_id, step"""


def read_history(conn: sqlite3.Connection, limit: int | None = None) -> list[FinishedSession]:
    """Finished sessions, newest first, at most ``limit`` of them, each with its steps' outcomes."""
    rows = conn.execute(HISTORY_SQL, (-1 if limit is None else max(limit, 0),)).fetchall()
    steps: dict[int, list[StepOutcome]] = {}
    try:
        found = conn.execute(STEPS_SQL, (json.dumps([row[0] for row in rows]),)).fetchall()
    except sqlite3.OperationalError:  # a schema-1 file opened read-only, never migrated: no steps kept
        found = []
    for session_id, *step in found:
        steps.setdefault(session_id, []).append(StepOutcome(*step))
    return [
        FinishedSession(
            row[1],
            row[2],
            datetime.fromisoformat(row[3]),
            datetime.fromisoformat(row[4]),
            row[5],
            read_json(row[6], dict) or {},
            read_json(row[7], list) or [],
            read_json(row[8], list) or [],
            bool(row[9]),
            row[10],
            row[11],
            tuple(steps.get(row[0], ())),
            id=row[0],
        )
        for row in rows
    ]


def write_csv(history: Sequence[FinishedSession], out: TextIO) -> None:
    """Write ``history`` (newest first, as :func:`read_history` gives it) oldest first, as CSV; ``date`` is
    the start time in ISO-8601 UTC."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "routine", "minutes", "pain_before", "pain_after", "skipped", "hurts"])
    for s in reversed(history):
        pains = ("" if p is None else p for p in (s.pain_before, s.pain_after))
        minutes = round(s.active_seconds / 60, 1)
        row = [iso(s.started_at), s.routine_name, minutes, *pains, len(s.skipped), len(s.hurts)]
        writer.writerow([csv_cell(cell) for cell in row])
