"""Words for a pause unknot made by itself: why the session stopped while the user was away.

The runner pauses where a gap in its wake-ups began (a suspended laptop, ctrl+z, a stalled process). A
pause the user did not ask for needs its reason on screen, or it looks like a bug: "Paused: this computer
was asleep for 3 minutes" or "Paused: the app was stopped for 3 seconds".
"""

from __future__ import annotations

ASLEEP_SHARE = 0.5
"""A gap at least this much sleep (by the clock that stops in suspend) is told as the computer asleep."""


def span(seconds: float) -> str:
    """``3 seconds``, ``1 minute``, ``3 minutes``, ``2 hours`` (rounded to the unit shown)."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size * 1.5 or (unit == "minute" and seconds >= 90):
            count = round(seconds / size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
        if seconds >= size:
            return f"1 {unit}"
    count = max(1, round(seconds))
    return f"{count} second{'' if count == 1 else 's'}"


def gap_reason(gap: float, asleep: float | None) -> str:
    """Why a session paused itself after ``gap`` seconds without a wake-up, ``asleep`` of them in
    suspend (None when unknown): "this computer was asleep for 3 minutes" or "the app was stopped for
    3 seconds"."""
    if asleep is not None and asleep >= gap * ASLEEP_SHARE:
        return f"this computer was asleep for {span(gap)}"
    return f"the app was stopped for {span(gap)}"
