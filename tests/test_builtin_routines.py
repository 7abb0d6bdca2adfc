"""The routines that ship with unknot: exact lengths, known ids, and a sensible order."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from unknot.cli import main
from unknot.model import plan_stats
from unknot.model.catalog import REGIONS, TECHNIQUES
from unknot.model.plan import step_instruction
from unknot.model.positions import named_tools
from unknot.model.routine import PRESSURES, SIDE_SPECS, Routine, Segment, parse_duration
from unknot.routine_files.lint import lint
from unknot.routine_files.loader import load_routine

ROUTINES_DIR = Path(__file__).resolve().parent.parent / "routines"

TOP_KEYS = {"name", "description", "transition", "segments"}
SEGMENT_KEYS = {
    *("region", "technique", "duration", "sides", "position", "tool", "pressure", "get_ready", "note")
}

EXPECTED_TOTALS = {
    "si-joint-10": 600,
    "quick-relief-5": 300,
    "thorough-20": 1200,
    "desk-break-hips": 300,
    "flare-day-6": 360,
    "side-lying-8": 480,
}
BUILTIN_IDS = tuple(EXPECTED_TOTALS)

MIN_SEGMENT = 30
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
            position=item.get("position"),
            get_ready=parse_duration(item["get_ready"]) if "get_ready" in item else None,
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


def _doc(routine_id: str) -> dict[str, Any]:
    """What ``unknot show ID --json`` prints: the rules below are read from it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNKNOT_ROUTINES_DIR", str(ROUTINES_DIR.parent / "no-user-routines"))
        buffer = io.StringIO()
        patch.setattr("sys.stdout", buffer)
        assert main(["show", routine_id, "--json"]) == 0
    doc: dict[str, Any] = json.loads(buffer.getvalue())
    return doc


# The limits of issue 12 per routine: regions, tool changes (the first pick-up counts), moves
# between the floor and upright (from standing at the start).
LIMITS = {
    "si-joint-10": (5, 3, 1),
    "quick-relief-5": (5, 3, 1),
    "desk-break-hips": (5, 3, 0),
    "thorough-20": (len(REGIONS), 6, 2),
    "flare-day-6": (5, 3, 1),
    "side-lying-8": (5, 3, 1),
}


@pytest.mark.parametrize("routine_id", BUILTIN_IDS)
def test_a_body_can_follow_it(routine_id: str) -> None:
    doc = _doc(routine_id)
    most_regions, most_tool_changes, most_moves = LIMITS[routine_id]
    assert doc["total_seconds"] == EXPECTED_TOTALS[routine_id]
    assert doc["total_seconds"] == sum(s["get_ready"] + s["seconds"] for s in doc["segments"])
    assert len(plan_stats.regions(doc)) <= most_regions
    assert plan_stats.tool_changes(doc) <= most_tool_changes
    assert plan_stats.moves(doc) <= most_moves
    assert plan_stats.out_of_dose(doc) == []
    assert plan_stats.grouped_by_setup(doc), [(s["position"], s["tool"]) for s in doc["segments"]]
    assert all(s["get_ready"] >= 5 for s in doc["segments"])
    assert doc["equipment"] == list(dict.fromkeys(s["tool"] for s in doc["segments"]))


def test_every_builtin_step_is_told_in_the_words_of_its_own_set_up() -> None:
    # A step moved to a wall or onto its side must not be told to lie on its back: each instruction
    # names no tool but the step's own, and lint finds no step whose words describe another set-up.
    for routine_id in BUILTIN_IDS:
        routine = _load(routine_id)
        assert [w.message for w in lint(routine) if w.id == "setup-words"] == [], routine_id
        for step in routine.steps:
            said = step_instruction(step)
            assert named_tools(said) <= {step.tool}, (routine_id, step.index, said)


def test_no_builtin_raises_a_dose_warning() -> None:
    for routine_id in BUILTIN_IDS:
        assert [w for w in lint(_load(routine_id)) if w.id == "dose"] == []


def test_the_rules_catch_a_routine_that_breaks_them() -> None:
    # The counting itself: down, up and down again, back to a tool already put away, a short hold.
    steps = [
        ("standing", "hands", "swedish", 30),
        ("on_back", "tennis_ball", "trigger_point", 30),
        ("chair", "hands", "swedish", 30),
        ("on_back", "tennis_ball", "trigger_point", 60),
    ]
    doc = {
        "segments": [
            {"position": p, "tool": t, "technique": k, "seconds": n, "region": "gluteal"}
            for p, t, k, n in steps
        ]
    }
    assert plan_stats.moves(doc) == 3
    assert plan_stats.tool_changes(doc) == 3
    assert plan_stats.out_of_dose(doc) == [1]
    assert not plan_stats.grouped_by_setup(doc)


def test_desk_break_stays_on_a_chair_and_at_a_wall() -> None:
    doc = _doc("desk-break-hips")
    assert {s["position"] for s in doc["segments"]} <= {"wall", "chair"}
    assert set(doc["equipment"]) <= {"hands", "tennis_ball"}


def test_flare_day_is_light_and_easy() -> None:
    doc = _doc("flare-day-6")
    for step in doc["segments"]:
        assert step["tool"] in ("hands", "soft_ball")
        assert step["pressure"] == "light"
        assert step["position"] in ("side_lying", "chair", "sitting_on_floor")
        assert step["technique"] not in ("deep_tissue", "trigger_point")
        assert step["phases"] == []


def test_side_lying_never_asks_you_onto_your_back_or_front() -> None:
    doc = _doc("side-lying-8")
    assert all(s["position"] not in ("on_back", "face_down") for s in doc["segments"])
    assert "check with your midwife or doctor first" in _load("side-lying-8").description


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


def test_finishes_gently(routine: Routine) -> None:
    # "Finish gently": light work with the hands or a soft ball, never a deep or trigger-point hold.
    last = routine.segments[-1]
    assert last.technique in LIGHT_TECHNIQUES
    assert last.pressure == "light"


def test_sides_match_the_region(routine: Routine) -> None:
    for seg in routine.segments:
        if REGIONS[seg.region].sided:
            assert seg.sides in ("both", "left", "right"), seg
        else:
            assert seg.sides == "none", seg


def test_every_segment_is_at_least_30_seconds(routine: Routine) -> None:
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
