"""Reading a time (a segment's duration, a get-ready, the transition) out of a routine file.

A time is a number of seconds (``90``), text (``1m30s``) or a clock time in quotes (``"1:30"``). YAML 1.1
reads some unquoted spellings as numbers the writer did not mean, so those are refused with the fix.
"""

from __future__ import annotations

import re

from yaml.nodes import Node

from unknot.model.routine import (
    DURATION_HINT,
    MAX_SEGMENT_SECONDS,
    format_seconds,
    odd_number,
    parse_duration,
)
from unknot.routine_files.yamlsafe import NodeReader, shorten

_DURATION_EXPECTED = 'a number of seconds like 90 or text like 1m30s or "1:30"'


def read_seconds(reader: NodeReader, node: Node, what: str, low: int, high: int) -> int | None:
    """Whole seconds from ``low`` to ``high``, or None after reporting why not at ``node``."""
    got = reader.scalar(node, what, _DURATION_EXPECTED)
    if got is None:
        return None
    value, raw = got[0], shorten(str(node.value))
    if isinstance(value, str) and len(value) > 32:
        reader.report(node, f"{what} '{raw}' is too long to be a time; {DURATION_HINT}")
        return None
    odd = _odd_spelling(node, value)
    if odd is not None:
        reader.report(node, f"{what} '{raw}' {odd}")
        return None
    try:
        seconds = parse_duration(value)
    except ValueError:
        # DurationError, or int() refusing a number thousands of digits long.
        if isinstance(value, float):
            reader.report(node, f"{what} {raw} is not a whole number of seconds; {DURATION_HINT}")
        elif value is None:
            reader.report(node, f"{what} is empty; {DURATION_HINT}")
        else:
            reader.report(node, f"cannot read {what} '{raw}' as a time; {DURATION_HINT}")
        return None
    if low <= seconds <= high:
        return seconds
    if what == "duration" and seconds > high:
        reader.report(
            node,
            f"duration {raw} is over an hour; a segment may last at most"
            f" {format_seconds(high)}, so split it into shorter segments",
        )
    elif what == "duration":
        reader.report(node, f"duration must be at least {low} second, not {raw}; write e.g. 45s")
    else:
        reader.report(node, f"{what} must be from {low} to {high} seconds, not {raw}; write e.g. 5s")
    return None


# How an unquoted whole number may be spelled to count as a duration: decimal digits, or a clock time
# that the JSON Schema's pattern accepts too (two-digit seconds, at most H:MM:SS).
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_CLOCK_NUMBER = re.compile(r"-?[0-9]+(?::[0-5][0-9]){1,2}")


def _odd_spelling(node: Node, value: object) -> str | None:
    """Why a duration is refused for how it is written, though YAML reads it as a number; else None.

    YAML 1.1, which PyYAML speaks, reads an unquoted ``0x10`` as 16, ``1_0`` as 10, ``020`` as octal 16
    and ``1:5`` as 65. The value alone cannot tell, so this looks at the source text of the scalar.
    """
    source = str(node.value)
    odd = odd_number(source)
    if odd is not None or isinstance(value, bool) or not isinstance(value, int | float):
        return odd
    if ":" in source:
        if isinstance(value, int) and _CLOCK_NUMBER.fullmatch(source):
            return None
        example = format_seconds(abs(value)) if abs(value) <= MAX_SEGMENT_SECONDS else "1:30"
        return f'is not a clock time; write minutes and two-digit seconds in quotes, like "{example}"'
    if isinstance(value, float) or _DECIMAL.fullmatch(source):
        return None  # a float is checked for being whole further on
    digits = source.lstrip("+-").lstrip("0") or "0"
    octal = value if abs(value) <= 10**6 else "..."
    return (
        f"has a leading zero, so YAML reads it as the octal number {octal};"
        f" write {digits}s for {digits} seconds"
    )
