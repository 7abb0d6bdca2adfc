"""The ``unknot`` command: argument parsing, exit codes and the commands that need no full-screen UI.

Exit codes: 0 ok, 2 bad input or usage, 1 anything unexpected (one line; the traceback only with
``--debug``). Textual is imported only by the commands that open the app, so ``list``, ``show`` and
``validate`` start fast.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Callable, Sequence

from unknot import __version__
from unknot.errors import InputError, UsageError
from unknot.safetext import safe

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2

# Further command families, each a module with ``register(sub) -> {name: handler}``.
COMMAND_MODULES: tuple[str, ...] = (
    "unknot.commands.config",
    "unknot.commands.serve",
    "unknot.commands.authoring",
    "unknot.commands.history",
    "unknot.commands.export",
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="unknot",
        description="A guided self-massage routine timer for SI joint and lower back relief.",
        epilog="Run without a command to pick a routine. Progress is kept: quit any time, resume later.",
    )
    parser.add_argument("--version", action="version", version=f"unknot {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def session_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--events", metavar="FILE", help="write one JSON line per session event to FILE")
        p.add_argument("--mute", action="store_true", help="no sound (the screen still flashes)")
        p.add_argument("--voice", action="store_true", help="say the next segment aloud during get-ready")
        p.add_argument(
            "--plain",
            action="store_true",
            help="no full-screen UI: a line per event, keys typed a line at a time (screen readers, scripts)",
        )
        p.add_argument(
            "--yes", action="store_true", help="with --plain: print the reminder but do not wait for Enter"
        )
        p.add_argument(
            "--phone",
            action="store_true",
            help="also show the session on a phone on the same Wi-Fi (a page with its sound and remote)",
        )
        p.add_argument("--phone-host", metavar="ADDR", help="the address the phone page listens on")

    run = sub.add_parser("run", help="start a routine", description="Start a routine by id or file path.")
    run.add_argument("routine", nargs="?", metavar="ID|PATH", help="a routine id or a YAML file")
    session_options(run)
    resume = sub.add_parser("resume", help="resume the session in progress")
    session_options(resume)

    sub.add_parser("list", help="list the routines you can run")
    show = sub.add_parser("show", help="print a routine's timeline")
    show.add_argument("routine", metavar="ID|PATH")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    validate = sub.add_parser("validate", help="check routine files; exit 2 if any is invalid")
    validate.add_argument("paths", nargs="+", metavar="ID|PATH")
    return parser


CORE_COMMANDS = frozenset({"run", "resume", "list", "show", "validate"})


def _extra_commands(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Register the further command families, unless ``argv`` names a core command.

    Starting a session is the common case and start-up time matters there, so ``unknot run`` does not
    import the authoring, history, config and serve modules; help, and any other command, loads them all.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in args if not a.startswith("-")), None)
    if not {"-h", "--help"} & set(args) and (command is None or command in CORE_COMMANDS):
        return {}
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name in COMMAND_MODULES:
        handlers.update(importlib.import_module(name).register(sub))
    return handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    extra = _extra_commands(parser, argv)
    args = parser.parse_args(argv)
    try:
        return _dispatch(args, extra)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"unknot: {safe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        if args.debug:
            raise
        print(f"unknot: {safe(os_error_message(exc))} (run with --debug to see where)", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:
        if args.debug:
            raise
        print(f"unknot: unexpected error: {safe(repr(exc))} (run with --debug to see where)", file=sys.stderr)
        return EXIT_UNEXPECTED


# What an errno means, said plainly; anything else falls back to the system's own words.
_PLAIN_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "the system does not allow it",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "it is on a read-only file system",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EEXIST: "something by that name is already there",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links (a link loop?)",
}


def os_error_message(exc: OSError) -> str:
    """One line about a failed file operation: which file or folder, and why, in plain words.

    ``repr`` of an ``OSError`` drops the file name (``FileNotFoundError(2, 'No such file ...')``),
    which is the one thing a person needs to fix it.
    """
    reason = _PLAIN_REASONS.get(exc.errno or -1) or (exc.strerror or str(exc) or type(exc).__name__)
    reason = reason[:1].lower() + reason[1:]
    names = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
    if not names:
        return f"a file operation failed: {reason} ({type(exc).__name__})"
    return f"cannot use {' -> '.join(names)}: {reason}"


def _dispatch(args: argparse.Namespace, extra: dict[str, Callable[[argparse.Namespace], int]]) -> int:
    commands: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _cmd_app,
        "run": _cmd_app,
        "resume": _cmd_app,
        "list": _cmd_list,
        "show": _cmd_show,
        "validate": _cmd_validate,
    }
    commands.update(extra)
    return commands[args.command](args)


def _cmd_app(args: argparse.Namespace) -> int:
    if getattr(args, "plain", False) and (getattr(args, "phone", False) or getattr(args, "phone_host", None)):
        raise UsageError("--phone works with the app, not with --plain")
    if getattr(args, "plain", False):
        from unknot.plain.mode import run_plain

        return run_plain(args)
    from unknot.ui.launch import launch

    return launch(args)


def _cmd_list(args: argparse.Namespace) -> int:
    out = sys.stdout
    from unknot.model.routine import format_seconds
    from unknot.routine_files.discovery import discover
    from unknot.safetext import safe

    rows = []
    for entry in discover():
        if entry.routine is not None:
            name, time = entry.routine.name, format_seconds(entry.routine.total_seconds)
        else:
            name, time = "(invalid: run `unknot validate` on it)", "-"
        source = "shadowed" if entry.shadowed else entry.source
        rows.append((safe(entry.id), safe(name), time, source))
    header = ("ID", "NAME", "TIME", "SOURCE")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip(), file=out)
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    out = sys.stdout
    from unknot.model.plan import routine_json, show_lines
    from unknot.routine_files.discovery import resolve_asked

    routine = resolve_asked(args.routine)
    if args.json:
        import json

        json.dump(routine_json(routine), out, indent=2)
        out.write("\n")
        return EXIT_OK
    for line in show_lines(routine):
        print(line, file=out)
    return EXIT_OK


def _routine_file(ref: str) -> str:
    """A routine id (``si-joint-10``, as ``show`` and ``run`` take) as its file; a path as it is."""
    from pathlib import Path

    from unknot.routine_files.discovery import discover

    if Path(ref).exists() or "/" in ref or ref.endswith((".yaml", ".yml")):
        return ref
    for entry in discover():
        if entry.id == ref and not entry.shadowed:
            return str(entry.path)
    return ref  # neither: reported as a file that cannot be read


def _cmd_validate(args: argparse.Namespace) -> int:
    from unknot.routine_files.lint import lint
    from unknot.routine_files.loader import check_paths

    checked = check_paths([_routine_file(ref) for ref in args.paths])
    errors = [error for _, _, errs in checked for error in errs]
    for error in errors:
        print(error, file=sys.stdout)
    # Warnings for the files that load: on stderr, as diagnostics that never change the exit status,
    # so stdout stays the list of what makes a file unusable.
    warnings = [w for _, routine, _ in checked if routine is not None for w in lint(routine)]
    for warning in warnings:
        print(warning, file=sys.stderr)
    noted = f", {len(warnings)} warning(s)" if warnings else ""
    broken = sum(1 for _, routine, _ in checked if routine is None)
    if broken:
        print(f"{broken} of {len(checked)} file(s) invalid{noted}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(checked)} file(s) valid{noted}", file=sys.stderr)
    return EXIT_OK
