"""Commands for writing routines: ``new``, ``edit``, ``build`` and ``schema``.

This module adds their sub-parsers and prints the schema; each other command has its module
(:mod:`~unknot.commands.new`, :mod:`~unknot.commands.edit`, :mod:`~unknot.commands.build`), and what they
share in writing a routine file is :mod:`~unknot.commands.routine_writing`. Files go to the user's
routines folder (:func:`unknot.paths.user_routines_dir`) as ``NAME.yaml``, with a header that explains
the format and points YAML-aware editors at the schema. Only the standard library is imported here at
import time; the rest is imported by the handlers.
"""

from __future__ import annotations

import argparse
import sys

from unknot.commands import Handler
from unknot.commands.build import cmd_build
from unknot.commands.edit import cmd_edit
from unknot.commands.new import cmd_new

DEFAULT_SOURCE = "si-joint-10"


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


def cmd_schema(args: argparse.Namespace) -> int:
    """``unknot schema``: the JSON Schema on stdout."""
    from unknot.routine_files.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
