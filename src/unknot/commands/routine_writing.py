"""What the commands that write routine files share: safe names, checked text, the header, the target.

A routine written by ``new`` or ``build`` goes to the user's routines folder as ``NAME.yaml`` with a
header that explains the format and points YAML-aware editors at the schema, and is refused unless the
loader reads it back. Only the standard library is imported at import time.
"""

from __future__ import annotations

import re
from pathlib import Path

SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def usage(message: str) -> Exception:
    """A usage error (exit 2, one line) with ``message``."""
    from unknot.errors import UsageError

    return UsageError(message)


def check_name(name: str) -> str:
    """``name`` when it is a safe file stem; otherwise a usage error (so no path can escape the folder)."""
    if not SAFE_NAME.fullmatch(name):
        raise usage(f"'{name}' cannot be a routine name; use letters, digits, '-' and '_' (like my-back-10)")
    return name


def check_text(value: str, option: str, example: str) -> str:
    """``value`` without surrounding blanks if the loader takes it as a text field, else a usage error."""
    from unknot.routine_files.yamlsafe import shorten, text_flaw

    if not value.strip():
        raise usage(f"{option} is empty; give some text, like {option} '{example}'")
    flaw = text_flaw(value)
    if flaw:
        raise usage(f"{option} '{shorten(value)}' {flaw}; type it again without that character")
    return value.strip()


def check_reads_back(text: str, path: Path) -> None:
    """Refuse to write (or print) a routine the loader would not read back; nothing should get here."""
    from unknot.errors import RoutineError
    from unknot.routine_files.loader import parse_routine

    try:
        parse_routine(text.encode("utf-8"), path)
    except (RoutineError, UnicodeError) as exc:
        message = f"the routine built from these options would not load ({exc}); nothing was written"
        raise usage(message) from exc


def header(uri: str) -> list[str]:
    """The comment lines on top of a routine written by ``new`` or ``build``."""
    from unknot.model import catalog, positions

    return [
        f"yaml-language-server: $schema={uri}",
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


def schema_uri(write: bool) -> str:
    """The schema URI for the header: the user's copy (written now) when ``write``, else the packaged one."""
    from unknot.routine_files import schema

    if write:
        return schema.write_user_schema().as_uri()
    # Printing only: point at the copy inside the package rather than writing to the user's folder.
    return schema.PACKAGED_SCHEMA.as_uri()


def user_target(name: str) -> Path:
    """Where routine ``name`` goes in the user's routines folder (a usage error for an unsafe name)."""
    from unknot.paths import user_routines_dir

    return user_routines_dir() / f"{check_name(name)}.yaml"


def refuse_overwrite(target: Path, force: bool) -> None:
    """A usage error when ``target`` exists and ``force`` is not given."""
    if target.exists() and not force:
        raise usage(
            f"{target} already exists; add --force to overwrite it, or run `unknot edit {target.stem}`"
        )


def write_routine(target: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``target``, making its folder; refused as :func:`refuse_overwrite` says."""
    refuse_overwrite(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
