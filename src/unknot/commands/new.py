"""``unknot new NAME [--from ID]``: a copy of a routine in the user's folder, with the sounds it needs."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.commands.routine_writing import (
    check_name,
    header,
    refuse_overwrite,
    schema_uri,
    usage,
    user_target,
    write_routine,
)
from unknot.safetext import safe

if TYPE_CHECKING:
    from unknot.model.routine import Routine


def copy_routine(name: str, source: str, force: bool) -> Path:
    """Copy routine ``source`` (an id or a path) to the user's folder as ``NAME.yaml``; its path.

    The sound files its ``sounds:`` block finds in the routine's own folder are copied along, to the
    same relative path next to the copy, so that the copy finds them too.
    """
    import shutil

    from unknot.routine_files.discovery import UnknownRoutine, resolve

    target = user_target(name)
    try:
        routine = resolve(source)
    except UnknownRoutine as exc:
        raise usage(str(exc)) from exc
    assert routine.source is not None  # resolve always reads a file
    body = routine.source.read_bytes().decode("utf-8")
    ours = [f"# {line}" for line in header(schema_uri(write=True))]
    # An old schema line would point elsewhere, and a copy of a copy needs the explanation only once.
    kept = [line for line in body.splitlines() if "yaml-language-server:" not in line and line not in ours]
    # The copy is named after its new id, so the list does not show two routines of the same name.
    kept = [f'name: "{check_name(name)}"' if re.match(r"name\s*:", line) else line for line in kept]
    text = "\n".join([*ours, *kept]) + "\n"
    refuse_overwrite(target, force)
    sounds = _sounds_to_copy(routine, target, force)
    write_routine(target, text, force)
    for written, (original, copy) in sounds.items():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, copy)
        print(safe(f"copied the sound {written} to {copy}"), file=sys.stderr)
    return target


def _sounds_to_copy(routine: Routine, target: Path, force: bool) -> dict[str, tuple[Path, Path]]:
    """The sounds found in the routine's own folder that the copy would miss: path as written -> (from, to).

    Sounds found in the built-in or the user's sounds folder are found from anywhere, and a sound that
    is already there, byte for byte, needs no copy. A different file in the way is a usage error unless
    ``force``; nothing has been written when that is raised.
    """
    import filecmp
    from pathlib import PurePosixPath

    import yaml

    if not routine.sounds or routine.source is None:
        return {}
    folder = routine.source.parent
    # The loader has read this file without error, so plain safe_load sees the same sounds block.
    document = yaml.safe_load(routine.source.read_bytes())
    written = document.get("sounds") or {}
    copies: dict[str, tuple[Path, Path]] = {}
    for cue, relative in written.items():
        if cue not in routine.sounds or str(relative) in copies:
            continue
        local = folder / PurePosixPath(str(relative))
        if not (local.exists() or local.is_symlink()):
            continue  # the loader found it in a sounds folder
        original, copy = Path(routine.sounds[cue]), target.parent / PurePosixPath(str(relative))
        if copy.exists() or copy.is_symlink():
            if copy.is_file() and filecmp.cmp(original, copy, shallow=False):
                continue
            if not force or not copy.is_file():
                raise usage(
                    f"{copy} is already there and is not the sound '{relative}' of {routine.source};"
                    " add --force to overwrite it, or move it out of the way"
                    if copy.is_file()
                    else f"{copy} is in the way of the sound '{relative}'; move it, then try again"
                )
        copies[str(relative)] = (original, copy)
    return copies


# --------------------------------------------------------------------------------------------- handlers


def cmd_new(args: argparse.Namespace) -> int:
    """``unknot new NAME [--from ID] [--force]``."""
    print(safe(copy_routine(args.name, args.source, args.force)))
    return 0
