"""Where routines are found: every routine file, built-in and the user's, and the routine a name means.

:func:`discover` lists every routine file (for the picker and ``unknot list``), noting a user routine that
shadows a built-in and keeping broken files with their error; :func:`resolve` finds the routine an id or a
path names (raising :class:`UnknownRoutine` with a suggestion when nothing matches) and
:func:`resolve_saved` the routine a saved session was running (:func:`resolve_asked`: the one a
command line names, an unknown id being a usage error). Reading and checking one file is
:mod:`unknot.routine_files.loader`'s job.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from unknot import paths
from unknot.errors import RoutineError, UsageError
from unknot.model.routine import Routine
from unknot.routine_files.loader import ROUTINE_SUFFIXES, check_paths, load_routine
from unknot.routine_files.yamlsafe import closest, shorten
from unknot.safetext import safe

Source = Literal["built-in", "user"]


@dataclass(frozen=True)
class RoutineEntry:
    """A routine file found by :func:`discover`: the routine, or the error that stops it loading."""

    id: str
    path: Path
    source: Source
    shadowed: bool = False
    """A built-in hidden by a user routine with the same id."""
    shadows: bool = False
    """A user routine that hides the built-in with the same id."""
    routine: Routine | None = None
    error: RoutineError | None = None


class UnknownRoutine(LookupError):
    """A routine id that names no routine; the message suggests the closest known id."""

    def __init__(self, ref: str, known_ids: Sequence[str]) -> None:
        self.ref = ref
        self.known_ids = tuple(known_ids)
        close = closest(ref, self.known_ids)
        if close:
            hint = f"did you mean '{safe(close)}'?"
        elif self.known_ids:
            hint = f"known routines: {', '.join(map(safe, self.known_ids))}"
        else:
            hint = "no routines were found; give the path of a .yaml file"
        self.message = f"unknown routine '{safe(shorten(ref))}'; {hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def discover(user_dir: Path | None = None, builtin_dir: Path | None = None) -> list[RoutineEntry]:
    """Every routine file, built-in and the user's, loaded; sorted by id, the built-in first on a tie.

    ``user_dir`` defaults to :func:`unknot.paths.user_routines_dir` (``UNKNOT_ROUTINES_DIR``). A user
    file with a built-in's id shadows it, whether or not it loads. Broken files come back with ``error``
    set: this never raises.
    """
    builtin = _scan(builtin_dir or paths.builtin_routines_dir(), "built-in")
    user = _scan(user_dir or paths.user_routines_dir(), "user")
    user_ids = {entry.id for entry in user}
    builtin_ids = {entry.id for entry in builtin}
    entries = [replace(e, shadowed=e.id in user_ids) for e in builtin]
    entries += [replace(e, shadows=e.id in builtin_ids) for e in user]
    return sorted(entries, key=lambda e: (e.id, e.source != "built-in", e.path.name))


def _routine_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix in ROUTINE_SUFFIXES and not p.name.startswith(".")
        )
    except (OSError, ValueError):
        return []


def _scan(folder: Path, source: Source) -> list[RoutineEntry]:
    entries: list[RoutineEntry] = []
    seen: dict[str, Path] = {}
    for path in _routine_files(folder):
        if path.stem in seen:
            clash = RoutineError(
                path,
                1,
                1,
                f"{seen[path.stem].name} has the same id"
                f" '{path.stem}' and is used instead; rename or remove one",
            )
            entries.append(RoutineEntry(path.stem, path, source, error=clash))
            continue
        seen[path.stem] = path
        [(_, routine, errors)] = check_paths([path])
        entries.append(
            RoutineEntry(path.stem, path, source, routine=routine, error=errors[0] if errors else None)
        )
    return entries


def resolve(ref: str, *, user_dir: Path | None = None, builtin_dir: Path | None = None) -> Routine:
    """The routine ``ref`` names: a path to a file, or an id (the user's routines first, then built-in).

    ``ref`` is a path when it contains a path separator or ends in .yaml/.yml; otherwise it is an id,
    or, when no routine has that id, a file of that name. Raises :class:`RoutineError` for a broken file
    and :class:`UnknownRoutine` when nothing matches.
    """
    separators = ["/", os.sep] + ([os.altsep] if os.altsep else [])
    if any(sep in ref for sep in separators) or ref.endswith(ROUTINE_SUFFIXES):
        return load_routine(ref)
    folders = [user_dir or paths.user_routines_dir(), builtin_dir or paths.builtin_routines_dir()]
    known: set[str] = set()
    for folder in folders:
        for path in _routine_files(folder):
            if path.stem == ref:
                return load_routine(path)
            known.add(path.stem)
    try:
        is_file = bool(ref) and Path(ref).exists()
    except (OSError, ValueError):
        is_file = False
    if is_file:
        return load_routine(ref)
    raise UnknownRoutine(ref, sorted(known))


def resolve_asked(ref: str) -> Routine:
    """The routine a command line names (``unknot run ID``, ``show``, ``export``): as :func:`resolve`, but an
    unknown id is a :class:`~unknot.errors.UsageError` (exit status 2) with its "did you mean"."""
    try:
        return resolve(ref)
    except UnknownRoutine as exc:
        raise UsageError(str(exc)) from exc


def resolve_saved(
    routine_id: str, source: str | None, *, user_dir: Path | None = None, builtin_dir: Path | None = None
) -> Routine:
    """The routine a saved session was running: the very file it came from while that file is there (a
    routine run by path has no id to find it by), else the routine with its id.

    Raises :class:`UnknownRoutine` or :class:`RoutineError` like :func:`resolve`; the folders default as
    there.
    """
    if source and Path(source).is_file():
        return load_routine(source)
    return resolve(routine_id, user_dir=user_dir, builtin_dir=builtin_dir)
