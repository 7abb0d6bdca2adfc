"""``unknot build --minutes N``: a routine of exactly N minutes, composed by the builder and checked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unknot.commands.routine_writing import (
    check_name,
    check_reads_back,
    check_text,
    header,
    schema_uri,
    usage,
    user_target,
    write_routine,
)
from unknot.safetext import safe


def cmd_build(args: argparse.Namespace) -> int:
    """``unknot build --minutes N [--focus REGION,...] [--name NAME] [--tool TOOL] [--stdout]``."""
    from unknot.routine_files import builder

    name = check_name(args.name or f"custom-{args.minutes}min")
    tool = None if args.tool is None else check_text(args.tool, "--tool", "lacrosse_ball")
    try:
        focus = builder.parse_focus(args.focus)
        routine = builder.build_routine(args.minutes, focus, routine_id=name, label=args.name, tool=tool)
    except builder.BuildError as exc:
        raise usage(str(exc)) from exc
    target = None if args.stdout else user_target(name)
    lines = [*header(schema_uri(write=target is not None)), "", *builder.arithmetic_comment(routine)]
    text = builder.routine_yaml(routine, lines)
    check_reads_back(text, target or Path(f"{name}.yaml"))
    if target is None:
        sys.stdout.write(text)
    else:
        write_routine(target, text, args.force)
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
