"""The routines that ship with unknot: exact lengths, known ids, and a sensible order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from unknot.catalog import REGIONS, TECHNIQUES
from unknot.loader import load_routine
from unknot.routine import PRESSURES, SIDE_SPECS, Routine, Segment, parse_duration

ROUTINES_DIR = Path(__file__).resolve().parent.parent / "routines"

TOP_KEYS = {"name", "description", "transition", "segments"}
SEGMENT_KEYS = {"region", "technique", "duration", "sides", "tool", "pressure", "note"}

EXPECTED_TOTALS = {
    "si-joint-10": 600,
    "quick-relief-5": 300,
    "thorough-20": 1200,
}
BUILTIN_IDS = (*EXPECTED_TOTALS, "desk-break-hips")

MIN_SEGMENT = 15
MAX_REGION_SHARE = 0.40
LIGHT_TECHNIQUES = {t.id for t in TECHNIQUES.values() if t.depth < 3}
DEEP_TECHNIQUES = {t.id for t in TECHNIQUES.values() if t.depth == 3}


class _NoDuplicatesLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key written twice in one mapping."""


def _construct_mapping(loader: _NoDuplicatesLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key_node) for key_node, _ in node.value]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    if duplicates:
        raise AssertionError(f"duplicate keys {duplicates} at line {node.start_mark.line + 1}")
    return loader.construct_mapping(node)


_NoDuplicatesLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _raw(routine_id: str) -> dict[str, Any]:
    with (ROUTINES_DIR / f"{routine_id}.yaml").open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_NoDuplicatesLoader)  # a SafeLoader
    assert isinstance(data, dict)
    return data


def _from_yaml(routine_id: str) -> Routine:
    """Build the model straight from the YAML: a cross-check on the loader's arithmetic."""
    data = _raw(routine_id)
    segments = tuple(
        Segment(
            region=item["region"],
            technique=item["technique"],
            seconds=parse_duration(item["duration"]),
            sides=item.get("sides", "none"),
            tool=item.get("tool"),
            pressure=item.get("pressure"),
            note=item.get("note"),
        )
        for item in data["segments"]
    )
    return Routine(
        id=routine_id,
        name=data["name"],
        segments=segments,
        description=data.get("description", ""),
        transition=parse_duration(data.get("transition", 5)),
    )


def _load(routine_id: str) -> Routine:
    """Load with the real, strict loader."""
    return load_routine(ROUTINES_DIR / f"{routine_id}.yaml")


@pytest.fixture(params=BUILTIN_IDS)
def routine(request: pytest.FixtureRequest) -> Routine:
    return _load(request.param)


def test_the_builtin_folder_holds_exactly_these() -> None:
    assert sorted(p.stem for p in ROUTINES_DIR.glob("*.yaml")) == sorted(BUILTIN_IDS)


@pytest.mark.parametrize("routine_id", BUILTIN_IDS)
def test_files_use_only_known_keys_and_values(routine_id: str) -> None:
    data = _raw(routine_id)
    assert set(data) <= TOP_KEYS
    assert isinstance(data["name"], str) and data["name"].strip()
    for item in data["segments"]:
        assert set(item) <= SEGMENT_KEYS, item
        assert {"region", "technique", "duration"} <= set(item), item
        assert item.get("sides", "none") in SIDE_SPECS
        assert item.get("pressure", "light") in PRESSURES


@pytest.mark.parametrize(("routine_id", "total"), EXPECTED_TOTALS.items())
def test_exact_totals(routine_id: str, total: int) -> None:
    assert _load(routine_id).total_seconds == total
    assert _from_yaml(routine_id).total_seconds == total


def test_desk_break_is_a_whole_number_of_minutes() -> None:
    total = _load("desk-break-hips").total_seconds
    assert total % 60 == 0
    assert 4 * 60 <= total <= 6 * 60


def test_desk_break_uses_desk_tools_and_the_hips() -> None:
    routine = _load("desk-break-hips")
    assert {"hip_flexors", "quadriceps", "piriformis", "lumbar"} <= set(routine.regions)
    assert any(r.startswith("glute") for r in routine.regions)
    for seg in routine.segments:
        assert seg.tool in {"hands", "tennis ball against a wall"}, seg
        assert "foam roller" not in (seg.note or "")
        assert "floor" not in (seg.note or "")


def test_si_joint_10_uses_every_region_and_technique() -> None:
    routine = _load("si-joint-10")
    assert set(routine.regions) == set(REGIONS)
    assert {seg.technique for seg in routine.segments} == set(TECHNIQUES)
    assert "10 min" in routine.name


def test_thorough_20_covers_every_region() -> None:
    assert set(_load("thorough-20").regions) == set(REGIONS)


def test_quick_relief_focuses_on_back_glutes_piriformis() -> None:
    regions = set(_load("quick-relief-5").regions)
    assert {"lumbar", "piriformis"} <= regions
    assert all(r == "lumbar" or r == "piriformis" or r.startswith("glute") for r in regions)


def test_ids_are_in_the_catalog(routine: Routine) -> None:
    for seg in routine.segments:
        assert seg.region in REGIONS
        assert seg.technique in TECHNIQUES


def test_starts_with_swedish_on_the_lower_back(routine: Routine) -> None:
    first = routine.segments[0]
    assert (first.region, first.technique) == ("lumbar", "swedish")


def test_finishes_gently_on_the_lower_back(routine: Routine) -> None:
    # "Finish gently": light Swedish strokes, as the warm-up began, not a held release.
    last = routine.segments[-1]
    assert last.region == "lumbar"
    assert last.technique == "swedish"
    assert last.pressure in (None, "light")


def test_sides_match_the_region(routine: Routine) -> None:
    for seg in routine.segments:
        if REGIONS[seg.region].sided:
            assert seg.sides in ("both", "left", "right"), seg
        else:
            assert seg.sides == "none", seg


def test_every_segment_is_at_least_15_seconds(routine: Routine) -> None:
    assert all(seg.seconds >= MIN_SEGMENT for seg in routine.segments)


def test_deep_work_follows_a_lighter_warm_up(routine: Routine) -> None:
    for index, seg in enumerate(routine.segments):
        if seg.technique not in DEEP_TECHNIQUES:
            continue
        earlier = routine.segments[:index]
        assert any(
            prev.technique in LIGHT_TECHNIQUES and prev.region in (seg.region, "lumbar") for prev in earlier
        ), f"{seg.region} {seg.technique} has no warm-up before it"


def test_no_region_takes_over_40_percent(routine: Routine) -> None:
    per_region: Counter[str] = Counter()
    for step in routine.steps:
        per_region[step.region] += step.seconds
    for region, seconds in per_region.items():
        assert seconds <= MAX_REGION_SHARE * routine.work_seconds, region


def test_the_arithmetic_comment_matches(routine: Routine) -> None:
    head = (ROUTINES_DIR / f"{routine.id}.yaml").read_text(encoding="utf-8").splitlines()[:8]
    assert any(f"{routine.total_seconds} s" in line for line in head if line.startswith("#"))


def test_notes_are_short_and_make_no_realigning_claim(routine: Routine) -> None:
    texts = [routine.name, routine.description, *(seg.note or "" for seg in routine.segments)]
    for text in texts:
        assert "realign" not in text.lower()
        assert "align the joint" not in text.lower()
    for seg in routine.segments:
        if seg.note:
            assert len(seg.note) <= 160, seg.note
