"""Session history as people read it: rows of date, routine, minutes and pain, and a pain trend."""

from __future__ import annotations

from collections.abc import Sequence

from unknot.safetext import safe
from unknot.store import FinishedSession

_BARS = "▁▂▃▄▅▆▇█"
TREND_SESSIONS = 30
HEADER = ("DATE", "ROUTINE", "MIN", "PAIN", "AFTER", "DONE")
"""Pain is rated before the session and after it."""


def sparkline(values: Sequence[int | None], *, top: int = 10) -> str:
    """One character per value, from ▁ (0) to █ (``top``); a gap for a missing value."""
    return "".join(
        " " if v is None else _BARS[min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1)))] for v in values
    )


def rows(sessions: Sequence[FinishedSession]) -> list[tuple[str, str, str, str, str, str]]:
    """The history table's rows, newest first, in local time."""

    def pain(value: int | None) -> str:
        return "-" if value is None else str(value)

    return [
        (
            s.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            safe(s.routine_name),
            f"{s.active_seconds / 60:.1f}",
            pain(s.pain_before),
            pain(s.pain_after),
            "yes" if s.completed else "part",
        )
        for s in sessions
    ]


def trend_lines(trend: Sequence[tuple[int | None, int | None]]) -> list[str]:
    """Two sparklines, pain before and after, oldest on the left; empty when nothing was rated."""
    if not any(b is not None or a is not None for b, a in trend):
        return []
    return [
        f"before │{sparkline([b for b, _ in trend])}│",
        f"after  │{sparkline([a for _, a in trend])}│",
    ]


def table(sessions: Sequence[FinishedSession]) -> list[str]:
    """The rows as aligned text lines, with a header."""
    body = rows(sessions)
    widths = [max(len(r[i]) for r in [HEADER, *body]) for i in range(len(HEADER))]
    return [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in [HEADER, *body]
    ]
