"""The routine model: what a routine file means once it has been read and checked.

A :class:`Routine` is an ordered list of :class:`Segment` objects, each one region worked with one
technique for a time. A segment with ``sides: both`` is done twice, left then right, so the model also
offers :attr:`Routine.steps`: the flat list of timed pieces the session engine walks through, each preceded
by ``transition`` seconds of get-ready.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Literal

SideSpec = Literal["both", "left", "right", "none"]
Side = Literal["left", "right", "none"]
Pressure = Literal["light", "moderate", "firm"]

SIDE_SPECS: tuple[SideSpec, ...] = ("both", "left", "right", "none")
PRESSURES: tuple[Pressure, ...] = ("light", "moderate", "firm")

MIN_SEGMENT_SECONDS = 1
MAX_SEGMENT_SECONDS = 3600
DEFAULT_TRANSITION_SECONDS = 5
MAX_TRANSITION_SECONDS = 120

# The cue names a routine may give its own sound for (see the `sounds:` block).
CUE_NAMES: tuple[str, ...] = ("start", "halfway", "tick", "switch", "end", "finish")

_UNITS = re.compile(r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?(?:(?P<s>\d+)s?)?")
_CLOCK = re.compile(r"(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d)")


class DurationError(ValueError):
    """A duration that cannot be read; the message says what to write instead."""


def parse_duration(value: object) -> int:
    """Read a duration as whole seconds.

    Accepts ``90``, ``"90"``, ``"90s"``, ``"1m30s"``, ``"1m"``, ``"1:30"`` and ``"1:02:03"``. PyYAML
    reads an unquoted ``1:30`` as the base-60 integer 90, which this accepts as the number it is.
    Raises :class:`DurationError` for anything else; range checks are the caller's.
    """
    if isinstance(value, bool):
        raise DurationError(_HOW_TO_WRITE)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise DurationError(f"{value!r} is not a whole number of seconds; {_HOW_TO_WRITE}")
    if not isinstance(value, str):
        raise DurationError(_HOW_TO_WRITE)
    text = value.strip().lower().replace(" ", "")
    if text.startswith("-") and _parse_text(text[1:]) is not None:
        return -(_parse_text(text[1:]) or 0)
    seconds = _parse_text(text)
    if seconds is None:
        raise DurationError(f"cannot read {value!r} as a duration; {_HOW_TO_WRITE}")
    return seconds


_HOW_TO_WRITE = 'write seconds like 90, 90s, 1m30s or "1:30"'


def _parse_text(text: str) -> int | None:
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    if match:
        return int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + int(match["s"])
    match = _UNITS.fullmatch(text)
    if match and any(match.group(unit) for unit in "hms"):
        if text[-1].isdigit() and (match["h"] or match["m"]):
            return None  # "1m30" is ambiguous: ask for "1m30s"
        return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0)
    return None


def format_seconds(seconds: float) -> str:
    """Format a span as ``M:SS`` (or ``H:MM:SS`` from an hour), rounding up part seconds."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def describe_seconds(seconds: int) -> str:
    """Say a span in words, as the spoken and plain-text cues do: ``1 minute 30 seconds``."""
    minutes, secs = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class Segment:
    """One entry of a routine's ``segments`` list, as written."""

    region: str
    technique: str
    seconds: int
    sides: SideSpec = "none"
    tool: str | None = None
    pressure: Pressure | None = None
    note: str | None = None
    line: int = 0
    """The line of the file where this segment begins (0 when it was not read from a file)."""


@dataclass(frozen=True)
class Step:
    """One timed piece of a session: a segment on one side, preceded by a get-ready."""

    index: int
    segment_index: int
    region: str
    technique: str
    side: Side
    seconds: int
    tool: str | None
    pressure: Pressure | None
    note: str | None
    switches_side: bool
    """True for the second side of a ``sides: both`` segment: the get-ready before it is a side switch."""


@dataclass(frozen=True)
class Routine:
    """A checked routine, ready to run."""

    id: str
    name: str
    segments: tuple[Segment, ...]
    description: str = ""
    transition: int = DEFAULT_TRANSITION_SECONDS
    source: Path | None = None
    content_hash: str = ""
    sounds: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))
    lint_ignore: frozenset[str] = frozenset()

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The segments with ``sides: both`` expanded into left then right."""
        steps: list[Step] = []
        for seg_index, seg in enumerate(self.segments):
            sides: tuple[Side, ...] = ("left", "right") if seg.sides == "both" else (seg.sides,)
            for n, side in enumerate(sides):
                steps.append(
                    Step(
                        index=len(steps),
                        segment_index=seg_index,
                        region=seg.region,
                        technique=seg.technique,
                        side=side,
                        seconds=seg.seconds,
                        tool=seg.tool,
                        pressure=seg.pressure,
                        note=seg.note,
                        switches_side=n > 0,
                    )
                )
        return tuple(steps)

    @property
    def work_seconds(self) -> int:
        """Seconds of massage, get-ready excluded."""
        return sum(step.seconds for step in self.steps)

    @property
    def total_seconds(self) -> int:
        """Seconds on the clock: the work plus a get-ready before every step."""
        return self.work_seconds + self.transition * len(self.steps)

    def step_start(self, index: int) -> int:
        """Seconds from the start of the session to the start of step ``index``'s work."""
        before = self.steps[:index]
        return sum(s.seconds for s in before) + self.transition * (index + 1)

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions worked, in order of first appearance."""
        return tuple(dict.fromkeys(seg.region for seg in self.segments))
