"""A drawn outline of the body, back and front, with the region being worked highlighted.

The drawing is pure data: :func:`body_map_lines` turns a region and a side into rows of cells, each a
character and whether it belongs to the highlight, so it can be tested without running an app.
:class:`BodyMap` is the widget that shows it; the player calls :meth:`BodyMap.set_target` (or sets
:attr:`BodyMap.region_id` and :attr:`BodyMap.side`) and it redraws.

Sides are the *person's* left and right. On the back view we look at the person from behind, so their
left is on our left; on the front view we face them, so their left is on our right. Each view's label
row says so: ``L from behind R`` and ``R facing you L`` (``behind`` and ``facing`` when compact).

A highlighted cell is drawn with the fill pattern :data:`FILL` as well as the highlight colour, so the
highlight never depends on colour alone.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Final, Literal

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

View = Literal["back", "front"]
Cell = tuple[str, bool]
"""One character of the drawing and whether it is part of the highlight."""

FILL: Final = "▓"
"""The pattern drawn in highlighted cells."""

SIDES: Final = ("left", "right", "none", "both")
"""The sides :func:`body_map_lines` accepts. ``none`` and ``both`` light both sides of a sided region."""

GAP: Final = 3
"""Blank columns between the back view and the front view."""

LABEL_ROWS: Final = 1
"""Rows above the drawing that hold the view labels."""

_MIRROR: Final = str.maketrans("╭╮╰╯╱╲┌┐└┘├┤╴╶", "╮╭╯╰╲╱┐┌┘└┤├╶╴")
_ZONE_LETTERS: Final = frozenset(string.ascii_lowercase)


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
class _Shape:
    view: View
    zones: frozenset[str]
    sided: bool


def _shape(view: View, zones: str, *, sided: bool = True) -> _Shape:
    return _Shape(view, frozenset(zones), sided)


_SHAPES: Final[Mapping[str, _Shape]] = MappingProxyType(
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

REGION_IDS: Final = tuple(_SHAPES)
"""Every region the body map can show."""

VIEWS: Final[tuple[View, View]] = ("back", "front")
"""The views, left to right as drawn."""


def _templates(compact: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (_BACK_COMPACT, _FRONT_COMPACT) if compact else (_BACK_FULL, _FRONT_FULL)


def view_width(*, compact: bool = False) -> int:
    """Columns taken by one view."""
    return len(_templates(compact)[0][0])


def map_size(*, compact: bool = False) -> tuple[int, int]:
    """Width and height of the whole drawing, labels included."""
    back, _front = _templates(compact)
    return 2 * view_width(compact=compact) + GAP, LABEL_ROWS + len(back)


def view_columns(view: View, *, compact: bool = False) -> range:
    """The columns of the drawing that ``view`` occupies."""
    width = view_width(compact=compact)
    start = 0 if view == "back" else width + GAP
    return range(start, start + width)


def region_view(region: str) -> View:
    """Which view shows ``region``."""
    return _SHAPES[_check_region(region)].view


def _check_region(region: str) -> str:
    if region not in _SHAPES:
        raise ValueError(f"unknown region {region!r}; the body map knows: {', '.join(REGION_IDS)}")
    return region


def _check_side(side: str) -> str:
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}; expected one of: {', '.join(SIDES)}")
    return side


def _person_side(view: View, column: int, width: int) -> str:
    """The person's side that a column of a view shows."""
    on_viewers_left = column < width // 2
    if view == "back":
        return "left" if on_viewers_left else "right"
    return "right" if on_viewers_left else "left"


def _label(view: View, width: int) -> str:
    # "back" and "front" alone let the front view's R-on-the-left be read as a mistake; saying where the
    # person is seen from makes the swap expected.
    left, right = ("L", "R") if view == "back" else ("R", "L")
    long, short = ("from behind", "behind") if view == "back" else ("facing you", "facing")
    word = long if len(long) + 4 <= width else short
    return left + word.center(width - 2) + right


def body_map_lines(region: str | None, side: str, *, compact: bool = False) -> list[list[Cell]]:
    """The body map as rows of cells: first the labels, then the back and front views side by side.

    ``region`` None draws the bare outline. ``side`` is the person's side; for a region without sides
    (the lower back) it is ignored, and ``none`` or ``both`` light both sides of a sided region.

    Raises:
        ValueError: ``region`` or ``side`` is not one the map knows.
    """
    shape = None if region is None else _SHAPES[_check_region(region)]
    _check_side(side)
    width = view_width(compact=compact)
    gap: list[Cell] = [(" ", False)] * GAP

    def lit(view: View, column: int, zone: str) -> bool:
        if shape is None or shape.view != view or zone not in shape.zones:
            return False
        if not shape.sided or side in ("none", "both"):
            return True
        return _person_side(view, column, width) == side

    def cells(view: View, row: str) -> list[Cell]:
        out: list[Cell] = []
        for column, char in enumerate(row):
            if char in _ZONE_LETTERS:
                out.append((FILL, True) if lit(view, column, char) else (" ", False))
            else:
                out.append((char, False))
        return out

    back, front = _templates(compact)
    lines = [[(c, False) for c in _label("back", width)] + gap + [(c, False) for c in _label("front", width)]]
    for back_row, front_row in zip(back, front, strict=True):
        lines.append(cells("back", back_row) + gap + cells("front", front_row))
    return lines


def body_map_text(region: str | None, side: str, *, compact: bool = False) -> str:
    """The body map as plain text, one line per row, trailing spaces kept."""
    return "\n".join("".join(c for c, _ in row) for row in body_map_lines(region, side, compact=compact))


class BodyMap(Widget):
    """The back and front outline of the body with the region being worked filled in.

    Call :meth:`set_target` (or set :attr:`region_id` and :attr:`side`); set :attr:`compact` for the
    short drawing on small terminals.
    """

    DEFAULT_CSS = """
    BodyMap {
        width: auto;
        height: auto;
    }
    BodyMap > .body-map--outline {
        color: $foreground-muted;
    }
    BodyMap > .body-map--label {
        color: $foreground-muted;
    }
    BodyMap > .body-map--label-active {
        color: $foreground;
        text-style: bold;
    }
    BodyMap > .body-map--highlight {
        color: $accent;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body-map--outline",
        "body-map--label",
        "body-map--label-active",
        "body-map--highlight",
    }

    region_id: reactive[str | None] = reactive[str | None](None)
    """The region to highlight, one of :data:`REGION_IDS`, or None for none.

    Not called ``region``: :attr:`Widget.region` is the widget's place on the screen.
    """
    side: reactive[str] = reactive("none")
    """The person's side to highlight: ``left``, ``right``, ``none`` or ``both``."""
    compact: reactive[bool] = reactive(False, layout=True)
    """Draw the short version for small terminals."""

    def __init__(
        self,
        region: str | None = None,
        side: str = "none",
        *,
        compact: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(BodyMap.region_id, self.validate_region_id(region))
        self.set_reactive(BodyMap.side, self.validate_side(side))
        self.set_reactive(BodyMap.compact, compact)

    def validate_region_id(self, region: str | None) -> str | None:
        return None if region is None else _check_region(region)

    def validate_side(self, side: str) -> str:
        return _check_side(side)

    def set_target(self, region: str | None, side: str) -> None:
        """Highlight ``side`` of ``region`` (None for no highlight)."""
        self.region_id = region
        self.side = side

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return map_size(compact=self.compact)[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return map_size(compact=self.compact)[1]

    def render(self) -> Text:
        if 0 < self.size.height < map_size(compact=self.compact)[1]:
            return Text("")  # too few rows are left under the instruction: the map gives way whole
        outline = self.get_component_rich_style("body-map--outline")
        highlight = self.get_component_rich_style("body-map--highlight")
        label = self.get_component_rich_style("body-map--label")
        active = self.get_component_rich_style("body-map--label-active")
        active_view = None if self.region_id is None else region_view(self.region_id)
        lines = body_map_lines(self.region_id, self.side, compact=self.compact)

        def label_style(column: int) -> Style:
            for view in VIEWS:
                if column in view_columns(view, compact=self.compact):
                    return active if view == active_view else label
            return label

        text = Text(no_wrap=True, end="")
        for y, row in enumerate(lines):
            if y:
                text.append("\n")
            styles = [
                label_style(x) if y < LABEL_ROWS else highlight if lit else outline
                for x, (_, lit) in enumerate(row)
            ]
            start = 0
            for x in range(1, len(row) + 1):
                if x == len(row) or styles[x] != styles[start]:
                    text.append("".join(char for char, _ in row[start:x]), styles[start])
                    start = x
        return text
