"""``unknot import``: take in a routine someone sent, after the same checks as any routine file.

The file is read once, with the loader's own limits (size, a regular file, UTF-8, no control characters
or escape sequences in any text: each refused as ``file:line:col``), checked as it will be named, and
only then written, under a temporary name and renamed into place, so a refused or failed import leaves
nothing behind. An existing routine is never replaced without ``force``, and neither is a built-in
hidden by accident.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from unknot.errors import UsageError
from unknot.model.routine import Routine
from unknot.routine_files.file_bytes import read_routine_bytes
from unknot.routine_files.lint import lint
from unknot.routine_files.loader import ROUTINE_SUFFIXES, load_routine, parse_routine
from unknot.routine_files.yamlsafe import shorten

SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Imported:
    """What an import wrote and what the routine holds."""

    routine: Routine
    path: Path
    warnings: list[str]
    replaced: bool


def import_routine(
    source: Path, routines_dir: Path, builtin_dir: Path, *, as_id: str | None = None, force: bool = False
) -> Imported:
    """Check ``source`` and copy it into ``routines_dir`` as ``ID.yaml``.

    Raises :class:`~unknot.errors.RoutineError` for a file that does not load and
    :class:`~unknot.errors.UsageError` for a bad id or a routine already there; nothing is written then.
    """
    routine_id = as_id if as_id is not None else source.stem
    if not SAFE_ID.fullmatch(routine_id):
        how = "give another with --as" if as_id is None else "choose another"
        raise UsageError(
            f"'{shorten(routine_id)}' cannot be a routine id: use letters, digits, '-' and '_'"
            f" (like my-back-10); {how}"
        )
    data = read_routine_bytes(source)
    routine = parse_routine(data, source, routine_id)
    if routine.sounds:
        raise UsageError(
            f"{source} plays its own sound files, which cannot come along in one file; remove its"
            " 'sounds:' block, or copy the routine and its sounds into your routines folder by hand"
        )
    target = routines_dir / f"{routine_id}.yaml"
    taken = [routines_dir / f"{routine_id}{suffix}" for suffix in ROUTINE_SUFFIXES]
    existing = [p for p in taken if p.exists() or p.is_symlink()]
    if existing and not force:
        raise UsageError(
            f"{existing[0]} already exists; add --force to replace it, or --as NEW-ID to import beside it"
        )
    if any((builtin_dir / f"{routine_id}{s}").exists() for s in ROUTINE_SUFFIXES) and not force:
        raise UsageError(
            f"'{routine_id}' is a built-in routine, and yours would hide it; add --as NEW-ID to keep both,"
            " or --force to hide the built-in"
        )
    routines_dir.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{routine_id}.", suffix=".part", dir=routines_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    for other in existing:
        if other != target:  # an ID.yml beside the new ID.yaml would clash with it
            other.unlink()
    copied = load_routine(target)  # what `unknot list` and `run` will read
    # Warnings name the file that was sent, where its author would fix them.
    return Imported(copied, target, [str(w) for w in lint(routine)], bool(existing))
