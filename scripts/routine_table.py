"""Print, per built-in routine, what following it asks of a body (the table in issue 12's report).

Run: .venv/bin/python scripts/routine_table.py
Columns: time on the clock, regions, tool changes (the first pick-up counts), moves between the floor
and upright, and per technique the shortest and longest step.
"""

from __future__ import annotations

from unknot.model import plan_stats
from unknot.model.plan import routine_json
from unknot.model.routine import format_seconds
from unknot.paths import builtin_routines_dir
from unknot.routine_files.discovery import resolve

SHORT = {"swedish": "sw", "myofascial_release": "mfr", "deep_tissue": "dt", "trigger_point": "tp"}


def main() -> None:
    rows = [("ROUTINE", "TOTAL", "REGIONS", "TOOL CHANGES", "MOVES", "HOLDS PER TECHNIQUE (min-max s)")]
    for path in sorted(builtin_routines_dir().glob("*.yaml")):
        doc = routine_json(resolve(path.stem))
        holds = ", ".join(f"{SHORT[t]} {lo}-{hi}" for t, (lo, hi) in sorted(plan_stats.holds(doc).items()))
        rows.append(
            (
                doc["id"],
                format_seconds(doc["total_seconds"]),
                str(len(plan_stats.regions(doc))),
                str(plan_stats.tool_changes(doc)),
                str(plan_stats.moves(doc)),
                holds,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    print("sw Swedish, mfr myofascial release, dt deep tissue, tp trigger point")


if __name__ == "__main__":
    main()
