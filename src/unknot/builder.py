"""Compose a routine of an exact length that covers every region, as ``unknot build`` does.

The shape follows the article: Swedish strokes on the lower back to warm up, then one segment of deeper
work on each other region in catalog order (left then right for the sided ones), and a gentle Swedish
finish on the lower back. Every region gets an equal share of the work time, a focus region twice that
(from 1.8 to 2.25 times any other region's once the seconds are whole, at every length).

The arithmetic is exact: ``steps x transition + work`` is ``minutes x 60`` to the second. Every step lasts
at least 15 s where the minutes allow it: the get-ready shrinks from 5 s to as little as 1 s first, and
when even that is not enough (3 and 4 minutes; up to 8 minutes with many focus regions, see
:func:`full_steps_minutes`) the steps are as long as the time allows with the focus kept, so ``validate``
reports them as short segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from unknot import catalog
from unknot.lint import SHORT_SEGMENT_SECONDS
from unknot.routine import DEFAULT_TRANSITION_SECONDS, Routine, Segment
from unknot.yamlsafe import unknown_message

MIN_MINUTES = 3
MAX_MINUTES = 60
MIN_TRANSITION_SECONDS = 1
"""The least get-ready the builder leaves: a moment to read what comes next and move the ball."""
FOCUS_WEIGHT = 2
"""A focus region gets this many times the time of any other region."""
MIN_FOCUS_RATIO = 1.8
MAX_FOCUS_RATIO = 2.25
"""How far whole seconds may take a focus region from twice the time of any other region, either way."""

WARM_UP_REGION = "lumbar"
GENTLE = "swedish"
# The deeper technique for each region: firm where the built-ins work firmly, myofascial release where
# a nerve or blood vessels run close (hip flexors) or a roller is the natural tool (thighs, whole seat).
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
TOOLS: dict[str, str] = {
    "swedish": "hands",
    "myofascial_release": "foam roller",
    "deep_tissue": "lacrosse ball",
    "trigger_point": "tennis ball",
}


class BuildError(ValueError):
    """A build request that cannot be met; the message says what to ask for instead."""


@dataclass(frozen=True)
class _Slot:
    region: str
    technique: str
    steps: int  # 2 for a sided region (sides: both), 1 otherwise


def _region_id(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def parse_focus(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Region ids from ``"piriformis,hamstrings"`` (or a list), checked against the catalog."""
    if text is None:
        return ()
    parts = text.split(",") if isinstance(text, str) else list(text)
    # As people type them: "Piriformis", "hip-flexors", "hip flexors", spaces after commas.
    ids = [_region_id(part) for part in parts if part.strip()]
    for region in ids:
        if region not in catalog.REGIONS:
            raise BuildError(unknown_message("focus region", region, list(catalog.REGIONS)))
    return tuple(dict.fromkeys(ids))


@cache
def _slots() -> tuple[_Slot, ...]:
    middle = [
        _Slot(r.id, DEEPER.get(r.id, "myofascial_release"), 2 if r.sided else 1)
        for r in catalog.REGIONS.values()
        if r.id != WARM_UP_REGION
    ]
    return (_Slot(WARM_UP_REGION, GENTLE, 1), *middle, _Slot(WARM_UP_REGION, GENTLE, 1))


def choose_transition(minutes: int, steps: int, units: int) -> int:
    """The get-ready: 5 s, or less when that leaves a step under 15 s; at least 1 s.

    ``units`` is the sum of the regions' weights (a focus region counts twice). Every region has two
    steps, and one outside the focus is the shortest, so 15 s steps need ``2 x 15 s x units`` of work.
    """
    for transition in range(DEFAULT_TRANSITION_SECONDS, MIN_TRANSITION_SECONDS - 1, -1):
        if minutes * 60 - steps * transition >= 2 * SHORT_SEGMENT_SECONDS * units:
            return transition
    return MIN_TRANSITION_SECONDS


def full_steps_minutes(focus: Iterable[str] = ()) -> int:
    """The fewest minutes from which every step of a build with this focus lasts 15 s or more."""
    steps = sum(slot.steps for slot in _slots())
    needed = 2 * SHORT_SEGMENT_SECONDS * sum(_weights(focus).values()) + steps * MIN_TRANSITION_SECONDS
    return max(MIN_MINUTES, -(-needed // 60))


def _weights(focus: Iterable[str]) -> dict[str, int]:
    """Each region's weight, lower back first: 2 for a focus region, else 1; all 1 when all are focus."""
    regions = [WARM_UP_REGION, *(slot.region for slot in _slots()[1:-1])]
    focused = set(focus)
    if focused >= set(regions):
        focused = set()  # twice the time for everyone is the same time for everyone
    return {region: FOCUS_WEIGHT if region in focused else 1 for region in regions}


def plan_seconds(minutes: int, focus: Iterable[str] = ()) -> tuple[int, list[int]]:
    """The transition and the seconds of each segment of the built routine (warm-up first, finish last).

    Each region has two steps (left and right, or the lower back's warm-up and finish), so a region's
    share of the work is its weight over the sum of the weights. The shortest step is one outside the
    focus; it gets 15 s where the minutes allow, and otherwise what its share gives, so that a focus
    region keeps about twice the time even when every step is short.
    """
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BuildError(f"--minutes must be from {MIN_MINUTES} to {MAX_MINUTES}, not {minutes}")
    steps = sum(slot.steps for slot in _slots())
    weights = _weights(focus)
    units = sum(weights.values())
    transition = choose_transition(minutes, steps, units)
    work = minutes * 60 - steps * transition
    share = {region: work * weight / units for region, weight in weights.items()}
    floor = max(1, min(SHORT_SEGMENT_SECONDS, work // (2 * units)))
    # Whole multiples of 5 s read better; they add up exactly whenever the work time is one too. When
    # that rounding is too coarse to keep a focus at about twice the time (short steps), whole seconds
    # are used, and when even those round badly, a small search picks them.
    quanta = (5, 1) if work % 5 == 0 and floor % 5 == 0 else (1,)
    for quantum in quanta:
        seconds = _split(work, share, weights, floor, quantum)
        if _keeps_focus(seconds, weights):
            return transition, seconds
        found = _search(work, share, weights, floor, quantum)
        if found is not None:
            return transition, found
    return transition, seconds


def _split(
    work: int, share: dict[str, float], weights: dict[str, int], floor: int, quantum: int
) -> list[int]:
    """The seconds per segment (warm-up, middle regions, finish), in multiples of ``quantum``."""
    middle = _slots()[1:-1]
    per_step = {s.region: max(floor, int(share[s.region] // (s.steps * quantum)) * quantum) for s in middle}
    lumbar = work - sum(per_step[s.region] * s.steps for s in middle)

    # Rounding down left the lower back with the odd seconds; hand them back, a quantum at a time, to
    # the region furthest below its share in proportion, while the lower back stays at or near its own.
    # A region whose extra quantum would take the sided regions off the focus ratio waits its turn.
    def deficit(slot: _Slot) -> float:
        return (share[slot.region] - per_step[slot.region] * slot.steps) / share[slot.region]

    def keeps_ratio(slot: _Slot) -> bool:
        # The lower back counts once it is in the focus; outside it, it is the slack that shrinks.
        totals = {s.region: per_step[s.region] * s.steps for s in middle}
        totals[slot.region] += slot.steps * quantum
        if weights[WARM_UP_REGION] > 1:
            totals[WARM_UP_REGION] = lumbar - slot.steps * quantum
        least, most = focus_ratios(totals, {r: weights[r] for r in totals})
        return least >= MIN_FOCUS_RATIO and most <= MAX_FOCUS_RATIO

    while True:
        ranked = sorted(middle, key=deficit, reverse=True)
        slot = next((s for s in ranked if keeps_ratio(s)), ranked[0])
        give = slot.steps * quantum
        if lumbar - give < 2 * floor or lumbar - give < share[WARM_UP_REGION] - give / 2:
            break
        per_step[slot.region] += quantum
        lumbar -= give
    return _with_lumbar(lumbar, [per_step[s.region] for s in middle], quantum)


def _with_lumbar(lumbar: int, middle: list[int], quantum: int = 1) -> list[int]:
    """The segment list: the lower back's seconds split into warm-up (the larger half) and finish."""
    warm_up = quantum * -(-lumbar // (2 * quantum))
    return [warm_up, *middle, lumbar - warm_up]


def _search(
    work: int, share: dict[str, float], weights: dict[str, int], floor: int, quantum: int
) -> list[int] | None:
    """Steps in multiples of ``quantum`` that keep a focus at about twice the time, where rounding
    each share on its own does not; None when no such steps are found.

    The sided regions in the focus share one sum of seconds per side, as evenly as the quantum goes,
    and so do those outside it; the lower back takes the rest. Each pair of sums near the shares is
    tried; of the plans that keep the focus ratio and every step at ``floor`` s or more (failing that,
    ``quantum`` s or more), the one nearest the shares wins.
    """
    middle = [s.region for s in _slots()[1:-1]]
    focus = [r for r in middle if weights[r] > 1]
    rest = [r for r in middle if weights[r] == 1]
    lumbar_share = share[WARM_UP_REGION]
    lumbar_in_focus = weights[WARM_UP_REGION] > 1

    def near(regions: list[str]) -> range:
        if not regions:
            return range(1)
        per_side = int(sum(share[r] for r in regions) / 2 / quantum)
        spread = len(regions) + 2
        return range(max(1, per_side - spread), per_side + spread + 1)

    def group(regions: list[str], chunks: int) -> tuple[int, int, float]:
        """The least and most total seconds of a region of the group, and the worst relative error."""
        if not regions:
            return 0, 0, 0.0
        base, extra = divmod(chunks, len(regions))
        low, high = 2 * quantum * base, 2 * quantum * (base + (1 if extra else 0))
        target = share[regions[0]]  # a group's regions have the same weight, so the same share
        return low, high, max(abs(low - target), abs(high - target)) / target

    for least in dict.fromkeys((max(floor, quantum), quantum)):
        best: tuple[float, int, int] | None = None
        for focus_sum in near(focus):
            f_low, f_high, f_error = group(focus, focus_sum)
            for rest_sum in near(rest):
                r_low, r_high, r_error = group(rest, rest_sum)
                lumbar = work - 2 * quantum * (focus_sum + rest_sum)
                if lumbar < 2 * least or (focus and f_low < 2 * least) or (rest and r_low < 2 * least):
                    continue
                lows = [f_low] if focus else []
                highs = [f_high] if focus else []
                others_low = [r_low] if rest else []
                others_high = [r_high] if rest else []
                (lows if lumbar_in_focus else others_low).append(lumbar)
                (highs if lumbar_in_focus else others_high).append(lumbar)
                if lows and others_low:
                    if min(lows) < MIN_FOCUS_RATIO * max(others_high):
                        continue
                    if max(highs) > MAX_FOCUS_RATIO * min(others_low):
                        continue
                error = max(f_error, r_error, abs(lumbar - lumbar_share) / lumbar_share)
                if best is None or error < best[0]:
                    best = (error, focus_sum, rest_sum)
        if best is not None:
            _, focus_sum, rest_sum = best
            per = {**_spread(focus, focus_sum, quantum), **_spread(rest, rest_sum, quantum)}
            lumbar = work - 2 * quantum * (focus_sum + rest_sum)
            return _with_lumbar(lumbar, [per[r] for r in middle], quantum)
    return None


def _spread(regions: list[str], chunks: int, quantum: int) -> dict[str, int]:
    """``chunks`` quanta over ``regions`` as evenly as they go, the first ones rounded up."""
    if not regions:
        return {}
    base, extra = divmod(chunks, len(regions))
    return {region: quantum * (base + (1 if n < extra else 0)) for n, region in enumerate(regions)}


def region_totals(seconds: Sequence[int]) -> dict[str, int]:
    """Each region's work time from :func:`plan_seconds`'s list (sided regions count twice)."""
    totals: dict[str, int] = {}
    for slot, secs in zip(_slots(), seconds, strict=True):
        totals[slot.region] = totals.get(slot.region, 0) + secs * slot.steps
    return totals


def focus_ratios(totals: dict[str, int], weights: dict[str, int]) -> tuple[float, float]:
    """The least and the most a focus region gets over another region: (min/max, max/min) of times."""
    focused = [totals[r] for r, w in weights.items() if w > 1]
    others = [totals[r] for r, w in weights.items() if w == 1]
    if not focused or not others:
        return float(FOCUS_WEIGHT), float(FOCUS_WEIGHT)
    return min(focused) / max(others), max(focused) / min(others)


def _keeps_focus(seconds: Sequence[int], weights: dict[str, int]) -> bool:
    least, most = focus_ratios(region_totals(seconds), weights)
    return least >= MIN_FOCUS_RATIO and most <= MAX_FOCUS_RATIO


def build_routine(
    minutes: int,
    focus: Iterable[str] = (),
    *,
    routine_id: str = "custom",
    name: str | None = None,
    label: str | None = None,
    tool: str | None = None,
) -> Routine:
    """A routine of exactly ``minutes`` on the clock over every region; see the module docstring.

    ``name`` is the display name as is; without it the name is made from ``label`` (the ``--name``
    given to ``unknot build``, else "Custom"), the minutes and the focus regions, so that several built
    routines tell apart in ``unknot list``. ``tool`` replaces the default tool of the deeper segments
    (Swedish strokes stay by hand). Raises :class:`BuildError` for minutes out of range or an unknown
    focus region.
    """
    focused = parse_focus(list(focus))
    transition, seconds = plan_seconds(minutes, focused)
    segments = []
    for slot, secs in zip(_slots(), seconds, strict=True):
        technique = catalog.TECHNIQUES[slot.technique]
        gentle = slot.technique == GENTLE
        segments.append(
            Segment(
                region=slot.region,
                technique=slot.technique,
                seconds=secs,
                sides="both" if slot.steps == 2 else "none",
                tool=TOOLS[slot.technique] if gentle or not tool else tool,
                pressure=technique.pressure,
            )
        )
    names = _and(catalog.REGIONS[r].short_name.lower() for r in focused)
    description = "Warm up the lower back, work every region in turn, and finish gently."
    if names:
        description += f" Extra time for the {names}."
    return Routine(
        id=routine_id,
        name=name or display_name(minutes, focused, label),
        segments=tuple(segments),
        description=description,
        transition=transition,
    )


def display_name(minutes: int, focus: Iterable[str] = (), label: str | None = None) -> str:
    """``hips-15, 15 min, focus on piriformis and hamstrings``; ``Custom, 10 min`` with no label or focus."""
    names = _and(catalog.REGIONS[r].short_name.lower() for r in focus)
    return f"{label or 'Custom'}, {minutes} min" + (f", focus on {names}" if names else "")


def _and(words: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _duration_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs}s"
    return f"{minutes}m{secs}s" if secs else f"{minutes}m"


def _scalar(text: str) -> str:
    """``text`` as a YAML value on one line: plain where YAML reads it back as the same text."""
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6, default_flow_style=True)
    # safe_dump ends a plain scalar document with "\n...\n" and quotes whatever needs quoting.
    one_line = dumped.removesuffix("\n").removesuffix("\n...")
    if "\n" in one_line:
        return json_string(text)
    return one_line


def json_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's too)."""
    import json

    return json.dumps(text, ensure_ascii=True)


def arithmetic_comment(routine: Routine) -> list[str]:
    """Comment lines that show the sum, as the built-in routines do: steps, get-ready, work, total."""
    steps, getready = len(routine.steps), routine.transition * len(routine.steps)
    return [
        f"Steps: {steps}; {steps} x {routine.transition} s get-ready = {getready} s.",
        f"Work: {routine.work_seconds} s. Total: {getready} + {routine.work_seconds}"
        f" = {routine.total_seconds} s = {routine.total_seconds // 60}:{routine.total_seconds % 60:02d}.",
    ]


def routine_yaml(routine: Routine, header: Sequence[str] = ()) -> str:
    """The routine as the text of a routine file, each ``header`` line written as a comment on top."""
    lines = [f"# {line}".rstrip() for line in header]
    lines.append(f"name: {_scalar(routine.name)}")
    if routine.description:
        lines.append(f"description: {_scalar(routine.description)}")
    lines.append(f"transition: {routine.transition}s")
    lines.append("segments:")
    for seg in routine.segments:
        lines.append(f"  - region: {seg.region}")
        lines.append(f"    technique: {seg.technique}")
        lines.append(f"    duration: {_duration_text(seg.seconds)}")
        if seg.sides != "none":
            lines.append(f"    sides: {seg.sides}")
        if seg.tool:
            lines.append(f"    tool: {_scalar(seg.tool)}")
        if seg.pressure:
            lines.append(f"    pressure: {seg.pressure}")
        if seg.note:
            lines.append(f"    note: {_scalar(seg.note)}")
    if routine.lint_ignore:
        lines.append(f"lint: {{ignore: [{', '.join(sorted(routine.lint_ignore))}]}}")
    return "\n".join(lines) + "\n"
