"""Routine files: from YAML to a checked :class:`~unknot.model.routine.Routine`.

The format is described in DESIGN.md. Reading is strict, because a typo in a routine silently changes a
session: every problem is a :class:`~unknot.errors.RoutineError` with the file, the line and column of the
offending key or value, and a message that says how to fix it. Whatever bytes a file holds, loading it
yields a routine or a ``RoutineError``, never another exception. The YAML-level safety (encoding, anchors,
duplicate keys, nesting) lives in :mod:`unknot.routine_files.yamlsafe`; this module knows what the keys mean.
Where
routines are found, and which one an id names, is :mod:`unknot.routine_files.discovery`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import TypeVar

from yaml.nodes import Node, ScalarNode

from unknot import paths
from unknot.errors import RoutineError
from unknot.model import catalog, positions
from unknot.model.routine import (
    CUE_NAMES,
    DEFAULT_TRANSITION_SECONDS,
    DURATION_HINT,
    MAX_SEGMENT_SECONDS,
    MAX_TRANSITION_SECONDS,
    MIN_SEGMENT_SECONDS,
    PRESSURES,
    SIDE_SPECS,
    Routine,
    Segment,
    format_seconds,
    odd_number,
    parse_duration,
)
from unknot.routine_files.yamlsafe import Field, NodeReader, closest, compose, decode, shorten
from unknot.safetext import line_flaw

ROUTINE_KEYS = ("name", "description", "transition", "segments", "sounds", "lint")
SEGMENT_KEYS = (
    "region",
    "technique",
    "duration",
    "sides",
    "position",
    "tool",
    "pressure",
    "get_ready",
    "note",
)
LINT_KEYS = ("ignore",)
LINT_IDS = ("no-warm-up", "region-over-40", "short-segment", "unpaired-side", "dose", "setup-words")
"""The lint warnings a routine may silence with ``lint: {ignore: [...]}``."""
ROUTINE_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 256 * 1024

_T = TypeVar("_T")

_DURATION_EXPECTED = 'a number of seconds like 90 or text like 1m30s or "1:30"'


# ----------------------------------------------------------------------------------------------- loading


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
        data = _read(path)
    except RoutineError as exc:
        return None, [exc]
    return _parse(data, path, None)


def _read(path: Path) -> bytes:
    def fail(message: str) -> RoutineError:
        return RoutineError(path, 1, 1, message)

    try:
        # O_NONBLOCK so that opening a FIFO does not wait for a writer; fstat on the open file (not the
        # name) so the checks and the read see the same file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise fail("no such file; check the path") from None
    except IsADirectoryError:
        raise fail("this is a folder; give the path of a routine's .yaml file") from None
    except PermissionError:
        raise fail("cannot read this file: permission denied") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot open this file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail("this is a folder; give the path of a routine's .yaml file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("not a regular file (a pipe or a device); give the path of a .yaml file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(_too_big(info.st_size))
        # One byte more than allowed, so that a file that grew since fstat is still caught as too big.
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(f"cannot read this file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return data


def _too_big(size: int) -> str:
    return (
        f"the file is {size // 1024} KiB; a routine file may be at most {MAX_FILE_BYTES // 1024} KiB"
        " (is this the right file?)"
    )


def _parse(data: bytes, path: Path, routine_id: str | None) -> tuple[Routine | None, list[RoutineError]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [RoutineError(path, 1, 1, _too_big(len(data)))]
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
    segments = _segments(reader, root, fields.get("segments"))
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
        transition = _seconds(reader, fields["transition"].value, "transition", 0, MAX_TRANSITION_SECONDS)
    sounds = _sounds(reader, fields["sounds"].value, path) if "sounds" in fields else {}
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
        if not _misspelt(mapping, key, ROUTINE_KEYS):
            reader.report(mapping, f"missing '{key}'; add a line like '{example}'")
        return None
    return reader.text(fields[key].value, key)


def _misspelt(mapping: Node, key: str, allowed: Sequence[str]) -> bool:
    """True when ``mapping`` has an unknown key already reported as a misspelling of ``key``.

    "unknown key 'durration'; did you mean 'duration'?" says all; "missing 'duration'" would be noise.
    """
    return any(
        isinstance(key_node, ScalarNode)
        and str(key_node.value) not in allowed
        and closest(str(key_node.value), allowed) == key
        for key_node, _ in mapping.value
    )


def _segments(reader: NodeReader, root: Node, field: Field | None) -> tuple[Segment, ...] | None:
    if field is None:
        if not _misspelt(root, "segments", ROUTINE_KEYS):
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
    unexplained = [key for key in missing if not _misspelt(node, key, SEGMENT_KEYS)]
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
        lambda n: _seconds(reader, n, "duration", MIN_SEGMENT_SECONDS, MAX_SEGMENT_SECONDS),
    )
    sides = _optional(value("sides"), lambda n: reader.choice(n, "sides", SIDE_SPECS))
    pressure = _optional(value("pressure"), lambda n: reader.choice(n, "pressure", PRESSURES))
    position = _optional(value("position"), lambda n: reader.choice(n, "position", list(positions.POSITIONS)))
    tool = _optional(value("tool"), lambda n: _tool(reader, n))
    get_ready = _optional(
        value("get_ready"), lambda n: _seconds(reader, n, "get_ready", 0, MAX_TRANSITION_SECONDS)
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


def _seconds(reader: NodeReader, node: Node, what: str, low: int, high: int) -> int | None:
    got = reader.scalar(node, what, _DURATION_EXPECTED)
    if got is None:
        return None
    value, raw = got[0], shorten(str(node.value))
    if isinstance(value, str) and len(value) > 32:
        reader.report(node, f"{what} '{raw}' is too long to be a time; {DURATION_HINT}")
        return None
    odd = _odd_spelling(node, value)
    if odd is not None:
        reader.report(node, f"{what} '{raw}' {odd}")
        return None
    try:
        seconds = parse_duration(value)
    except ValueError:
        # DurationError, or int() refusing a number thousands of digits long.
        if isinstance(value, float):
            reader.report(node, f"{what} {raw} is not a whole number of seconds; {DURATION_HINT}")
        elif value is None:
            reader.report(node, f"{what} is empty; {DURATION_HINT}")
        else:
            reader.report(node, f"cannot read {what} '{raw}' as a time; {DURATION_HINT}")
        return None
    if low <= seconds <= high:
        return seconds
    if what == "duration" and seconds > high:
        reader.report(
            node,
            f"duration {raw} is over an hour; a segment may last at most"
            f" {format_seconds(high)}, so split it into shorter segments",
        )
    elif what == "duration":
        reader.report(node, f"duration must be at least {low} second, not {raw}; write e.g. 45s")
    else:
        reader.report(node, f"{what} must be from {low} to {high} seconds, not {raw}; write e.g. 5s")
    return None


# How an unquoted whole number may be spelled to count as a duration: decimal digits, or a clock time
# that the JSON Schema's pattern accepts too (two-digit seconds, at most H:MM:SS).
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_CLOCK_NUMBER = re.compile(r"-?[0-9]+(?::[0-5][0-9]){1,2}")


def _odd_spelling(node: Node, value: object) -> str | None:
    """Why a duration is refused for how it is written, though YAML reads it as a number; else None.

    YAML 1.1, which PyYAML speaks, reads an unquoted ``0x10`` as 16, ``1_0`` as 10, ``020`` as octal 16
    and ``1:5`` as 65. The value alone cannot tell, so this looks at the source text of the scalar.
    """
    source = str(node.value)
    odd = odd_number(source)
    if odd is not None or isinstance(value, bool) or not isinstance(value, int | float):
        return odd
    if ":" in source:
        if isinstance(value, int) and _CLOCK_NUMBER.fullmatch(source):
            return None
        example = format_seconds(abs(value)) if abs(value) <= MAX_SEGMENT_SECONDS else "1:30"
        return f'is not a clock time; write minutes and two-digit seconds in quotes, like "{example}"'
    if isinstance(value, float) or _DECIMAL.fullmatch(source):
        return None  # a float is checked for being whole further on
    digits = source.lstrip("+-").lstrip("0") or "0"
    octal = value if abs(value) <= 10**6 else "..."
    return (
        f"has a leading zero, so YAML reads it as the octal number {octal};"
        f" write {digits}s for {digits} seconds"
    )


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


# ------------------------------------------------------------------------------------------------ sounds


def _sounds(reader: NodeReader, node: Node, routine_path: Path) -> dict[str, Path] | None:
    fields = reader.mapping(node, "sounds", CUE_NAMES, "in sounds", key_kind="cue")
    if fields is None:
        return None
    found: dict[str, Path] = {}
    for cue, field in fields.items():
        relative = reader.text(field.value, f"the sound for '{cue}'")
        if relative is None:
            continue
        where = _find_sound(relative, routine_path.parent)
        if isinstance(where, str):
            reader.report(field.value, where)
        else:
            found[cue] = where
    return found


def _sound_dirs(routine_dir: Path) -> list[Path]:
    return [routine_dir, paths.builtin_sounds_dir(), paths.user_sounds_dir()]


def _find_sound(relative: str, routine_dir: Path) -> Path | str:
    """The checked, resolved path of a cue sound, or what is wrong with it."""
    shown = shorten(relative)
    posix, windows = PurePosixPath(relative), PureWindowsPath(relative)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or relative.startswith("~"):
        return (
            f"sound path '{shown}' is absolute; give a path relative to the routine's folder or a"
            f" sounds folder, like sounds/bell.wav"
        )
    if ".." in posix.parts or ".." in windows.parts:
        return (
            f"sound path '{shown}' uses '..'; put the file next to the routine or in"
            f" {paths.user_sounds_dir()} and give its path from there"
        )
    try:
        bases = _sound_dirs(routine_dir)
        roots = [base.resolve() for base in bases]
        for base in bases:
            candidate = base / posix
            if not (candidate.exists() or candidate.is_symlink()):
                continue
            real = candidate.resolve()
            if not any(real.is_relative_to(root) for root in roots):
                return (
                    f"sound '{shown}' is a link to {real}, outside the routine's folder and the"
                    " sounds folders; copy the file instead"
                )
            return _check_sound(real, shown)
    except (OSError, RuntimeError, ValueError) as exc:
        # RuntimeError: a symlink loop (Python 3.11's resolve); ValueError: a NUL in the name.
        return f"cannot use sound '{shown}': {exc}"
    looked = ", ".join(str(base) for base in bases)
    return f"sound file '{shown}' not found; looked in {looked}"


def _check_sound(path: Path, shown: str) -> Path | str:
    # The same rule as when the sounds are loaded to play (sounds.load_sound), so a file that validates
    # also plays: the file is decoded here once, and what is wrong is said in the routine's terms.
    from unknot.sound.sounds import SoundFileError, load_sound

    try:
        load_sound(path)
    except SoundFileError as exc:
        return f"sound '{shown}' {exc.reason}"
    return path
