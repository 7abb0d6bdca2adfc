"""``unknot edit ID``: the routine in the user's editor, checked on save, reopened at the first error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unknot.commands.new import copy_routine
from unknot.commands.routine_writing import check_name, usage
from unknot.safetext import safe

FALLBACK_EDITORS = ("nano", "vi")
# Editors that open a file at a line with "+LINE" before the file name.
LINE_EDITORS = frozenset(
    {"vi", "vim", "nvim", "gvim", "view", "nvi", "elvis", "vis", "nano", "pico", "rnano", "emacs"}
    | {"emacsclient", "micro", "kak", "joe", "jed", "ne", "mg", "mcedit"}
)


def find_editor() -> list[str] | None:
    """The editor command: ``$VISUAL``, ``$EDITOR``, then nano, then vi; ``None`` when none is found."""
    import os
    import shlex
    import shutil

    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError:
            command = [value]
        if command and shutil.which(command[0]):
            return [shutil.which(command[0]) or command[0], *command[1:]]
        print(safe(f"unknot: ${variable} is '{value}', which was not found; trying others"), file=sys.stderr)
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    return None


def editor_command(editor: list[str], path: Path, line: int | None) -> list[str]:
    """The editor's argv for ``path``, at ``line`` (``+LINE``) when the editor is known to take it."""
    program = Path(editor[0]).name.lower().removesuffix(".exe")
    if line is not None and program in LINE_EDITORS:
        return [*editor, f"+{line}", str(path)]
    return [*editor, str(path)]


def _ask(question: str) -> bool:
    """A yes/no question on stdin; Enter means yes, end of input means no."""
    sys.stdout.write(question)
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if not answer:
        sys.stdout.write("\n")
        return False
    return answer.strip().lower() in ("", "y", "yes")


def cmd_edit(args: argparse.Namespace) -> int:
    """``unknot edit ID``: edit, check, and offer to go back to the first error until it is valid."""
    import subprocess

    from unknot.routine_files.loader import validate_paths

    name = check_name(args.routine)
    editor = find_editor()
    if editor is None:
        raise usage("no editor found; set $EDITOR")
    target = _user_file(name)
    if target is None:
        target = copy_routine(name, _builtin(name), force=False)
        print(safe(f"copied the built-in '{name}' to {target}"))
    line: int | None = None
    while True:
        try:
            subprocess.run(editor_command(editor, target, line), check=False)
        except OSError as exc:
            raise usage(f"cannot start the editor {editor[0]}: {exc.strerror or exc}") from exc
        errors = validate_paths([target])
        if not errors:
            _print_warnings(target)
            print(safe(f"{target}: valid"))
            return 0
        for error in errors:
            print(error)
        line = errors[0].line
        if not _ask(f"Reopen the editor at line {line}? [Y/n] "):
            print(safe(f"kept {target} as is; it shows in the list with its error until you fix it"))
            return 2


def _print_warnings(path: Path) -> None:
    from unknot.routine_files.lint import lint
    from unknot.routine_files.loader import load_routine

    for warning in lint(load_routine(path)):
        print(warning)


def _user_file(name: str) -> Path | None:
    from unknot.paths import user_routines_dir
    from unknot.routine_files.loader import ROUTINE_SUFFIXES

    for suffix in ROUTINE_SUFFIXES:
        candidate = user_routines_dir() / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _builtin(name: str) -> str:
    from unknot.paths import builtin_routines_dir
    from unknot.routine_files.discovery import UnknownRoutine

    path = builtin_routines_dir() / f"{name}.yaml"
    if path.is_file():
        return str(path)
    known = sorted(p.stem for p in builtin_routines_dir().glob("*.yaml"))
    raise usage(f"{UnknownRoutine(name, known)}; `unknot new {name}` starts a new one")
