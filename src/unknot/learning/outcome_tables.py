"""The outcome tables as text cells: one header and rows per grouping, for the CLI, the screen and the report.

Core module: no Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Literal

from unknot.learning.outcomes import Rated, by_region, by_routine, by_week, printable
from unknot.model import catalog

Grouping = Literal["routine", "region", "week"]
GROUPINGS: tuple[Grouping, ...] = ("routine", "region", "week")
HEADERS: dict[Grouping, tuple[str, ...]] = {
    "routine": ("ROUTINE", "SESSIONS", "RATED", "MEDIAN CHANGE", "RANGE", "LESS PAIN", "HURTS"),
    "region": ("REGION", "SIDE", "TIME (M:SS)", "HURTS"),
    "week": ("WEEK OF", "SESSIONS", "DAYS", "STREAK", "MINUTES"),
}
"""Pain change is after minus before: -2 means 2 points less pain after the session."""

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]


def _signed(value: float) -> str:
    text = f"{value:+.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0") else text


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def side_name(side: str) -> str:
    """How a side reads in a table: left, right, '-' for a region without sides, '?' when not recorded."""
    return {"none": "-", "": "?"}.get(side, printable(side))


def region_name(region: str) -> str:
    """The region's name (its id when the catalog no longer knows it)."""
    known = catalog.REGIONS.get(region)
    return known.name if known is not None else printable(region)


def table(sessions: Sequence[Rated], grouping: Grouping, tz: tzinfo | None = None) -> Table:
    """The header and the rows of one grouping."""
    rows: list[tuple[str, ...]]
    if grouping == "routine":
        rows = [
            (
                printable(r.routine_id),
                str(r.sessions),
                str(r.rated),
                "-" if r.median_change is None else _signed(r.median_change),
                "-"
                if r.least_change is None
                else f"{_signed(r.least_change)} to {_signed(r.most_change or 0)}",
                "-" if r.less_pain_share is None else f"{round(r.less_pain_share * 100)}%",
                str(r.hurts),
            )
            for r in by_routine(sessions)
        ]
    elif grouping == "region":
        rows = [
            (region_name(r.region), side_name(r.side), _minutes(r.seconds), str(r.hurts))
            for r in by_region(sessions)
        ]
    else:
        rows = [
            (w.monday.isoformat(), str(w.sessions), str(w.days), str(w.streak), f"{w.minutes:.1f}")
            for w in by_week(sessions, tz)
        ]
    return HEADERS[grouping], rows


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Header and rows as aligned text lines; numbers are right-aligned."""
    every = [list(header), *map(list, rows)]
    widths = [max(len(r[i]) for r in every) for i in range(len(header))]
    numeric = [all(_looks_numeric(r[i]) for r in rows) and bool(rows) for i in range(len(header))]

    def cell(i: int, text: str) -> str:
        return text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i])

    return ["  ".join(cell(i, c) for i, c in enumerate(r)).rstrip() for r in every]


def _looks_numeric(text: str) -> bool:
    return text.lstrip("+-").replace(".", "", 1).replace(":", "", 1).rstrip("%").isdigit() or text == "-"
