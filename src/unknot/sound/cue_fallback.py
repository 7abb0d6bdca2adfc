"""What every cue player does once its sound fails: ring its fallback, and the status line that says so.

The simpleaudio, miniaudio and spawned-program players (``audio``, ``mixer``, ``spawn``) fail the same
way, so they share these words and this rule rather than three copies of them.
"""

from __future__ import annotations

from collections.abc import Callable

Fallback = Callable[[], None]


def ring(fallback: Fallback | None) -> Fallback | None:
    """Call ``fallback`` (the terminal bell); the fallback to keep: None once it failed, so it is not tried
    again."""
    if fallback is None:
        return None
    try:
        fallback()
    except Exception:
        return None
    return fallback


def failed_status(reason: str, fallback: Fallback | None) -> str:
    """``sound off: playing failed (REASON); using the terminal bell`` (or ``cues are silent``)."""
    then = "using the terminal bell" if fallback else "cues are silent"
    return f"sound off: playing failed ({reason}); {then}"
