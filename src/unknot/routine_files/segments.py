"""Reading the ``segments:`` list of a routine file: each step's region, technique, time and set-up.

Each reader reports what is wrong at the node and returns None, so one pass over a file reports every
bad segment; :func:`read_segments` returns the segments only when all of them are good.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from yaml.nodes import Node

from unknot.model import catalog, positions
from unknot.model.routine import (
    MAX_SEGMENT_SECONDS,
    MAX_TRANSITION_SECONDS,
    MIN_SEGMENT_SECONDS,
    PRESSURES,
    SIDE_SPECS,
    Segment,
)
from unknot.routine_files.durations import read_seconds
from unknot.routine_files.routine_keys import ROUTINE_KEYS, SEGMENT_KEYS, misspelt
from unknot.routine_files.yamlsafe import Field, NodeReader, closest, shorten

_T = TypeVar("_T")


def read_segments(reader: NodeReader, root: Node, field: Field | None) -> tuple[Segment, ...] | None:
    """The segments of ``root``'s ``segments:`` field, or None after reporting every bad one."""
    if field is None:
        if not misspelt(root, "segments", ROUTINE_KEYS):
            reader.report(
                root, "missing 'segments'; add a list of segments, each with region, technique and duration"
            )
        return None
    items = reader.sequence(field.value, "segments", "region: lumbar")
    if items is None:
        return None
    if not items:
        reader.report(
            field.value, "segments is empty; add at least one segment with region, technique and duration"
        )
        return None
    segments = [_segment(reader, item) for item in items]
    checked = tuple(s for s in segments if s is not None)
    return checked if len(checked) == len(segments) else None


def _segment(reader: NodeReader, node: Node) -> Segment | None:
    errors_before = len(reader.errors)
    fields = reader.mapping(node, "a segment", SEGMENT_KEYS, "per segment")
    if fields is None:
        return None
    missing = [key for key in ("region", "technique", "duration") if key not in fields]
    unexplained = [key for key in missing if not misspelt(node, key, SEGMENT_KEYS)]
    if unexplained:
        keys = " and ".join(f"'{key}'" for key in unexplained)
        reader.report(node, f"segment is missing {keys}; each segment needs region, technique and duration")

    def value(key: str) -> Node | None:
        return fields[key].value if key in fields else None

    # Each reader call returns None after recording an error; a missing optional key is simply absent.
    region = _optional(value("region"), lambda n: reader.choice(n, "region", list(catalog.REGIONS)))
    technique = _optional(
        value("technique"), lambda n: reader.choice(n, "technique", list(catalog.TECHNIQUES))
    )
    seconds = _optional(
        value("duration"),
        lambda n: read_seconds(reader, n, "duration", MIN_SEGMENT_SECONDS, MAX_SEGMENT_SECONDS),
    )
    sides = _optional(value("sides"), lambda n: reader.choice(n, "sides", SIDE_SPECS))
    pressure = _optional(value("pressure"), lambda n: reader.choice(n, "pressure", PRESSURES))
    position = _optional(value("position"), lambda n: reader.choice(n, "position", list(positions.POSITIONS)))
    tool = _optional(value("tool"), lambda n: _tool(reader, n))
    get_ready = _optional(
        value("get_ready"), lambda n: read_seconds(reader, n, "get_ready", 0, MAX_TRANSITION_SECONDS)
    )
    note = _optional(value("note"), lambda n: reader.text(n, "note"))
    if len(reader.errors) > errors_before or region is None or technique is None or seconds is None:
        return None
    return Segment(
        region=region,
        technique=technique,
        seconds=seconds,
        sides=next((spec for spec in SIDE_SPECS if spec == sides), "none"),
        tool=tool,
        pressure=next((p for p in PRESSURES if p == pressure), None),
        note=note.strip() if note else None,
        line=node.start_mark.line + 1,
        position=position,
        get_ready=get_ready,
    )


def _tool(reader: NodeReader, node: Node) -> str | None:
    """A tool id; the free words of older routines ("lacrosse ball", "foam roller") map to theirs.

    Any other text is an error rather than a warning: a step whose tool is unknown would get the
    default tool silently, and the set-up time and equipment list would be wrong.
    """
    text = reader.text(node, "tool")
    if text is None:
        return None
    found = positions.tool_id(text)
    if found is not None:
        return found
    ids = list(positions.TOOLS)
    near = closest(text, ids + list(positions.TOOL_WORDS))
    meant = f"did you mean '{positions.tool_id(near)}'? " if near else ""
    reader.report(
        node,
        f"unknown tool '{shorten(text)}'; {meant}use one of {', '.join(ids)}"
        " (say more about how to use it in 'note:')",
    )
    return None


def _optional(node: Node | None, read: Callable[[Node], _T | None]) -> _T | None:
    return None if node is None else read(node)
