"""Commands that take a routine off the laptop: ``export``, ``import`` and ``remind``.

``export`` writes a guided audio file with chapters or a printable home-program sheet, ``import`` takes in
a routine someone sent, ``remind`` writes a calendar event. Only argparse is imported at import time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unknot.commands import Handler


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add ``export``, ``import`` and ``remind`` to the ``unknot`` parser."""
    export = sub.add_parser(
        "export",
        help="write a routine as guided audio (.mp3/.wav) or a printable sheet (.html/.md)",
        description=(
            "Write a routine as one audio file of the whole session (spoken set-ups and instructions, the "
            "app's cues, chapters per step) or as a home-program sheet to print."
        ),
    )
    export.add_argument("routine", metavar="ID|PATH")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--audio", metavar="FILE", help="FILE.mp3 or FILE.wav; chapters go to FILE.chapters.json"
    )
    what.add_argument("--sheet", metavar="FILE", help="FILE.html (prints on A4 and Letter) or FILE.md")

    take = sub.add_parser(
        "import",
        help="check a routine file someone sent and add it to your routines",
        description="Check a routine file as any routine is checked, then copy it into your routines folder.",
    )
    take.add_argument("file", metavar="FILE")
    take.add_argument("--as", dest="as_id", metavar="ID", help="the id to file it under (default: its name)")
    take.add_argument("--force", action="store_true", help="replace a routine of that id")

    remind = sub.add_parser(
        "remind",
        help="a calendar event (iCalendar) that reminds you to do a routine",
        description="Write a recurring calendar event for a routine, with an alarm at its start.",
    )
    remind.add_argument("routine", metavar="ID|PATH")
    remind.add_argument("--at", required=True, metavar="HH:MM", help="local time, 24-hour clock")
    remind.add_argument("--days", metavar="mon,wed,fri", help="weekdays (default: every day)")
    remind.add_argument("--ics", metavar="FILE", help="write to FILE instead of standard output")
    return {"export": cmd_export, "import": cmd_import, "remind": cmd_remind}


def _target(name: str, option: str) -> Path:
    """The file ``option`` names, once it is clear it can be written: its folder exists, it is no folder."""
    from unknot.errors import UsageError

    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{option} {name}: that is a folder; give a file name inside it")
    if not path.parent.is_dir():
        raise UsageError(
            f"{option} {name}: there is no folder {path.parent}; make it first, or write elsewhere"
        )
    return path


def cmd_export(args: argparse.Namespace) -> int:
    import time

    from unknot.errors import UsageError
    from unknot.export.plan import plan_of
    from unknot.routine_files.discovery import resolve_asked

    routine = resolve_asked(args.routine)
    plan = plan_of(routine)
    began = time.perf_counter()
    if args.audio:
        from unknot.export.audio import FORMATS, render
        from unknot.export.chapters import chapters_path

        path = _target(args.audio, "--audio")
        if path.suffix.lower() not in FORMATS:
            raise UsageError(f"--audio {args.audio}: use a file name ending in .mp3 or .wav")
        done = render(plan, routine, path, warn=lambda m: print(f"unknot: {m}", file=sys.stderr))
        took = time.perf_counter() - began
        print(
            f"{path}: {done.seconds:.1f} s of audio, {len(plan['segments'])} chapters ({chapters_path(path)})"
        )
        print(f"rendered in {took:.1f} s ({done.seconds / max(took, 1e-6):.0f}x real time)", file=sys.stderr)
        return 0
    from unknot.export.sheet import FORMATS as SHEETS
    from unknot.export.sheet import write_sheet

    path = _target(args.sheet, "--sheet")
    if path.suffix.lower() not in SHEETS:
        raise UsageError(f"--sheet {args.sheet}: use a file name ending in .html or .md")
    write_sheet(plan, routine, path)
    print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from unknot import paths
    from unknot.export.importer import import_routine
    from unknot.export.plan import equipment_names, plan_of, regions
    from unknot.model.routine import format_seconds

    done = import_routine(
        Path(args.file),
        paths.user_routines_dir(),
        paths.builtin_routines_dir(),
        as_id=args.as_id,
        force=args.force,
    )
    plan = plan_of(done.routine)
    verb = "Replaced" if done.replaced else "Imported"
    print(f"{verb} '{done.routine.name}' as {done.routine.id} ({done.path})")
    print(f"  Total:     {format_seconds(plan['total_seconds'])} on the clock, {len(plan['segments'])} steps")
    print(f"  Regions:   {', '.join(regions(plan))}")
    print(f"  Equipment: {', '.join(equipment_names(plan))}")
    for warning in done.warnings:
        print(warning, file=sys.stderr)
    print(f"  Warnings:  {len(done.warnings) or 'none'}")
    print(f"Run it with: unknot run {done.routine.id}")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    import datetime as dt

    from unknot.export import calendar
    from unknot.export.plan import plan_of
    from unknot.routine_files.discovery import resolve_asked

    at = calendar.parse_time(args.at)
    days = calendar.parse_days(args.days)
    target = _target(args.ics, "--ics") if args.ics else None
    routine = resolve_asked(args.routine)
    zone = calendar.local_zone()
    now = dt.datetime.now(zone) if zone is not None else dt.datetime.now()
    cal = calendar.reminder(plan_of(routine), args.routine, at, days, now, zone)
    if target is not None:
        calendar.write(cal, target)
        print(target)
    else:
        sys.stdout.write(calendar.write(cal, None).decode("utf-8"))
    return 0
