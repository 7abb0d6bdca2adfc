"""The plan behind ``unknot build``: which regions fit N minutes, in what order, and for how long.

Every step stays inside its technique's dose range (:func:`unknot.model.dosing.dose_range`): when the lows
of all the regions do not fit, regions are dropped, lowest priority first and focus regions last,
rather than shortening steps; when even the highs leave time over (long sessions), a region gets a
second or third set of its deeper work (never of a trigger point), focus regions first. Steps are
grouped as the built-ins are: upright work first, then the floor once, each position and tool
together, and a finish back on your feet when the time allows. The get-ready before each step is
the set-up rule of :func:`unknot.model.positions.setup_seconds` over a 5 s transition, so never under 5 s,
and the total is exactly N minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from heapq import heapify, heappop, heappush

from unknot.model import catalog
from unknot.model.dosing import dose_range
from unknot.model.positions import MIN_BUILT_SETUP_SECONDS, POSITIONS, TOOLS, default_setup, named_tools
from unknot.model.routine import Pressure, Routine, Segment

TRANSITION = MIN_BUILT_SETUP_SECONDS
"""A built routine's transition: the floor under every get-ready it plans."""
QUANTUM = 5
"""Step times are whole multiples of this many seconds (every get-ready and every minute is too)."""
MAX_SETS = 3
"""Rolling guidance gives 1-3 sets per muscle (Behm et al. 2020; see unknot.model.dosing)."""
WARM_UP_REGION = "lumbar"
GENTLE = "swedish"
# The deeper technique for each region, as before: firm where the built-ins work firmly, myofascial
# release where a roller is the natural tool or a nerve and vessels run close (the hip flexors).
DEEPER: dict[str, str] = {
    "gluteal": "myofascial_release",
    "gluteus_maximus": "deep_tissue",
    "gluteus_medius": "trigger_point",
    "gluteus_minimus": "trigger_point",
    "piriformis": "trigger_point",
    "hamstrings": "myofascial_release",
    "quadriceps": "myofascial_release",
    "hip_flexors": "myofascial_release",
}
DROP_ORDER = (
    "quadriceps",
    "gluteus_minimus",
    "hip_flexors",
    "gluteus_maximus",
    "hamstrings",
    "gluteal",
    "gluteus_medius",
    "piriformis",
)
"""Lowest priority first: the regions least tied to SI-joint and low-back pain go first when time is
short (the piriformis and gluteus medius, which refer pain to the SI joint, stay longest)."""
BALLS = ("soft_ball", "tennis_ball", "lacrosse_ball")
"""The tools ``--tool`` may name: a ball of another firmness swaps for the ball a step uses."""


class PlanError(ValueError):
    """Minutes that no plan fits (cannot happen from 3 to 60; kept so a change cannot loop)."""


@dataclass(frozen=True)
class Plan:
    """The segments of a built routine and the regions left out for lack of time."""

    segments: tuple[Segment, ...]
    dropped: tuple[str, ...]


def _segment(region: str, technique: str, tool: str | None, seconds: int = 0) -> Segment:
    position, default_tool = default_setup(region, technique)
    # The ball asked for replaces the step's own ball, and the step's note says that ball where the
    # default instruction names its own: the words and the tool must agree.
    note = None
    if tool is not None and default_tool in BALLS and tool != default_tool:
        said = catalog.instruction(region, technique)
        if named_tools(said) - {default_tool}:
            raise AssertionError(f"{region} x {technique}: its instruction names another tool")
        note = said.replace(TOOLS[default_tool].name, TOOLS[tool].name)
        default_tool = tool
    pressure: Pressure = catalog.TECHNIQUES[technique].pressure  # trigger points' own is moderate
    sided = catalog.REGIONS[region].sided
    return Segment(
        region, technique, seconds, "both" if sided else "none", default_tool, pressure, note, 0, position
    )


def _order_key(seg: Segment) -> tuple[int, int, int, int]:
    position = seg.position or "standing"
    placement = 0 if POSITIONS[position].placement == "upright" else 1
    return (
        placement,
        list(POSITIONS).index(position),
        list(TOOLS).index(seg.tool or "hands"),
        list(catalog.REGIONS).index(seg.region),
    )


def arrange(regions: Sequence[str], sets: dict[str, int], finish: bool, tool: str | None) -> list[Segment]:
    """Warm-up, the regions' deeper work grouped by placement, position and tool, then the finish."""
    middle = sorted((_segment(r, DEEPER[r], tool) for r in regions), key=_order_key)
    expanded = [seg for seg in middle for _ in range(sets.get(seg.region, 1))]
    warm = _segment(WARM_UP_REGION, GENTLE, None)
    return [warm, *expanded, *([warm] if finish else [])]


def _mult(seg: Segment) -> int:
    return 2 if seg.sides == "both" else 1


def _setup_total(segments: Sequence[Segment]) -> int:
    return Routine("plan", "plan", tuple(segments), transition=TRANSITION).setup_total


def plan(minutes: int, focus: Sequence[str] = (), tool: str | None = None) -> Plan:
    """The plan for ``minutes`` with ``focus`` regions (ids, checked by the caller)."""
    total = minutes * 60
    regions = [r for r in catalog.REGIONS if r != WARM_UP_REGION]
    drops = [r for r in DROP_ORDER if r not in focus] + [r for r in DROP_ORDER if r in focus]
    adds = list(reversed(drops))  # most wanted first: extra sets go to focus regions first
    sets = dict.fromkeys(regions, 1)
    finish, dropped = True, []
    for _ in range(100):
        segments = arrange(regions, sets, finish, tool)
        work = total - _setup_total(segments)
        ranges = [dose_range(s.technique, s.tool or "hands", s.region) for s in segments]
        low = sum(_mult(s) * r.low for s, r in zip(segments, ranges, strict=True))
        high = sum(_mult(s) * r.high for s, r in zip(segments, ranges, strict=True))
        if low > work:
            if finish and regions:
                finish = False  # ending on the floor costs no move back up
            elif drops and len(regions) > 1:
                gone = next(r for r in drops if r in regions)
                regions.remove(gone)
                dropped.append(gone)
            else:
                raise PlanError(f"{minutes} minutes are too short for any routine")
            continue
        seconds = _distribute(segments, work, focus) if high >= work else None
        if seconds is None:
            # More time than the doses hold: another set for the region with the fewest, most wanted
            # first. Never for a trigger point: a spot that has not eased in a step will not in three.
            more = [r for r in adds if r in regions and sets[r] < MAX_SETS and DEEPER[r] != "trigger_point"]
            if not more:
                raise PlanError(f"{minutes} minutes are more than the regions' doses can fill")
            sets[min(more, key=lambda r: sets[r])] += 1
            continue
        done = tuple(
            Segment(s.region, s.technique, n, s.sides, s.tool, s.pressure, s.note, 0, s.position)
            for s, n in zip(segments, seconds, strict=True)
        )
        return Plan(done, tuple(dropped))
    raise PlanError(f"no plan found for {minutes} minutes")


def _distribute(segments: Sequence[Segment], work: int, focus: Sequence[str]) -> list[int] | None:
    """Seconds per segment, each in its range, adding up (sides counted twice) to ``work`` exactly;
    None when the last 5 s fit nowhere (every one-sided step is full).

    Every step starts at its range's low; the time over is handed out 5 s at a time to the step
    furthest below its share, a focus region weighing twice, so the steps grow evenly.
    """
    ranges = [dose_range(s.technique, s.tool or "hands", s.region) for s in segments]
    seconds = [r.low for r in ranges]
    weight = [2.0 if s.region in focus else 1.0 for s in segments]
    left = work - sum(_mult(s) * n for s, n in zip(segments, seconds, strict=True))
    # The steps by how far below their share they are (then by place), in a heap: a step with no room
    # left never has room again (its seconds only grow, the time left only shrinks), so it is let go when
    # it comes up, and the step picked goes back in at its new place. The same picks as taking the
    # minimum over every step each time, in a fraction of the work for a long routine.
    queue = [(0.0, i) for i in range(len(segments))]
    heapify(queue)
    while left > 0 and queue:
        _, pick = heappop(queue)
        if seconds[pick] + QUANTUM > ranges[pick].high or _mult(segments[pick]) * QUANTUM > left:
            continue
        seconds[pick] += QUANTUM
        left -= _mult(segments[pick]) * QUANTUM
        heappush(queue, ((seconds[pick] - ranges[pick].low) / weight[pick], pick))
    for i, s in enumerate(segments):  # an odd 5 s, when only two-sided steps had room: a one-sided one
        if left and _mult(s) == 1 and seconds[i] + left <= ranges[i].high:
            seconds[i] += left
            left = 0
    if left == QUANTUM:
        # Every one-sided step is full: one gives back 5 s and a two-sided one takes 5 s a side.
        one = next((i for i, s in enumerate(segments) if _mult(s) == 1 and seconds[i] > ranges[i].low), None)
        two = next(
            (i for i, s in enumerate(segments) if _mult(s) == 2 and seconds[i] + QUANTUM <= ranges[i].high),
            None,
        )
        if one is not None and two is not None:
            seconds[one] -= QUANTUM
            seconds[two] += QUANTUM
            left = 0
    return None if left else seconds
