"""Compose a routine of exactly N minutes, as ``unknot build`` does, and write it as a routine file.

The plan (which regions fit, their order, each step's time) is :mod:`unknot.routine_files.build_plan`: every
step
inside its technique's dose range, regions dropped (lowest priority first, focus regions last) rather
than steps shortened, grouped by position and tool, a get-ready of at least 5 s before every step, and
exactly ``minutes x 60`` seconds on the clock. Focus regions are kept longest and their steps grow
twice as fast as the others'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from unknot.model import catalog
from unknot.model.positions import tool_id
from unknot.model.routine import Routine
from unknot.routine_files.build_plan import BALLS, TRANSITION, PlanError, plan
from unknot.routine_files.yamlsafe import unknown_message

MIN_MINUTES = 3
MAX_MINUTES = 60


class BuildError(ValueError):
    """A build request that cannot be met; the message says what to ask for instead."""


def _region_id(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def parse_focus(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Region ids from ``"piriformis,hamstrings"`` (or a list), checked against the catalog."""
    if text is None:
        return ()
    parts = text.split(",") if isinstance(text, str) else list(text)
    # As people type them: "Piriformis", "hip-flexors", "hip flexors", spaces after commas.
    ids = [_region_id(part) for part in parts if part.strip()]
    for region in ids:
        if region not in catalog.REGIONS:
            raise BuildError(unknown_message("focus region", region, list(catalog.REGIONS)))
    return tuple(dict.fromkeys(ids))


def build_tool(text: str | None) -> str | None:
    """The ball ``--tool`` names (an id or a word such as "lacrosse ball"), or None for the defaults."""
    if text is None:
        return None
    found = tool_id(text)
    if found not in BALLS:
        raise BuildError(
            f"--tool must be a ball, one of {', '.join(BALLS)}, not '{text}': it replaces the ball of the"
            " steps done on one, and steps by hand or on a roller keep theirs"
        )
    return found


def build_routine(
    minutes: int,
    focus: Iterable[str] = (),
    *,
    routine_id: str = "custom",
    name: str | None = None,
    label: str | None = None,
    tool: str | None = None,
) -> Routine:
    """A routine of exactly ``minutes`` on the clock; see the module docstring.

    ``name`` is the display name as is; without it the name is made from ``label`` (the ``--name``
    given to ``unknot build``, else "Custom"), the minutes and the focus regions, so that several built
    routines tell apart in ``unknot list``. ``tool`` (a ball) replaces the ball of the ball steps.
    Raises :class:`BuildError` for minutes out of range, an unknown focus region or a tool that is not
    a ball.
    """
    focused = parse_focus(list(focus))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BuildError(f"--minutes must be from {MIN_MINUTES} to {MAX_MINUTES}, not {minutes}")
    try:
        planned = plan(minutes, focused, build_tool(tool))
    except PlanError as exc:
        raise BuildError(str(exc)) from exc
    names = _and(catalog.REGIONS[r].short_name.lower() for r in focused)
    finishes = len(planned.segments) > 1 and planned.segments[-1].region == planned.segments[0].region
    description = "Warm up the lower back, then work each region in turn, grouped by position"
    description += ", and finish gently on your feet." if finishes else "."
    if names:
        description += f" Extra time for the {names}."
    if planned.dropped:
        left_out = _and(catalog.REGIONS[r].short_name.lower() for r in planned.dropped)
        description += f" No time for the {left_out} at this length."
    routine = Routine(
        id=routine_id,
        name=name or display_name(minutes, focused, label),
        segments=planned.segments,
        description=description,
        transition=TRANSITION,
    )
    # A few minutes hold two or three regions, so one of them takes most of the time by design: the
    # file says so rather than warning about it on every validate.
    from unknot.routine_files.lint import lint

    if any(w.id == "region-over-40" for w in lint(routine)):
        routine = replace(routine, lint_ignore=frozenset({"region-over-40"}))
    return routine


def display_name(minutes: int, focus: Iterable[str] = (), label: str | None = None) -> str:
    """``hips-15, 15 min, focus on piriformis and hamstrings``; ``Custom, 10 min`` with no label or focus."""
    names = _and(catalog.REGIONS[r].short_name.lower() for r in focus)
    return f"{label or 'Custom'}, {minutes} min" + (f", focus on {names}" if names else "")


def _and(words: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _duration_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs}s"
    return f"{minutes}m{secs}s" if secs else f"{minutes}m"


def _scalar(text: str) -> str:
    """``text`` as a YAML value on one line: plain where YAML reads it back as the same text."""
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6, default_flow_style=True)
    # safe_dump ends a plain scalar document with "\n...\n" and quotes whatever needs quoting.
    one_line = dumped.removesuffix("\n").removesuffix("\n...")
    if "\n" in one_line:
        return json_string(text)
    return one_line


def json_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's too)."""
    import json

    return json.dumps(text, ensure_ascii=True)


def arithmetic_comment(routine: Routine) -> list[str]:
    """Comment lines that show the sum, as the built-in routines do: steps, get-ready, work, total."""
    steps, getready = len(routine.steps), routine.setup_total
    return [
        f"Steps: {steps}; get-ready {getready} s ({routine.transition} s, 10 s for a new position or tool,"
        " 20 s between the floor and upright).",
        f"Work: {routine.work_seconds} s. Total: {getready} + {routine.work_seconds}"
        f" = {routine.total_seconds} s = {routine.total_seconds // 60}:{routine.total_seconds % 60:02d}.",
    ]


def routine_yaml(routine: Routine, header: Sequence[str] = ()) -> str:
    """The routine as the text of a routine file, each ``header`` line written as a comment on top."""
    lines = [f"# {line}".rstrip() for line in header]
    lines.append(f"name: {_scalar(routine.name)}")
    if routine.description:
        lines.append(f"description: {_scalar(routine.description)}")
    lines.append(f"transition: {routine.transition}s")
    lines.append("segments:")
    for seg in routine.segments:
        lines.append(f"  - region: {seg.region}")
        lines.append(f"    technique: {seg.technique}")
        lines.append(f"    duration: {_duration_text(seg.seconds)}")
        if seg.sides != "none":
            lines.append(f"    sides: {seg.sides}")
        if seg.position:
            lines.append(f"    position: {seg.position}")
        if seg.tool:
            lines.append(f"    tool: {_scalar(seg.tool)}")
        if seg.pressure:
            lines.append(f"    pressure: {seg.pressure}")
        if seg.get_ready is not None:
            lines.append(f"    get_ready: {seg.get_ready}s")
        if seg.note:
            lines.append(f"    note: {_scalar(seg.note)}")
    if routine.lint_ignore:
        lines.append(f"lint: {{ignore: [{', '.join(sorted(routine.lint_ignore))}]}}")
    return "\n".join(lines) + "\n"
