"""The routine model: what a routine file means once it has been read and checked.

A :class:`Routine` is an ordered list of :class:`Segment` objects, each one region worked with one
technique for a time. A segment with ``sides: both`` is done twice, left then right, so the model also
offers :attr:`Routine.steps`: the flat list of timed pieces the session engine walks through, each preceded
by a get-ready: the routine's ``transition``, or longer when the step needs another position or tool
(:func:`unknot.model.positions.setup_seconds`), or the segment's own ``get_ready``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from unknot.model.dosing import Phase, phases
from unknot.model.positions import default_setup, setup_seconds

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
CUE_NAMES: tuple[str, ...] = ("start", "halfway", "tick", "switch", "end", "finish", "phase")

# The one grammar of a duration written as text, shared by the loader (here) and the JSON Schema
# (:data:`DURATION_PATTERN`), so that the two cannot disagree. Digits are ASCII 0-9 only (Python's
# ``\d`` and ``int()`` also take "٩٠" or fullwidth "１２"); letters are matched case by case rather than
# with re.IGNORECASE, which in Python also lets the long s "ſ" stand for "s". Spaces may stand around a
# unit ("90 s", "1m 30s", "2 min", "1h 0m") but not inside a number or a clock time.
_DURATION_SOURCE = (
    r"^ *(?:(?P<n>[0-9]+)"
    r"|(?:(?P<ch>[0-9]+):)?(?P<cm>[0-9]+):(?P<cs>[0-5][0-9])"
    r"|(?=[0-9])(?:(?P<h>[0-9]+) *[hH] *)?(?:(?P<m>[0-9]+) *[mM](?:[iI][nN])? *)?(?:(?P<s>[0-9]+) *[sS])?"
    r") *$"
)
_DURATION = re.compile(_DURATION_SOURCE)
DURATION_PATTERN = re.sub(r"\(\?P<\w+>", "(?:", _DURATION_SOURCE)
""":data:`_DURATION_SOURCE` with plain groups: a regex that JSON Schema (ECMA-262) and Python read alike.

A number left bare after h or m (``1m30``) matches neither, as it is ambiguous: write ``1m30s``.
"""


class DurationError(ValueError):
    """A duration that cannot be read; the message says what to write instead."""


def parse_duration(value: object) -> int:
    """Read a duration as whole seconds.

    Accepts ``90``, ``"90"``, ``"90s"``, ``"1m30s"``, ``"1m 30s"``, ``"2 min"``, ``"1:30"`` and
    ``"1:02:03"``, in ASCII digits only. PyYAML reads an unquoted ``1:30`` as the base-60 integer 90,
    which this accepts as the number it is (the loader checks how a YAML number was spelled, as only it
    sees the source). Raises :class:`DurationError` for anything else; range checks are the caller's.
    """
    if isinstance(value, bool):
        raise DurationError(DURATION_HINT)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise DurationError(f"{value!r} is not a whole number of seconds; {DURATION_HINT}")
    if not isinstance(value, str):
        raise DurationError(DURATION_HINT)
    text = value.strip(" ")
    odd = odd_number(text)
    if odd is not None:
        raise DurationError(f"{value!r} {odd}")
    if text.startswith("-") and _parse_text(text[1:]) is not None:
        return -(_parse_text(text[1:]) or 0)
    seconds = _parse_text(text)
    if seconds is None:
        raise DurationError(f"cannot read {value!r} as a duration; {DURATION_HINT}")
    return seconds


DURATION_HINT = 'write seconds like 90, 90s, 1m30s or "1:30"'
"""How to write a duration, the end of every message about one (the loader's too)."""


def _parse_text(text: str) -> int | None:
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    if match["n"] is not None:
        return int(match["n"])
    if match["cm"] is not None:
        return int(match["ch"] or 0) * 3600 + int(match["cm"]) * 60 + int(match["cs"])
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0)


_PREFIXED = {"x": ("a hexadecimal", 16), "o": ("an octal", 8), "b": ("a binary", 2)}


def odd_number(text: str) -> str | None:
    """What is wrong with ``text`` when it is a number spelled in a way durations do not take, else None.

    Those spellings are hexadecimal, octal and binary (``0x10``, ``0o20``, ``0b11``), digits grouped with
    ``_`` (``1_0``) and digits other than ASCII 0-9 (``٩٠``, ``１２``). The answer completes a sentence
    that starts with the value, such as "duration '0x10' ...", and says what to write instead.
    """
    body = text.strip(" ").lstrip("+-")
    if any(char.isdigit() and not char.isascii() for char in body):
        try:
            meant = f"like {int(body)}s" if len(body) <= 12 else "like 90s"
        except ValueError:
            meant = "like 90s"
        return f"uses digits other than 0-9; write it with the digits 0-9, {meant}"
    prefix = body[1:2].lower()
    if body[:1] == "0" and prefix in _PREFIXED and len(body) > 2:
        kind, base = _PREFIXED[prefix]
        return f"is {kind} number; durations are decimal, so write {_decimal(body, base)}"
    cleaned = body.replace("_", "")
    if "_" in body and cleaned.replace(":", "").replace(".", "").isdigit():
        like = f"{cleaned}s" if cleaned.isdigit() else f'"{cleaned}"' if ":" in cleaned else cleaned
        return f"has '_' between its digits; write the digits alone, like {like}"
    return None


def _decimal(body: str, base: int) -> str:
    try:
        value = int(body[2:].replace("_", ""), base)
    except ValueError:
        return "plain seconds like 90s"
    return f"{value}s" if value <= 10**6 else "plain seconds like 90s"


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
    """A tool id of :data:`unknot.model.positions.TOOLS`; None takes the default for the region and
    technique."""
    pressure: Pressure | None = None
    note: str | None = None
    line: int = 0
    """The line of the file where this segment begins (0 when it was not read from a file)."""
    position: str | None = None
    """A position id of :data:`unknot.model.positions.POSITIONS`; None takes the default."""
    get_ready: int | None = None
    """Seconds of get-ready before the segment's first step, instead of the computed set-up time."""


@dataclass(frozen=True)
class Step:
    """One timed piece of a session: a segment on one side, preceded by a get-ready."""

    index: int
    segment_index: int
    region: str
    technique: str
    side: Side
    seconds: int
    tool: str
    """The tool id, the segment's own or the default for the region and technique."""
    pressure: Pressure | None
    note: str | None
    switches_side: bool
    """True for the second side of a ``sides: both`` segment: the get-ready before it is a side switch."""
    position: str
    """The position id, the segment's own or the default for the region and technique."""
    get_ready: int
    """Seconds of get-ready before this step's work."""
    changes_setup: bool
    """True when this step needs another position or tool than the step before (or is the first)."""

    @property
    def setup(self) -> tuple[str, str]:
        """(position id, tool id)."""
        return (self.position, self.tool)

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases of the step's work (find, hold, release for a trigger point); empty for most."""
        return phases(self.technique, self.seconds)


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
        previous: tuple[str, str] | None = None
        for seg_index, seg in enumerate(self.segments):
            sides: tuple[Side, ...] = ("left", "right") if seg.sides == "both" else (seg.sides,)
            position, tool = default_setup(seg.region, seg.technique)
            setup = (seg.position or position, seg.tool or tool)
            for n, side in enumerate(sides):
                get_ready = setup_seconds(previous, setup, self.transition)
                if n == 0 and seg.get_ready is not None:
                    get_ready = seg.get_ready
                steps.append(
                    Step(
                        index=len(steps),
                        segment_index=seg_index,
                        region=seg.region,
                        technique=seg.technique,
                        side=side,
                        seconds=seg.seconds,
                        tool=setup[1],
                        pressure=seg.pressure,
                        note=seg.note,
                        switches_side=n > 0,
                        position=setup[0],
                        get_ready=get_ready,
                        changes_setup=setup != (previous or ("standing", "hands")),
                    )
                )
                previous = setup
        return tuple(steps)

    @property
    def work_seconds(self) -> int:
        """Seconds of massage, get-ready excluded."""
        return sum(step.seconds for step in self.steps)

    @property
    def setup_total(self) -> int:
        """Seconds of get-ready in the whole routine."""
        return sum(step.get_ready for step in self.steps)

    @property
    def total_seconds(self) -> int:
        """Seconds on the clock: the work plus the get-ready before every step."""
        return self.work_seconds + self.setup_total

    def step_start(self, index: int) -> int:
        """Seconds from the start of the session to the start of step ``index``'s work."""
        before = self.steps[:index]
        return sum(s.seconds for s in before) + sum(s.get_ready for s in self.steps[: index + 1])

    @property
    def equipment(self) -> tuple[str, ...]:
        """The tool ids the routine uses, in order of first use."""
        return tuple(dict.fromkeys(step.tool for step in self.steps))

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions worked, in order of first appearance."""
        return tuple(dict.fromkeys(seg.region for seg in self.segments))
