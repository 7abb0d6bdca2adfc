"""Which parts of the player fit a window of a given size, so the countdown always gets the most rows.

The player is read from the floor, 2 m away: the countdown takes every row the other parts leave, and
those give way as the window shrinks, least needed first: the body map, then the instruction and the
progress bars, and on the smallest windows the line of words at the top. The phase and place in large
letters stay down to 80x20.
Pure arithmetic, tested without an app; the screen turns the answer into classes on itself.
"""

from __future__ import annotations

from typing import NamedTuple


class FloorLayout(NamedTuple):
    """What the player shows at one size."""

    classes: frozenset[str]
    """Classes for the screen: ``-no-top``, ``-no-map``, ``-compact-map``, ``-no-side``, ``-small``,
    ``-tiny``, ``-floor-only``, ``-wide-side``, ``-text-side``."""
    banner_rows: int
    """The most rows the large phase and place may take (below 3 they are written in plain capitals)."""


def floor_layout(width: int, height: int, *, floor_only: bool = False) -> FloorLayout:
    """The parts that fit a ``width`` x ``height`` window (``floor_only``: the countdown and its labels)."""
    classes: set[str] = set()
    if floor_only:
        classes.add("-floor-only")
    if height < 20 or floor_only:
        # The small "Move to: Left piriformis  Get ready" line repeats the large letters in words, which
        # a screen reader or a copy of the screen can read; it goes only when rows are scarce.
        classes.add("-no-top")
    if width < 80 or height < 18 or floor_only:
        classes.add("-no-side")  # instruction and body map beside the countdown
    if height < 28 or width < 100:
        classes.add("-no-map")
        if width < 100:
            # Only the instruction beside the countdown: a wider column, so the longest (about 300
            # characters) takes 8 lines, not 10, and fits the 10 rows beside the countdown at 80x24.
            classes.add("-text-side")
    elif height < 50 or width < 180:
        classes.add("-compact-map")
    else:
        classes.add("-wide-side")  # room for the full body map beside the countdown
    if width < 60 or height < 18:
        classes.add("-small")  # one progress bar, no next line
    if width < 40 or height < 12:
        classes.add("-tiny")
    if height < 20:
        banner = 2
    elif height < 40:
        banner = 6
    else:
        banner = 10
    return FloorLayout(frozenset(classes), banner)


ALL_CLASSES = frozenset(
    {
        "-no-top",
        "-no-map",
        "-compact-map",
        "-wide-side",
        "-text-side",
        "-no-side",
        "-small",
        "-tiny",
        "-floor-only",
    }
)
"""Every class :func:`floor_layout` may set, so the screen can clear the ones that no longer apply."""
