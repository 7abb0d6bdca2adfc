"""The body map's drawing data: the back and front outlines, and which zones each region lights.

Pure data, no Textual: :mod:`~unknot.ui.widgets.body_drawing` turns it into cells and
:mod:`~unknot.ui.widgets.body_map` shows them. Each outline comes in a full and a compact size.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

View = Literal["back", "front"]

_MIRROR: Final = str.maketrans("╭╮╰╯╱╲┌┐└┘├┤╴╶", "╮╭╯╰╲╱┐┌┘└┤├╶╴")
ZONE_LETTERS: Final = frozenset(string.ascii_lowercase)
"""Letters that mark zones in the outlines: drawn blank, filled when their region is lit."""


def _symmetric(*halves: str) -> tuple[str, ...]:
    """Whole rows from left halves: each half ends with the centre column and is mirrored after it."""
    return tuple(half + half[-2::-1].translate(_MIRROR) for half in halves)


# The outlines. Each row is written as its left half up to and including the centre column; the right
# half is its mirror image. Lower-case letters mark zones: drawn blank, filled when their region is lit.
#   l  lower back, either side of the spine      h  back of the thigh
#   o  upper outer hip, under both medius and minimus
#   m  upper outer buttock (medius)               n  side of the hip, further out (minimus)
#   p  middle of the buttock, sacrum to hip (piriformis, deep under maximus)
#   x  lower bulk of the buttock (maximus)        g  upper inner buttock beside the sacrum
#   f  front of the hip along the crease          q  front of the thigh

_BACK_FULL: Final = _symmetric(
    "        ╭──",
    "        │  ",
    "        ╰╮ ",
    "  ╭──────╯ ",
    " ╱ ╭      ┆",
    "│ ╱│      ┆",
    "│ │╰╮ llll┆",
    "│ │ │ llll┆",
    "╰─╯╭╯┈┈┈┈┈┈",
    "  ╭╯ommgg╲ ",
    "  │nnppppp│",
    "  │xxxxxxx│",
    "  ╰╮╰────╯│",
    "   │hhhhhh│",
    "   ╰╮hhhhh│",
    "    │hhhh╭┴",
    "    ╰╮  ╭╯ ",
    "     │  │  ",
    "    ╭╯  ╰─ ",
)

_FRONT_FULL: Final = _symmetric(
    "        ╭──",
    "        │  ",
    "        ╰╮ ",
    "  ╭──────╯ ",
    " ╱ ╭       ",
    "│ ╱│       ",
    "│ │╰╮      ",
    "│ │ │     ·",
    "╰─╯╭╯      ",
    "  ╭╯╲ff    ",
    "  │  ╲ff   ",
    "  │   ╲ff  ",
    "  ╰╮qqq╲ff│",
    "   │qqqqqq│",
    "   ╰╮qqqqq│",
    "    │ ◦◦ ╭┴",
    "    ╰╮  ╭╯ ",
    "     │  │  ",
    "    ╭╯  ╰─ ",
)

_BACK_COMPACT: Final = _symmetric(
    "     ╭─",
    "  ╭──╯ ",
    " ╱│ ll┆",
    "╵ │┈┈┈┈",
    " ╭╯om╲ ",
    " │nppp│",
    " ╰╮xxx│",
    "  │hhh│",
    "  ╰╮ ╭┴",
)

_FRONT_COMPACT: Final = _symmetric(
    "     ╭─",
    "  ╭──╯ ",
    " ╱│    ",
    "╵ │   ·",
    " ╭╯╲f  ",
    " │q ╲f ",
    " ╰╮qq╲│",
    "  │qqq│",
    "  ╰╮◦╭┴",
)


@dataclass(frozen=True)
class Shape:
    """Where a region is drawn: its view, the zone letters it lights, and whether it has sides."""

    view: View
    zones: frozenset[str]
    sided: bool


def _shape(view: View, zones: str, *, sided: bool = True) -> Shape:
    return Shape(view, frozenset(zones), sided)


SHAPES: Final[Mapping[str, Shape]] = MappingProxyType(
    {
        "lumbar": _shape("back", "l", sided=False),
        "gluteal": _shape("back", "omnpxg"),
        "gluteus_maximus": _shape("back", "xp"),
        "gluteus_medius": _shape("back", "om"),
        "gluteus_minimus": _shape("back", "on"),
        "piriformis": _shape("back", "p"),
        "hamstrings": _shape("back", "h"),
        "quadriceps": _shape("front", "q"),
        "hip_flexors": _shape("front", "f"),
    }
)

REGION_IDS: Final = tuple(SHAPES)
"""Every region the body map can show."""


def templates(compact: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The back and front outlines, full or compact."""
    return (_BACK_COMPACT, _FRONT_COMPACT) if compact else (_BACK_FULL, _FRONT_FULL)
