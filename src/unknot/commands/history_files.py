"""``unknot history --by``, ``--report`` and ``--fhir``: the outcome tables and the files for a clinician."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from unknot.errors import UsageError
from unknot.session.store import Store


def outcomes_command(store: Store, args: argparse.Namespace) -> int:
    """Print a grouping and/or write the report files; returns the exit status."""
    from unknot.learning.history import NO_SESSIONS
    from unknot.learning.outcome_tables import aligned, table
    from unknot.learning.outcomes import by_routine, current_streak, headline, load

    sessions = load(store)
    if args.by:
        if not sessions:
            print(NO_SESSIONS)
        else:
            header, rows = table(sessions, args.by)
            for line in aligned(header, rows):
                print(line)
            said = headline(by_routine(sessions)) if args.by == "routine" else ""
            if said:
                print(f"\n{said}.")
            if args.by == "week":
                streak = current_streak(sessions, datetime.now().astimezone().date())
                print(
                    f"\nDays in a row up to today: {streak} (STREAK above: the longest run within each week)."
                )
    now = datetime.now().astimezone()
    if args.report:
        from unknot.report.html import report_html

        _write(Path(args.report), report_html(sessions, now), "report")
    if args.fhir:
        from unknot.report.fhir import bundle_json

        _write(Path(args.fhir), bundle_json(sessions, now), "FHIR bundle")
    return 0


def _write(path: Path, text: str, what: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the {what} to {path}: {exc.strerror or exc}") from exc
    print(f"Wrote the {what} to {path}", file=sys.stderr)
