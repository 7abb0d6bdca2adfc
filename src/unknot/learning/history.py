"""Session history as people read it: rows of date, routine, minutes and pain, and a pain trend."""

from __future__ import annotations

from collections.abc import Sequence

from unknot.learning.mostly_skipped import LABEL, mostly_skipped
from unknot.safetext import safe
from unknot.session.store_records import FinishedSession

_BARS = "▁▂▃▄▅▆▇█"
TREND_SESSIONS = 30
HEADER = ("DATE", "ROUTINE", "MIN", "PAIN", "AFTER", "DONE")
"""Pain is rated before the session and after it. DONE is yes, part (not finished) or mostly skipped
(fewer than half the steps done: see :mod:`unknot.learning.mostly_skipped`)."""
NO_SESSIONS = "No sessions yet. Finish a routine and it will show here."
"""What the history says before the first finished session."""


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
            LABEL if mostly_skipped(s.steps) else "yes" if s.completed else "part",
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


CHART_KEY = "● before  ○ after  ◉ both"


def chart_lines(trend: Sequence[tuple[int | None, int | None]]) -> list[str]:
    """Pain before and after each session on a 0-10 grid, two points a row, one column per session.

    Oldest on the left; a mark is left out where that rating was skipped. Empty when nothing was rated.
    """
    if not any(b is not None or a is not None for b, a in trend):
        return []
    lines = []
    for row in range(5, -1, -1):  # the top row holds 10 alone, then 8-9, 6-7, ... 0-1
        cells = []
        for before, after in trend:
            here_b = before is not None and before // 2 == row
            here_a = after is not None and after // 2 == row
            cells.append("◉" if here_b and here_a else "●" if here_b else "○" if here_a else " ")
        label = "10" if row == 5 else f"{2 * row}-{2 * row + 1}"
        lines.append(f"{label:>4} │{' '.join(cells)}".rstrip())
    lines.append(f"     └{'─' * (2 * len(trend) - 1)}")
    return lines
