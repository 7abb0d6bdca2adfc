"""Reading the ``sounds:`` block of a routine file: each cue's sound file, found and checked.

A sound path is relative to the routine's folder or a sounds folder, never absolute, never through
``..`` and never a link out of those folders; the file must decode as it will when played.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from yaml.nodes import Node

from unknot import paths
from unknot.model.routine import CUE_NAMES
from unknot.routine_files.yamlsafe import NodeReader, shorten


def read_sounds(reader: NodeReader, node: Node, routine_path: Path) -> dict[str, Path] | None:
    """Each cue's checked sound file (a bad one is reported and left out); None when no mapping."""
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
