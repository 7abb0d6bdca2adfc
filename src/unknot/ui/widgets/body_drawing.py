"""The body map as rows of cells: a region and a side in, characters and their highlight out.

Pure data, so it can be tested without running an app; :class:`~unknot.ui.widgets.body_map.BodyMap`
shows it. Sides are the *person's* left and right. On the back view we look at the person from behind,
so their left is on our left; on the front view we face them, so their left is on our right. Each view's
label row says so: ``L from behind R`` and ``R facing you L`` (``behind`` and ``facing`` when compact).

A highlighted cell is drawn with the fill pattern :data:`FILL` as well as the highlight colour, so the
highlight never depends on colour alone.
"""

from __future__ import annotations

from typing import Final

from unknot.ui.widgets.body_outlines import REGION_IDS, SHAPES, ZONE_LETTERS, View, templates

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

VIEWS: Final[tuple[View, View]] = ("back", "front")
"""The views, left to right as drawn."""


def view_width(*, compact: bool = False) -> int:
    """Columns taken by one view."""
    return len(templates(compact)[0][0])


def map_size(*, compact: bool = False) -> tuple[int, int]:
    """Width and height of the whole drawing, labels included."""
    back, _front = templates(compact)
    return 2 * view_width(compact=compact) + GAP, LABEL_ROWS + len(back)


def view_columns(view: View, *, compact: bool = False) -> range:
    """The columns of the drawing that ``view`` occupies."""
    width = view_width(compact=compact)
    start = 0 if view == "back" else width + GAP
    return range(start, start + width)


def region_view(region: str) -> View:
    """Which view shows ``region``."""
    return SHAPES[check_region(region)].view


def check_region(region: str) -> str:
    """``region`` if the map knows it, else a ValueError naming the ones it knows."""
    if region not in SHAPES:
        raise ValueError(f"unknown region {region!r}; the body map knows: {', '.join(REGION_IDS)}")
    return region


def check_side(side: str) -> str:
    """``side`` if it is one of :data:`SIDES`, else a ValueError."""
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
    shape = None if region is None else SHAPES[check_region(region)]
    check_side(side)
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
            if char in ZONE_LETTERS:
                out.append((FILL, True) if lit(view, column, char) else (" ", False))
            else:
                out.append((char, False))
        return out

    back, front = templates(compact)
    lines = [[(c, False) for c in _label("back", width)] + gap + [(c, False) for c in _label("front", width)]]
    for back_row, front_row in zip(back, front, strict=True):
        lines.append(cells("back", back_row) + gap + cells("front", front_row))
    return lines


def body_map_text(region: str | None, side: str, *, compact: bool = False) -> str:
    """The body map as plain text, one line per row, trailing spaces kept."""
    return "\n".join("".join(c for c, _ in row) for row in body_map_lines(region, side, compact=compact))
