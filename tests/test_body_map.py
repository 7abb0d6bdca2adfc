"""The body map: which cells each region and side lights, and the widget that shows them."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from textual.app import App, ComposeResult

from unknot.model.catalog import REGIONS
from unknot.ui.widgets.body_drawing import (
    FILL,
    GAP,
    LABEL_ROWS,
    SIDES,
    VIEWS,
    body_map_lines,
    body_map_text,
    map_size,
    region_view,
    view_columns,
    view_width,
)
from unknot.ui.widgets.body_map import BodyMap
from unknot.ui.widgets.body_outlines import REGION_IDS, View

COMPACT = [False, True]
Cells = frozenset[tuple[int, int]]


def lit(region: str | None, side: str, *, compact: bool = False) -> Cells:
    """The (row, column) of every highlighted cell."""
    return frozenset(
        (y, x)
        for y, row in enumerate(body_map_lines(region, side, compact=compact))
        for x, (_, on) in enumerate(row)
        if on
    )


def centre(view: View, compact: bool) -> int:
    columns = view_columns(view, compact=compact)
    return columns.start + len(columns) // 2


def viewers_half(view: View, side: str, compact: bool) -> range:
    """The columns of ``view`` that show the person's ``side``."""
    columns = view_columns(view, compact=compact)
    mid = centre(view, compact)
    viewers_left = (side == "left") == (view == "back")
    return range(columns.start, mid) if viewers_left else range(mid + 1, columns.stop)


def sided_regions() -> list[str]:
    return [r for r in REGION_IDS if r != "lumbar"]


# -- the drawing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("compact", COMPACT)
def test_every_row_is_the_full_width(compact: bool) -> None:
    width, height = map_size(compact=compact)
    lines = body_map_lines(None, "none", compact=compact)
    assert len(lines) == height
    assert all(len(row) == width for row in lines)
    assert width == 2 * view_width(compact=compact) + GAP


def test_sizes_suit_full_and_small_terminals() -> None:
    assert 18 <= view_width() <= 22
    assert 16 <= map_size()[1] - LABEL_ROWS <= 20
    assert map_size(compact=True)[1] <= 10
    assert map_size()[0] <= 60


@pytest.mark.parametrize("compact", COMPACT)
def test_views_are_labelled_with_the_persons_sides(compact: bool) -> None:
    label = "".join(c for c, _ in body_map_lines(None, "none", compact=compact)[0])
    back = label[view_columns("back", compact=compact).start : view_columns("back", compact=compact).stop]
    front = label[view_columns("front", compact=compact).start : view_columns("front", compact=compact).stop]
    # The front view says it faces you, so its R on your left is read as the person's right.
    if compact:
        assert back.split() == ["L", "behind", "R"]
        assert front.split() == ["R", "facing", "L"]
    else:
        assert back.split() == ["L", "from", "behind", "R"]
        assert front.split() == ["R", "facing", "you", "L"]


@pytest.mark.parametrize("compact", COMPACT)
def test_the_outline_is_symmetric(compact: bool) -> None:
    mirror = str.maketrans("╭╮╰╯╱╲┌┐└┘├┤╴╶", "╮╭╯╰╲╱┐┌┘└┤├╶╴")
    for row in body_map_text(None, "none", compact=compact).splitlines()[LABEL_ROWS:]:
        for view in VIEWS:
            columns = view_columns(view, compact=compact)
            part = row[columns.start : columns.stop]
            assert part == part[::-1].translate(mirror), part


@pytest.mark.parametrize("compact", COMPACT)
def test_no_region_lights_nothing(compact: bool) -> None:
    assert lit(None, "none", compact=compact) == frozenset()
    assert FILL not in body_map_text(None, "left", compact=compact)


@pytest.mark.parametrize("compact", COMPACT)
def test_highlighted_cells_show_the_pattern_and_only_they_do(compact: bool) -> None:
    for row in body_map_lines("gluteal", "both", compact=compact):
        for char, on in row:
            assert (char == FILL) == on


# -- regions and sides ---------------------------------------------------------------------------


@pytest.mark.parametrize("compact", COMPACT)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("region", REGION_IDS)
def test_every_region_and_side_lights_its_own_view_only(region: str, side: str, compact: bool) -> None:
    cells = lit(region, side, compact=compact)
    assert cells
    own = view_columns(region_view(region), compact=compact)
    assert all(x in own for _, x in cells)
    assert all(y >= LABEL_ROWS for y, _ in cells)


@pytest.mark.parametrize("compact", COMPACT)
@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("region", sided_regions())
def test_a_side_lights_the_persons_side(region: str, side: str, compact: bool) -> None:
    """Back view: the person's left is on the viewer's left. Front view: mirrored."""
    view = region_view(region)
    half = viewers_half(view, side, compact)
    assert all(x in half for _, x in lit(region, side, compact=compact))


@pytest.mark.parametrize("compact", COMPACT)
def test_the_front_view_is_mirrored(compact: bool) -> None:
    back_left = lit("hamstrings", "left", compact=compact)
    front_left = lit("quadriceps", "left", compact=compact)
    assert max(x for _, x in back_left) < centre("back", compact)
    assert min(x for _, x in front_left) > centre("front", compact)


@pytest.mark.parametrize("compact", COMPACT)
@pytest.mark.parametrize("region", sided_regions())
def test_left_and_right_are_mirror_images(region: str, compact: bool) -> None:
    mid = centre(region_view(region), compact)
    left = lit(region, "left", compact=compact)
    right = lit(region, "right", compact=compact)
    assert left.isdisjoint(right)
    assert right == {(y, 2 * mid - x) for y, x in left}


@pytest.mark.parametrize("compact", COMPACT)
@pytest.mark.parametrize("region", sided_regions())
def test_none_and_both_light_both_sides(region: str, compact: bool) -> None:
    both = lit(region, "left", compact=compact) | lit(region, "right", compact=compact)
    assert lit(region, "none", compact=compact) == both
    assert lit(region, "both", compact=compact) == both


@pytest.mark.parametrize("compact", COMPACT)
def test_lumbar_lights_either_side_of_the_spine(compact: bool) -> None:
    mid = centre("back", compact)
    cells = lit("lumbar", "none", compact=compact)
    assert all(abs(x - mid) <= 4 for _, x in cells)
    assert {x for _, x in cells} >= {mid - 1, mid + 1}
    assert all((y, 2 * mid - x) in cells for y, x in cells)
    # The side does not matter for the lower back.
    assert all(lit("lumbar", side, compact=compact) == cells for side in SIDES)


@pytest.mark.parametrize("compact", COMPACT)
def test_lumbar_sits_above_the_buttocks_and_hamstrings_below(compact: bool) -> None:
    def rows(region: str) -> set[int]:
        return {y for y, _ in lit(region, "left", compact=compact)}

    assert max(rows("lumbar")) < min(rows("gluteal"))
    assert max(rows("gluteal")) < min(rows("hamstrings"))
    assert max(rows("hip_flexors")) <= min(rows("quadriceps")) + 1


@pytest.mark.parametrize("compact", COMPACT)
def test_different_regions_light_different_cells(compact: bool) -> None:
    sets = {region: lit(region, "left", compact=compact) for region in REGION_IDS}
    for a, b in pairwise(REGION_IDS):
        assert sets[a] != sets[b]
    assert len(set(sets.values())) == len(sets)


@pytest.mark.parametrize("compact", COMPACT)
def test_the_glutes_sit_inside_the_buttock(compact: bool) -> None:
    whole = lit("gluteal", "left", compact=compact)
    for part in ("gluteus_maximus", "gluteus_medius", "gluteus_minimus", "piriformis"):
        assert lit(part, "left", compact=compact) < whole, part
    assert lit("piriformis", "left", compact=compact) < lit("gluteus_maximus", "left", compact=compact)


@pytest.mark.parametrize("compact", COMPACT)
def test_medius_is_upper_outer_and_minimus_further_out(compact: bool) -> None:
    medius = lit("gluteus_medius", "left", compact=compact)
    minimus = lit("gluteus_minimus", "left", compact=compact)
    maximus = lit("gluteus_maximus", "left", compact=compact)
    assert min(y for y, _ in medius) <= min(y for y, _ in maximus)
    assert min(x for _, x in minimus) < min(x for _, x in medius)


def test_piriformis_runs_from_the_sacrum_towards_the_hip() -> None:
    cells = lit("piriformis", "left")
    xs = {x for _, x in cells}
    assert max(xs) == centre("back", False) - 1
    assert len(xs) >= 4


def test_the_map_covers_every_catalog_region_on_the_right_view() -> None:
    assert set(REGION_IDS) == set(REGIONS)
    for region_id, region in REGIONS.items():
        assert region_view(region_id) == region.view
        sided = lit(region_id, "left") != lit(region_id, "right")
        assert sided == region.sided, region_id


def test_unknown_region_or_side_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region"):
        body_map_lines("elbow", "left")
    with pytest.raises(ValueError, match="unknown side"):
        body_map_lines("piriformis", "up")


# -- the widget ----------------------------------------------------------------------------------


class MapApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BodyMap()


def shown(widget: BodyMap) -> str:
    """The text the widget has drawn on screen."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)
    )


async def test_widget_redraws_when_the_target_changes() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 24)) as pilot:
        body_map = app.query_one(BodyMap)
        assert body_map.size == map_size()
        assert "behind" in shown(body_map) and "facing" in shown(body_map)
        assert FILL not in shown(body_map)

        body_map.region_id = "piriformis"
        body_map.side = "left"
        await pilot.pause()
        assert shown(body_map).splitlines() == body_map_text("piriformis", "left").splitlines()
        assert FILL in shown(body_map)

        body_map.set_target("quadriceps", "right")
        await pilot.pause()
        assert shown(body_map).splitlines() == body_map_text("quadriceps", "right").splitlines()

        body_map.set_target(None, "none")
        await pilot.pause()
        assert FILL not in shown(body_map)


async def test_widget_compact_changes_its_size() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 24)) as pilot:
        body_map = app.query_one(BodyMap)
        body_map.set_target("hip_flexors", "left")
        body_map.compact = True
        await pilot.pause()
        assert body_map.size == map_size(compact=True)
        assert shown(body_map).splitlines() == body_map_text("hip_flexors", "left", compact=True).splitlines()


async def test_widget_highlight_has_its_own_colour() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 24)) as pilot:
        body_map = app.query_one(BodyMap)
        body_map.set_target("lumbar", "none")
        await pilot.pause()
        styles: dict[str, Any] = {}
        for y in range(body_map.size.height):
            for segment in body_map.render_line(y):
                for char in segment.text:
                    styles.setdefault(char, segment.style)
        assert styles[FILL] is not None and styles["│"] is not None
        assert styles[FILL].color != styles["│"].color


async def test_widget_refuses_an_unknown_region() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 24)):
        body_map = app.query_one(BodyMap)
        with pytest.raises(ValueError, match="unknown region"):
            body_map.region_id = "elbow"
    with pytest.raises(ValueError, match="unknown side"):
        BodyMap("piriformis", "up")


def test_snapshot_piriformis_left(snap_compare: Any) -> None:
    assert snap_compare("snapshot_apps/body_map_app.py", terminal_size=(60, 24))
