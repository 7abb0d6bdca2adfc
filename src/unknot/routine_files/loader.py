"""Routine files: from YAML to a checked :class:`~unknot.model.routine.Routine`.

The format is described in DESIGN.md. Reading is strict, because a typo in a routine silently changes a
session: every problem is a :class:`~unknot.errors.RoutineError` with the file, the line and column of the
offending key or value, and a message that says how to fix it. Whatever bytes a file holds, loading it
yields a routine or a ``RoutineError``, never another exception. The YAML-level safety (encoding, anchors,
duplicate keys, nesting) lives in :mod:`unknot.routine_files.yamlsafe`; this module knows what the keys mean,
with the keys in :mod:`~unknot.routine_files.routine_keys`, the segments in
:mod:`~unknot.routine_files.segments`, times in :mod:`~unknot.routine_files.durations` and sounds in
:mod:`~unknot.routine_files.sound_paths`. Where routines are found, and which one an id names, is
:mod:`unknot.routine_files.discovery`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import Node, ScalarNode

from unknot.errors import RoutineError
from unknot.model.routine import DEFAULT_TRANSITION_SECONDS, MAX_TRANSITION_SECONDS, Routine
from unknot.routine_files.durations import read_seconds
from unknot.routine_files.file_bytes import MAX_FILE_BYTES, read_routine_bytes, too_big
from unknot.routine_files.routine_keys import (
    LINT_IDS,
    LINT_KEYS,
    ROUTINE_KEYS,
    ROUTINE_SUFFIXES,
    SEGMENT_KEYS,
    misspelt,
)
from unknot.routine_files.segments import read_segments
from unknot.routine_files.sound_paths import read_sounds
from unknot.routine_files.yamlsafe import Field, NodeReader, compose, decode
from unknot.safetext import line_flaw

# The key tables are read from here by the schema, the lint, the picker and the tests.
__all__ = [
    "LINT_IDS",
    "LINT_KEYS",
    "MAX_FILE_BYTES",
    "ROUTINE_KEYS",
    "ROUTINE_SUFFIXES",
    "SEGMENT_KEYS",
    "check_paths",
    "load_routine",
    "parse_routine",
    "validate_paths",
]


def load_routine(path: Path | str) -> Routine:
    """Read and check the routine file at ``path``; its id is the file name without the extension.

    Raises :class:`RoutineError` (the first problem in the file) and nothing else.
    """
    routine, errors = _load(Path(path))
    if routine is None:
        raise errors[0]
    return routine


def parse_routine(data: bytes, path: Path, routine_id: str | None = None) -> Routine:
    """Check the bytes of a routine file; ``path`` is used in errors and to find the routine's sounds.

    ``routine_id`` defaults to ``path``'s stem. Touches the filesystem only to check a ``sounds:`` block.
    Raises :class:`RoutineError` (the first problem in the file) and nothing else.
    """
    routine, errors = _parse(data, Path(path), routine_id)
    if routine is None:
        raise errors[0]
    return routine


def validate_paths(paths: Iterable[Path | str]) -> list[RoutineError]:
    """Every problem found in the given routine files: per file in the order given, by line within a file.

    Syntax-level problems (encoding, YAML syntax, anchors) stop the reading of that file, so they come
    alone; problems with the content (two bad segments, a bad key) are all reported.
    """
    return [error for _, _, errors in check_paths(paths) for error in errors]


def check_paths(paths: Iterable[Path | str]) -> list[tuple[Path, Routine | None, list[RoutineError]]]:
    """Each file with the routine it holds (None when it has errors) and its errors, reading each once."""
    checked = []
    for name in paths:
        path = Path(name)
        routine, errors = _load(path)
        checked.append((path, routine, errors))
    return checked


def _load(path: Path) -> tuple[Routine | None, list[RoutineError]]:
    try:
        data = read_routine_bytes(path)
    except RoutineError as exc:
        return None, [exc]
    return _parse(data, path, None)


def _parse(data: bytes, path: Path, routine_id: str | None) -> tuple[Routine | None, list[RoutineError]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [RoutineError(path, 1, 1, too_big(len(data)))]
    try:
        root = compose(decode(data, path), path)
    except RoutineError as exc:
        return None, [exc]
    reader = NodeReader(path)
    routine = _routine(reader, root, data, path, path.stem if routine_id is None else routine_id)
    errors = [e for e in reader.sorted_errors() if isinstance(e, RoutineError)]
    return (None if errors else routine), errors


def _routine(
    reader: NodeReader, root: Node | None, data: bytes, path: Path, routine_id: str
) -> Routine | None:
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null") and not root.value):
        reader.report(None, "the file is empty; a routine needs at least 'name:' and 'segments:'")
        return None
    fields = reader.mapping(root, "the top level of a routine", ROUTINE_KEYS, "per routine")
    if fields is None:
        return None
    name = _required(reader, root, fields, "name", "name: Lower back, 10 min")
    segments = read_segments(reader, root, fields.get("segments"))
    description = reader.text(fields["description"].value, "description") if "description" in fields else ""
    for key, value in (("name", name), ("description", description)):
        # Shown as one line everywhere (the list, plain mode's lines): a line break or a bidi override
        # would forge or reorder what the user reads.
        flaw = line_flaw(value.strip()) if value else None
        if flaw:
            reader.report(fields[key].value, f"{key} {flaw}; write it on one line without it")
            name = None
    transition: int | None = DEFAULT_TRANSITION_SECONDS
    if "transition" in fields:
        transition = read_seconds(reader, fields["transition"].value, "transition", 0, MAX_TRANSITION_SECONDS)
    sounds = read_sounds(reader, fields["sounds"].value, path) if "sounds" in fields else {}
    ignore = _lint(reader, fields["lint"].value) if "lint" in fields else frozenset[str]()
    if reader.errors or name is None or segments is None or transition is None:
        return None
    return Routine(
        id=routine_id,
        name=name.strip(),
        segments=segments,
        description=(description or "").strip(),
        transition=transition,
        source=path,
        content_hash=hashlib.sha256(data).hexdigest(),
        sounds=MappingProxyType(sounds or {}),
        lint_ignore=ignore or frozenset(),
    )


def _required(
    reader: NodeReader, mapping: Node, fields: dict[str, Field], key: str, example: str
) -> str | None:
    if key not in fields:
        if not misspelt(mapping, key, ROUTINE_KEYS):
            reader.report(mapping, f"missing '{key}'; add a line like '{example}'")
        return None
    return reader.text(fields[key].value, key)


def _lint(reader: NodeReader, node: Node) -> frozenset[str] | None:
    fields = reader.mapping(node, "lint", LINT_KEYS, "in lint")
    if fields is None or "ignore" not in fields:
        return frozenset() if fields is not None else None
    items = reader.sequence(fields["ignore"].value, "lint ignore", LINT_IDS[0])
    if items is None:
        return None
    ids = [reader.choice(item, "lint id", LINT_IDS) for item in items]
    if any(i is None for i in ids):
        return None
    return frozenset(i for i in ids if i is not None)
