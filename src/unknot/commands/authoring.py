"""Commands for writing routines: ``new``, ``edit``, ``build`` and ``schema``.

Files go to the user's routines folder (:func:`unknot.paths.user_routines_dir`) as ``NAME.yaml``, with a
header that explains the format and points YAML-aware editors at the schema. Only argparse is imported
here at import time; the rest is imported by the handlers.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.commands import Handler
from unknot.safetext import safe

if TYPE_CHECKING:
    from unknot.model.routine import Routine

DEFAULT_SOURCE = "si-joint-10"
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
FALLBACK_EDITORS = ("nano", "vi")
# Editors that open a file at a line with "+LINE" before the file name.
LINE_EDITORS = frozenset(
    {"vi", "vim", "nvim", "gvim", "view", "nvi", "elvis", "vis", "nano", "pico", "rnano", "emacs"}
    | {"emacsclient", "micro", "kak", "joe", "jed", "ne", "mg", "mcedit"}
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add the authoring commands to the ``unknot`` parser."""
    new = sub.add_parser(
        "new",
        help="start your own routine from a copy of another",
        description="Copy a routine into your routines folder as NAME.yaml, ready to edit.",
    )
    new.add_argument("name", metavar="NAME", help="file name without .yaml: letters, digits, - and _")
    new.add_argument("--from", dest="source", default=DEFAULT_SOURCE, metavar="ID", help="routine to copy")
    new.add_argument(
        "--force", action="store_true", help="overwrite NAME.yaml, and the sounds it copies, if they exist"
    )

    edit = sub.add_parser(
        "edit",
        help="edit one of your routines in $EDITOR",
        description="Open your routine in $VISUAL or $EDITOR (a built-in is copied first), then check it.",
    )
    edit.add_argument("routine", metavar="ID")

    build = sub.add_parser(
        "build",
        help="compose a routine of exactly N minutes",
        description=(
            "Compose a routine over every region that lasts exactly N minutes on the clock: a Swedish "
            "warm-up on the lower back, deeper work region by region, a gentle finish."
        ),
    )
    build.add_argument("--minutes", type=int, required=True, metavar="N", help="from 3 to 60")
    from unknot.model import catalog

    build.add_argument(
        "--focus",
        metavar="REGION,...",
        help=f"regions to give twice the time, comma-separated: {', '.join(catalog.REGIONS)}",
    )
    build.add_argument(
        "--name",
        metavar="NAME",
        help="file name without .yaml (default custom-Nmin); the list shows it with the minutes and focus",
    )
    build.add_argument(
        "--tool", metavar="TOOL", help="the tool for the deeper segments (a tool id such as lacrosse_ball)"
    )
    build.add_argument("--stdout", action="store_true", help="print the routine instead of saving it")
    build.add_argument("--force", action="store_true", help="overwrite NAME.yaml if it exists")

    sub.add_parser("schema", help="print the JSON Schema of routine files")
    return {"new": cmd_new, "edit": cmd_edit, "build": cmd_build, "schema": cmd_schema}


# ---------------------------------------------------------------------------------------- shared parts


def _usage(message: str) -> Exception:
    from unknot.errors import UsageError

    return UsageError(message)


def check_name(name: str) -> str:
    """``name`` when it is a safe file stem; otherwise a usage error (so no path can escape the folder)."""
    if not SAFE_NAME.fullmatch(name):
        raise _usage(f"'{name}' cannot be a routine name; use letters, digits, '-' and '_' (like my-back-10)")
    return name


def check_text(value: str, option: str, example: str) -> str:
    """``value`` without surrounding blanks if the loader takes it as a text field, else a usage error."""
    from unknot.routine_files.yamlsafe import shorten, text_flaw

    if not value.strip():
        raise _usage(f"{option} is empty; give some text, like {option} '{example}'")
    flaw = text_flaw(value)
    if flaw:
        raise _usage(f"{option} '{shorten(value)}' {flaw}; type it again without that character")
    return value.strip()


def _check_reads_back(text: str, path: Path) -> None:
    """Refuse to write (or print) a routine the loader would not read back; nothing should get here."""
    from unknot.errors import RoutineError
    from unknot.routine_files.loader import parse_routine

    try:
        parse_routine(text.encode("utf-8"), path)
    except (RoutineError, UnicodeError) as exc:
        message = f"the routine built from these options would not load ({exc}); nothing was written"
        raise _usage(message) from exc


def header(schema_uri: str) -> list[str]:
    """The comment lines on top of a routine written by ``new`` or ``build``."""
    from unknot.model import catalog, positions

    return [
        f"yaml-language-server: $schema={schema_uri}",
        "An unknot routine. Check it with `unknot validate FILE`; `unknot schema` prints the format.",
        "name: shown in the list. segments: in order; each has region, technique and duration",
        '(90, 90s, 1m30s or "1:30"; per side with sides: both). Optional per segment: sides',
        "(both, left, right, none), position, tool, pressure (light, moderate, firm), get_ready",
        "(set-up time before it; else 10 s on a change of position or tool, 20 s between floor and",
        "upright), note. Optional on top: description, transition (the least get-ready before each",
        "step, default 5s), sounds, lint: {ignore: [...]}.",
        f"Regions: {', '.join(catalog.REGIONS)}.",
        f"Techniques: {', '.join(catalog.TECHNIQUES)}.",
        f"Positions: {', '.join(positions.POSITIONS)}.",
        f"Tools: {', '.join(positions.TOOLS)}.",
    ]


def _schema_uri(write: bool) -> str:
    from unknot.routine_files import schema

    if write:
        return schema.write_user_schema().as_uri()
    # Printing only: point at the copy inside the package rather than writing to the user's folder.
    return schema.PACKAGED_SCHEMA.as_uri()


def _target(name: str) -> Path:
    from unknot.paths import user_routines_dir

    return user_routines_dir() / f"{check_name(name)}.yaml"


def _refuse_overwrite(target: Path, force: bool) -> None:
    if target.exists() and not force:
        raise _usage(
            f"{target} already exists; add --force to overwrite it, or run `unknot edit {target.stem}`"
        )


def _write(target: Path, text: str, force: bool) -> None:
    _refuse_overwrite(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def copy_routine(name: str, source: str, force: bool) -> Path:
    """Copy routine ``source`` (an id or a path) to the user's folder as ``NAME.yaml``; its path.

    The sound files its ``sounds:`` block finds in the routine's own folder are copied along, to the
    same relative path next to the copy, so that the copy finds them too.
    """
    import shutil

    from unknot.routine_files.discovery import UnknownRoutine, resolve

    target = _target(name)
    try:
        routine = resolve(source)
    except UnknownRoutine as exc:
        raise _usage(str(exc)) from exc
    assert routine.source is not None  # resolve always reads a file
    body = routine.source.read_bytes().decode("utf-8")
    ours = [f"# {line}" for line in header(_schema_uri(write=True))]
    # An old schema line would point elsewhere, and a copy of a copy needs the explanation only once.
    kept = [line for line in body.splitlines() if "yaml-language-server:" not in line and line not in ours]
    # The copy is named after its new id, so the list does not show two routines of the same name.
    kept = [f'name: "{check_name(name)}"' if re.match(r"name\s*:", line) else line for line in kept]
    text = "\n".join([*ours, *kept]) + "\n"
    _refuse_overwrite(target, force)
    sounds = _sounds_to_copy(routine, target, force)
    _write(target, text, force)
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
                raise _usage(
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


def cmd_schema(args: argparse.Namespace) -> int:
    """``unknot schema``: the JSON Schema on stdout."""
    from unknot.routine_files.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """``unknot build --minutes N [--focus REGION,...] [--name NAME] [--tool TOOL] [--stdout]``."""
    from unknot.routine_files import builder

    name = check_name(args.name or f"custom-{args.minutes}min")
    tool = None if args.tool is None else check_text(args.tool, "--tool", "lacrosse_ball")
    try:
        focus = builder.parse_focus(args.focus)
        routine = builder.build_routine(args.minutes, focus, routine_id=name, label=args.name, tool=tool)
    except builder.BuildError as exc:
        raise _usage(str(exc)) from exc
    target = None if args.stdout else _target(name)
    lines = [*header(_schema_uri(write=target is not None)), "", *builder.arithmetic_comment(routine)]
    text = builder.routine_yaml(routine, lines)
    _check_reads_back(text, target or Path(f"{name}.yaml"))
    if target is None:
        sys.stdout.write(text)
    else:
        _write(target, text, args.force)
        print(safe(target))
    left_out = [r for r in catalog_regions() if r not in routine.regions]
    if left_out:
        # Steps keep their dose, so a short build works fewer regions; say which, and how to keep one.
        print(
            f"note: {args.minutes} minutes leave no time for {', '.join(left_out)} (every step keeps its"
            " dose); --focus keeps a region, or give more minutes",
            file=sys.stderr,
        )
    return 0


def catalog_regions() -> list[str]:
    """Every region id, in the catalog's order."""
    from unknot.model import catalog

    return list(catalog.REGIONS)


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
        raise _usage("no editor found; set $EDITOR")
    target = _user_file(name)
    if target is None:
        target = copy_routine(name, _builtin(name), force=False)
        print(safe(f"copied the built-in '{name}' to {target}"))
    line: int | None = None
    while True:
        try:
            subprocess.run(editor_command(editor, target, line), check=False)
        except OSError as exc:
            raise _usage(f"cannot start the editor {editor[0]}: {exc.strerror or exc}") from exc
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
    raise _usage(f"{UnknownRoutine(name, known)}; `unknot new {name}` starts a new one")
