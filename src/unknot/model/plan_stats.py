"""Figures about a plan, read from its ``show --json`` document: what a body has to do to follow it.

Used by ``scripts/routine_table.py`` and the tests of the built-in routines, so the rules they keep
(tool changes, moves between the floor and upright, holds inside their dose) are counted one way.
A session starts standing with nothing in hand, so a first step elsewhere counts as a change.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from unknot.model.dosing import dose_range
from unknot.model.positions import POSITIONS

START = ("standing", "hands")


def _steps(doc: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    steps: Sequence[Mapping[str, Any]] = doc["segments"]
    return steps


def tool_changes(doc: Mapping[str, Any]) -> int:
    """How often the tool in hand changes, the first pick-up included."""
    tools = [START[1], *(step["tool"] for step in _steps(doc))]
    return sum(1 for a, b in itertools.pairwise(tools) if a != b)


def placements(doc: Mapping[str, Any]) -> list[str]:
    """``upright`` or ``floor`` per step."""
    return [POSITIONS[step["position"]].placement for step in _steps(doc)]


def moves(doc: Mapping[str, Any]) -> int:
    """Moves between the floor and upright (down or up), from standing at the start."""
    where = [POSITIONS[START[0]].placement, *placements(doc)]
    return sum(1 for a, b in itertools.pairwise(where) if a != b)


def regions(doc: Mapping[str, Any]) -> list[str]:
    """The regions worked, in order of first appearance."""
    return list(dict.fromkeys(step["region"] for step in _steps(doc)))


def holds(doc: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Per technique, the shortest and the longest step."""
    found: dict[str, tuple[int, int]] = {}
    for step in _steps(doc):
        low, high = found.get(step["technique"], (step["seconds"], step["seconds"]))
        found[step["technique"]] = (min(low, step["seconds"]), max(high, step["seconds"]))
    return found


def out_of_dose(doc: Mapping[str, Any]) -> list[int]:
    """The indexes of the steps outside their technique's dose range."""
    return [
        n
        for n, step in enumerate(_steps(doc))
        if step["seconds"] not in dose_range(step["technique"], step["tool"], step["region"])
    ]


def grouped_by_setup(doc: Mapping[str, Any]) -> bool:
    """True when the steps are grouped as the built-ins are: upright work first, the floor work in one
    stretch, and each (position, tool) in one run within its stretch, never back to a set-up already
    left, but for a finish back in the set-up the routine began with (on the chair, for instance)."""
    runs = [key for key, _ in itertools.groupby((s["position"], s["tool"]) for s in _steps(doc))]
    if len(runs) > 2 and runs[-1] == runs[0]:
        runs = runs[:-1]
    stretches = [
        (kind, [run for run, _ in group])
        for kind, group in itertools.groupby(
            ((run, POSITIONS[run[0]].placement) for run in runs), key=lambda pair: pair[1]
        )
    ]
    kinds = [kind for kind, _ in stretches]
    if kinds.count("floor") > 1 or (kinds[:1] == ["floor"] and len(kinds) > 1):
        return False
    return all(len(group) == len(set(group)) for _, group in stretches)
