"""Adapting a routine to the body: a step that hurt in 2 of the last 3 sessions gets a lighter option.

The lighter option is, in this order, one step lighter pressure (firm to moderate to light), a softer tool
(lacrosse ball to tennis ball to soft ball; ``positions.TOOLS`` lists them softest first), or less time.
The pressure comes first because the self-treatment guidance in CONTENT-SOURCES.md ("Trigger-point
self-treatment", Simons' pressure release) is to use part of your weight and stay at no more than 5-6 out of
10; less time comes last because a shorter step may fall below its dose (``dosing.dose_range``).
:func:`lighter_copy` writes the change into a copy of the routine; the original is never touched.

Core module: no Textual here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from unknot.learning.outcomes import Rated
from unknot.model import catalog
from unknot.model.dosing import dose_range
from unknot.model.positions import TOOLS, tool_id
from unknot.model.routine import Pressure, Routine, Segment, format_seconds

WINDOW = 3
"""How many of the routine's latest sessions are looked at."""
HURT_IN = 2
"""In how many of them a step must have been marked "this hurts"."""
_LIGHTER: dict[str, Pressure] = {"firm": "moderate", "moderate": "light"}
_SOFTER = {"lacrosse_ball": "tennis_ball", "tennis_ball": "soft_ball", "double_ball": "tennis_ball"}


@dataclass(frozen=True)
class Advice:
    """What to suggest for one segment of a routine."""

    segment: int
    hurt_in: int
    out_of: int
    change: str
    """``pressure``, ``tool`` or ``time``."""
    suggestion: str
    """``lighter pressure (moderate, not firm)``."""
    lighter: Segment
    """The segment with the change made."""

    @property
    def get_ready_line(self) -> str:
        """The words the get-ready shows above the step's own instruction."""
        return (
            f"Hurt in {self.hurt_in} of your last {self.out_of} sessions: try {self.suggestion}; "
            "ease off if it still hurts."
        )


def hurt_counts(sessions: Sequence[Rated], routine_id: str) -> tuple[Counter[int], int]:
    """How often each step index was marked "this hurts" in the routine's last sessions, and how many."""
    latest = [s for s in sessions if s.routine_id == routine_id][-WINDOW:]
    counts: Counter[int] = Counter()
    for s in latest:
        counts.update(set(s.hurts))
    return counts, len(latest)


def _lighter(segment: Segment) -> tuple[str, str, Segment] | None:
    pressure = segment.pressure or catalog.TECHNIQUES[segment.technique].pressure
    if pressure in _LIGHTER:
        lighter = _LIGHTER[pressure]
        return (
            "pressure",
            f"lighter pressure ({lighter}, not {pressure})",
            replace(segment, pressure=lighter),
        )
    tool = tool_id(segment.tool or "") or segment.tool or ""  # an id, or a routine's older tool words
    if tool in _SOFTER:
        softer = TOOLS[_SOFTER[tool]].name
        was = TOOLS[tool].name
        return "tool", f"a softer tool ({softer}, not {was})", replace(segment, tool=softer)
    low = dose_range(segment.technique, tool or "hands").low
    shorter = (
        max(low, round(segment.seconds * 2 / 3 / 5) * 5)
        if segment.seconds > low
        else segment.seconds * 2 // 3
    )
    if shorter < 5 or shorter >= segment.seconds:
        return None
    was, now = format_seconds(segment.seconds), format_seconds(shorter)
    return "time", f"less time ({now}, not {was})", replace(segment, seconds=shorter)


def advise(routine: Routine, sessions: Sequence[Rated]) -> dict[int, Advice]:
    """Advice by step index, for each step that hurt in 2 of the routine's last 3 sessions."""
    counts, seen = hurt_counts(sessions, routine.id)
    steps = routine.steps
    out: dict[int, Advice] = {}
    for index, times in counts.items():
        if times < HURT_IN or not 0 <= index < len(steps):
            continue
        seg_index = steps[index].segment_index
        change = _lighter(routine.segments[seg_index])
        if change is not None:
            out[index] = Advice(seg_index, times, seen, change[0], change[1], change[2])
    return out


def lighter_routine(routine: Routine, advice: Mapping[int, Advice], new_id: str) -> Routine:
    """A copy of ``routine`` with every advised segment made lighter, as a user routine ``new_id``."""
    segments = list(routine.segments)
    for a in advice.values():
        segments[a.segment] = a.lighter
    return replace(
        routine, id=new_id, name=f"{routine.name} (lighter)", segments=tuple(segments), source=None
    )


def copy_name(routine_id: str, taken: Sequence[str]) -> str:
    """``quick-relief-5-lighter``, or ``-lighter-2`` and on when that is taken."""
    base = f"{routine_id.removesuffix('-lighter')}-lighter"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def save_lighter_copy(routine: Routine, advice: Mapping[int, Advice], folder: Path) -> Path:
    """Write the lighter copy into ``folder`` (the user's routines), checked by the loader first; its path.

    Raises :class:`~unknot.errors.RoutineError` if the copy would not load (then nothing is written) and
    :class:`OSError` if it cannot be written.
    """
    from unknot.routine_files.builder import routine_yaml
    from unknot.routine_files.loader import parse_routine

    taken = [p.stem for p in folder.glob("*.yaml")] if folder.is_dir() else []
    new_id = copy_name(routine.id, taken)
    copy = lighter_routine(routine, advice, new_id)
    changes = sorted({f"segment {a.segment + 1}: {a.suggestion}" for a in advice.values()})
    header = [f"A lighter copy of {routine.id}, made by unknot after steps that hurt.", *changes]
    text = routine_yaml(copy, header)
    target = folder / f"{new_id}.yaml"
    parse_routine(text.encode("utf-8"), target)  # a RoutineError here stops before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as file:  # never over a file that appeared meanwhile
        file.write(text)
    return target
