"""``unknot history [--csv | --by routine|region|week | --report FILE.html | --fhir FILE.json]``.

The sessions you finished and how the pain went; grouped, what helps; and files for a clinician.
"""

from __future__ import annotations

import argparse
import sys

from unknot.commands import Handler


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add the ``history`` command."""
    parser = sub.add_parser("history", help="list finished sessions with pain before and after")
    parser.add_argument("--csv", action="store_true", help="write all sessions as CSV (for a therapist)")
    parser.add_argument(
        "--by",
        choices=("routine", "region", "week"),
        help="what helps: pain change per routine, time and hurts per region and side, or sessions per week",
    )
    parser.add_argument("--report", metavar="FILE.html", help="write a printable report for a clinician")
    parser.add_argument("--fhir", metavar="FILE.json", help="write the pain ratings as a FHIR R4 Bundle")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="show the last N (default 50)")
    return {"history": _history}


def _history(args: argparse.Namespace) -> int:
    from unknot.learning.history import NO_SESSIONS, TREND_SESSIONS, table, trend_lines
    from unknot.safetext import safe
    from unknot.session.store import Store

    with Store.open() as store:
        if store.notice:
            print(safe(store.notice), file=sys.stderr)
        if args.csv:
            store.export_csv(sys.stdout)
            return 0
        if args.by or args.report or args.fhir:
            from unknot.commands.history_files import outcomes_command

            return outcomes_command(store, args)
        sessions = store.history(limit=args.limit)
        if not sessions:
            print(NO_SESSIONS)
            return 0
        for line in table(sessions):
            print(line)
        trend = trend_lines(store.pain_trend(TREND_SESSIONS))
        if trend:
            print(f"\nPain over the last {TREND_SESSIONS} sessions (oldest on the left, ▁ 0 to █ 10):")
            for line in trend:
                print(f"  {line}")
    return 0
