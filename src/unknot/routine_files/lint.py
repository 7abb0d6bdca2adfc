"""Lint: things in a valid routine that are probably not what its author meant.

A warning never stops a routine from running; ``unknot validate`` prints warnings and still exits 0, and
the picker shows them under the routine. Each warning has an id from
:data:`unknot.routine_files.loader.LINT_IDS`, and
a routine silences the ones it means with ``lint: {ignore: [id, ...]}``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from unknot.model import catalog
from unknot.model.dosing import dose_range
from unknot.model.instructions import SETUP_VARIANTS
from unknot.model.positions import POSITIONS, TOOLS, default_setup
from unknot.model.routine import Routine, Segment
from unknot.safetext import safe

REGION_SHARE_LIMIT = 0.40
"""One region taking more than this share of the work time crowds out the rest."""
DEEP = 3
"""The :attr:`~unknot.model.catalog.Technique.depth` that counts as deep work needing a warm-up."""


@dataclass(frozen=True)
class LintWarning:
    """One warning about a routine, at the line of the segment it is about."""

    id: str
    message: str
    line: int
    column: int = 1
    path: Path | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: " if self.path is not None else f"{self.line}: "
        return safe(f"{where}warning: {self.message} [{self.id}]")


Warning = LintWarning  # the name the issue uses; LintWarning avoids confusion with the builtin
"""Alias of :class:`LintWarning`."""


def lint(routine: Routine) -> list[LintWarning]:
    """Every warning about ``routine`` that it does not silence, in line order; pure (reads no files)."""
    found = [
        *_no_warm_up(routine),
        *_region_over_40(routine),
        *_dose(routine),
        *_unpaired_sides(routine),
        *_setup_words(routine),
    ]
    kept = [w for w in found if w.id not in routine.lint_ignore and not _silenced_short(w, routine)]
    return sorted(kept, key=lambda w: (w.line, w.id))


def _warning(routine: Routine, segment: Segment, rule: str, message: str) -> LintWarning:
    return LintWarning(rule, message, max(segment.line, 1), 1, routine.source)


def _region(region_id: str) -> str:
    return catalog.REGIONS[region_id].name.lower()


def _no_warm_up(routine: Routine) -> list[LintWarning]:
    # A lighter stroke on the same region, or anywhere on the lower back (where every built-in starts),
    # counts as the warm-up: deep pressure on cold muscle is what hurts.
    warmed: set[str] = set()
    found = []
    for seg in routine.segments:
        technique = catalog.TECHNIQUES[seg.technique]
        deep = technique.depth >= DEEP or seg.technique == "trigger_point"
        if deep and seg.region not in warmed and "lumbar" not in warmed:
            found.append(
                _warning(
                    routine,
                    seg,
                    "no-warm-up",
                    f"{technique.name.lower()} on the {_region(seg.region)} with no lighter work before it;"
                    " start with swedish or myofascial_release on this region or the lower back",
                )
            )
        if technique.depth < DEEP:
            warmed.add(seg.region)
    return found


def _region_over_40(routine: Routine) -> list[LintWarning]:
    # A routine on one region only is that by design; the share matters when it crowds out others.
    if len(routine.regions) < 2 or routine.work_seconds <= 0:
        return []
    seconds: dict[str, int] = defaultdict(int)
    for step in routine.steps:
        seconds[step.region] += step.seconds
    found = []
    for region, spent in seconds.items():
        share = spent / routine.work_seconds
        if share > REGION_SHARE_LIMIT:
            first = next(seg for seg in routine.segments if seg.region == region)
            found.append(
                _warning(
                    routine,
                    first,
                    "region-over-40",
                    # Worded so the verb agrees with any region name ("the hamstrings").
                    f"{share:.0%} of the work time goes to the {_region(region)} (over 40%);"
                    " shorten that work or give other regions more time",
                )
            )
    return found


def _silenced_short(warning: LintWarning, routine: Routine) -> bool:
    # Files written before the dose ranges silenced short steps as "short-segment"; that still holds
    # for a step under its range (never for one over it).
    return warning.id == "dose" and "short-segment" in routine.lint_ignore and " under " in warning.message


def _dose(routine: Routine) -> list[LintWarning]:
    found = []
    for seg_index, seg in enumerate(routine.segments):
        step = next(s for s in routine.steps if s.segment_index == seg_index)
        allowed = dose_range(seg.technique, step.tool, seg.region)
        if seg.seconds in allowed:
            continue
        where = "under" if seg.seconds < allowed.low else "over"
        fix = f"make it at least {allowed.low} s" if where == "under" else f"keep it to {allowed.high} s"
        technique = catalog.TECHNIQUES[seg.technique].name.lower()
        span = f"{allowed.low}-{allowed.high}" if allowed.low < allowed.high else str(allowed.high)
        found.append(
            _warning(
                routine,
                seg,
                "dose",
                f"{seg.seconds} s of {technique} on the {_region(seg.region)} is {where} the"
                f" {span} s a step of {allowed.basis} wants; {fix}"
                + (" (or split it into two steps)" if where == "over" else ""),
            )
        )
    return found


def _unpaired_sides(routine: Routine) -> list[LintWarning]:
    # Left and right segments of the same region and technique pair up in order; any left over is
    # one side of the body worked without the other.
    lefts: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    rights: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for seg in routine.segments:
        if seg.sides == "left":
            lefts[seg.region, seg.technique].append(seg)
        elif seg.sides == "right":
            rights[seg.region, seg.technique].append(seg)
    found = []
    for key in {*lefts, *rights}:
        left, right = lefts[key], rights[key]
        pairs = min(len(left), len(right))
        for seg in left[pairs:] + right[pairs:]:
            other = "right" if seg.sides == "left" else "left"
            found.append(
                _warning(
                    routine,
                    seg,
                    "unpaired-side",
                    f"{seg.sides} {seg.technique} on the {_region(seg.region)} has no matching {other} side;"
                    f" add one or write 'sides: both'",
                )
            )
    return found


def _setup_words(routine: Routine) -> list[LintWarning]:
    # A step set up otherwise than its pair's default, with no note, would be told to lie on its back
    # while its get-ready says to stand at a wall: the words must match the body's position and tool.
    found = []
    for seg_index, seg in enumerate(routine.segments):
        step = next(s for s in routine.steps if s.segment_index == seg_index)
        position, tool = default_setup(seg.region, seg.technique)
        described = (position, tool) == step.setup or (
            seg.region,
            seg.technique,
            *step.setup,
        ) in SETUP_VARIANTS
        if seg.note or described:
            continue
        found.append(
            _warning(
                routine,
                seg,
                "setup-words",
                f"the {_region(seg.region)} step is set up {POSITIONS[step.position].name.lower()} with "
                f"{TOOLS[step.tool].name}, but its instruction is for {POSITIONS[position].name.lower()} "
                f"with {TOOLS[tool].name}; add a note: that says how to do it this way",
            )
        )
    return found
