"""Compose a routine of an exact length that covers every region, as ``unknot build`` does.

The shape follows the article: Swedish strokes on the lower back to warm up, then one segment of deeper
work on each other region in catalog order (left then right for the sided ones), and a gentle Swedish
finish on the lower back. Every region gets an equal share of the work time, a focus region twice that.

The arithmetic is exact: ``steps x transition + work`` is ``minutes x 60`` to the second. Every step lasts
at least 15 s where the minutes allow it: the get-ready shrinks from 5 s to as little as 1 s first (5
minutes), and below that (3 and 4 minutes, with 18 steps) the steps are as long as the time allows, so
``validate`` reports them as short segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def parse_focus(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Region ids from ``"piriformis,hamstrings"`` (or a list), checked against the catalog."""
    if text is None:
        return ()
    parts = text.split(",") if isinstance(text, str) else list(text)
    ids = [part.strip() for part in parts if part.strip()]
    for region in ids:
        if region not in catalog.REGIONS:
            raise BuildError(unknown_message("focus region", region, list(catalog.REGIONS)))
    return tuple(dict.fromkeys(ids))


def _slots() -> list[_Slot]:
    middle = [
        _Slot(r.id, DEEPER.get(r.id, "myofascial_release"), 2 if r.sided else 1)
        for r in catalog.REGIONS.values()
        if r.id != WARM_UP_REGION
    ]
    return [_Slot(WARM_UP_REGION, GENTLE, 1), *middle, _Slot(WARM_UP_REGION, GENTLE, 1)]


def choose_transition(minutes: int, steps: int) -> int:
    """The get-ready: 5 s, or less when that leaves a step under 15 s; at least 1 s."""
    for transition in range(DEFAULT_TRANSITION_SECONDS, MIN_TRANSITION_SECONDS - 1, -1):
        if steps * (transition + SHORT_SEGMENT_SECONDS) <= minutes * 60:
            return transition
    return MIN_TRANSITION_SECONDS


def _shares(work: int, lows: dict[str, int], weights: dict[str, int]) -> dict[str, float]:
    """Split ``work`` seconds by weight, raising any region below its floor to it (water-filling)."""
    fixed: dict[str, float] = {}
    while True:
        free = [r for r in weights if r not in fixed]
        budget = work - sum(fixed.values())
        total_weight = sum(weights[r] for r in free)
        ideal = {r: budget * weights[r] / total_weight for r in free}
        under = [r for r in free if ideal[r] < lows[r]]
        if not under:
            return {**fixed, **ideal}
        for region in under:
            fixed[region] = float(lows[region])


def plan_seconds(minutes: int, focus: Iterable[str] = ()) -> tuple[int, list[int]]:
    """The transition and the seconds of each segment of the built routine (warm-up first, finish last)."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BuildError(f"--minutes must be from {MIN_MINUTES} to {MAX_MINUTES}, not {minutes}")
    focused = set(focus)
    slots = _slots()
    steps = sum(slot.steps for slot in slots)
    transition = choose_transition(minutes, steps)
    work = minutes * 60 - steps * transition
    floor = min(SHORT_SEGMENT_SECONDS, work // steps)
    # Whole multiples of 5 s read better; they add up exactly whenever the work time is one too.
    quantum = 5 if work % 5 == 0 and floor % 5 == 0 else 1
    middle = slots[1:-1]
    steps_of = {slot.region: slot.steps for slot in middle} | {WARM_UP_REGION: 2}
    weights = {r: FOCUS_WEIGHT if r in focused else 1 for r in steps_of}
    share = _shares(work, {r: n * floor for r, n in steps_of.items()}, weights)
    per_step = {s.region: max(floor, int(share[s.region] // (s.steps * quantum)) * quantum) for s in middle}
    lumbar = work - sum(per_step[s.region] * s.steps for s in middle)

    # Rounding down left the lower back with the odd seconds; hand them back, a quantum at a time, to
    # the region furthest below its share, while the lower back stays at or near its own share.
    def deficit(slot: _Slot) -> float:
        return (share[slot.region] - per_step[slot.region] * slot.steps) / slot.steps

    while True:
        slot = max(middle, key=deficit)
        give = slot.steps * quantum
        if lumbar - give < 2 * floor or lumbar - give < share[WARM_UP_REGION] - give / 2:
            break
        per_step[slot.region] += quantum
        lumbar -= give
    warm_up = quantum * -(-lumbar // (2 * quantum))
    return transition, [warm_up, *(per_step[s.region] for s in middle), lumbar - warm_up]


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
