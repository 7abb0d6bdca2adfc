"""The clock a session runs on: monotonic, and still counting while the machine sleeps.

``time.monotonic`` is ``CLOCK_MONOTONIC`` on Linux, which stands still while a laptop is suspended, so a
session would carry on after the lid opens as if no time had passed, and the runner could not tell that the
time was not the user's. ``CLOCK_BOOTTIME`` is just as monotonic but counts the suspended time too, so the
gap shows and the session pauses where it began. Elsewhere ``time.monotonic`` already behaves that way
(macOS, Windows) or is the best there is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


def _boottime() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)


def _pick() -> Clock:
    if hasattr(time, "CLOCK_BOOTTIME"):
        try:
            _boottime()
        except OSError:  # a kernel without it (very old Linux)
            return time.monotonic
        return _boottime
    return time.monotonic


session_clock: Clock = _pick()
"""The default clock of every session: seconds, monotonic, counting suspended time where it can."""


def _awake() -> Clock | None:
    # Only where the session clock counts suspended time does a clock that does not tell the two apart.
    return time.monotonic if session_clock is not time.monotonic else None


awake_clock: Clock | None = _awake()
"""A clock that stands still while the machine sleeps (``CLOCK_MONOTONIC`` on Linux), beside
``session_clock``: the difference over a gap is the time asleep. None where the two cannot be told apart."""
