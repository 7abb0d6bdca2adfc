"""The JSON Schema of routine files, built from the catalog and the loader's own constants.

There is one source of truth: region and technique ids come from :mod:`unknot.model.catalog`, keys, sides,
pressures, cue names and lint ids from :mod:`unknot.routine_files.loader` and :mod:`unknot.model.routine`.
Editors with a YAML
language server use the schema for completion and checks while typing; ``unknot schema`` prints it and
``unknot new`` writes a copy next to the user's data.

The schema is a helper, not the judge: the loader is stricter where JSON Schema cannot follow it
(a duration text over an hour or of zero seconds, sound files that must exist, YAML anchors and tags,
control characters, a lone half of a UTF-16 pair, a number spelled 0x10, 020 or 1_0, which an editor's
YAML reader hands over as a plain integer). Anything the schema refuses, the loader refuses too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unknot import paths
from unknot.model import catalog, positions
from unknot.model.routine import (
    CUE_NAMES,
    DURATION_PATTERN,
    MAX_SEGMENT_SECONDS,
    MAX_TRANSITION_SECONDS,
    MIN_SEGMENT_SECONDS,
    PRESSURES,
    SIDE_SPECS,
)
from unknot.routine_files.loader import LINT_IDS, LINT_KEYS, ROUTINE_KEYS, SEGMENT_KEYS

SCHEMA_ID = "https://unknot.invalid/routine.schema.json"
"""The schema's ``$id``; a name, not a place to download it from."""
SCHEMA_FILE_NAME = "routine.schema.json"
PACKAGED_SCHEMA = Path(__file__).resolve().parent / "schema" / SCHEMA_FILE_NAME
"""The committed copy inside the package (a test keeps it equal to :func:`routine_schema`)."""

# DURATION_PATTERN, the text spellings a duration may take (90, 90s, 1m30s, 1m 30s, 2 min, 1h, 1:30,
# 1:02:03), is the regex :func:`unknot.model.routine.parse_duration` itself reads them with.
_DURATION_HELP = 'Seconds as a number (90) or text: 90s, 1m30s, 1m 30s, 2 min, 1h, "1:30", "1:02:03".'


def _duration(low: int, high: int, what: str) -> dict[str, Any]:
    return {
        "description": f"{what} {_DURATION_HELP}",
        "oneOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "pattern": DURATION_PATTERN},
        ],
    }


# Text with at least one visible character and none of the control characters the loader refuses
# (they would reach the terminal as escape sequences); tabs and line breaks are fine.
TEXT_PATTERN = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b-\u001f\u007f-\u0084\u0086-\u009f]*$"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": TEXT_PATTERN, "description": description}


def _enum(ids: list[str] | tuple[str, ...], descriptions: dict[str, str], what: str) -> dict[str, Any]:
    # oneOf of consts rather than a bare enum, so that editors show each id's meaning on hover.
    return {
        "description": what,
        "type": "string",
        "enum": list(ids),
        "oneOf": [{"const": i, "description": descriptions[i]} for i in ids],
    }


def routine_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a routine file, as a JSON-ready dict."""
    regions = {r.id: f"{r.name}: {r.where}" for r in catalog.REGIONS.values()}
    techniques = {
        t.id: f"{t.name} (depth {t.depth}, {t.pressure} pressure): {t.what}"
        for t in catalog.TECHNIQUES.values()
    }
    segment_properties: dict[str, Any] = {
        "region": _enum(list(catalog.REGIONS), regions, "The body region to work on."),
        "technique": _enum(list(catalog.TECHNIQUES), techniques, "How to work it."),
        "duration": _duration(
            MIN_SEGMENT_SECONDS, MAX_SEGMENT_SECONDS, "How long, per side when 'sides' is both."
        ),
        "sides": {
            "description": "both: left then right (two steps); left, right or none (the default): one step.",
            "enum": list(SIDE_SPECS),
        },
        "position": _enum(
            list(positions.POSITIONS),
            {p.id: f"{p.name} ({p.placement}): {p.setup}" for p in positions.POSITIONS.values()},
            "How to place your body; the default depends on the region and technique.",
        ),
        "tool": {
            "description": "What to press with; the default depends on the region and technique. A tool id,"
            " or a word older routines use (tennis ball, foam roller).",
            "type": "string",
            "anyOf": [
                *({"const": t.id, "description": f"{t.name}: {t.setup}"} for t in positions.TOOLS.values()),
                {"enum": sorted(set(positions.TOOL_WORDS) - set(positions.TOOLS))},
            ],
        },
        "get_ready": _duration(
            0, MAX_TRANSITION_SECONDS, "Get-ready before this segment, instead of the computed set-up time."
        ),
        "pressure": {"description": "How hard to press.", "enum": list(PRESSURES)},
        "note": _text("Your own instruction, shown instead of the catalog's."),
    }
    routine_properties: dict[str, Any] = {
        "name": _text("The name shown in the list."),
        "description": _text("One or two sentences shown under the name."),
        "transition": _duration(0, MAX_TRANSITION_SECONDS, "Get-ready time before every step (default 5 s)."),
        "segments": {
            "description": "The segments, in order.",
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/segment"},
        },
        "sounds": {
            "description": "Your own cue sounds (WAV, FLAC, MP3 or OGG Vorbis files of at most 2 MiB),"
            " relative to this file's folder.",
            "type": "object",
            "propertyNames": {"enum": list(CUE_NAMES)},
            "additionalProperties": _text("A path like sounds/bell.wav."),
        },
        "lint": {
            "description": "Lint settings.",
            "type": "object",
            "propertyNames": {"enum": list(LINT_KEYS)},
            "properties": {
                "ignore": {
                    "description": "Lint warnings to silence for this routine.",
                    "type": "array",
                    "items": {"enum": list(LINT_IDS)},
                }
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "unknot routine",
        "description": "A guided self-massage routine for unknot.",
        "type": "object",
        "required": ["name", "segments"],
        "additionalProperties": False,
        # In the loader's key order, so that a key added there shows up (and a test notices it).
        "properties": {key: routine_properties[key] for key in ROUTINE_KEYS},
        "$defs": {
            "segment": {
                "type": "object",
                "required": ["region", "technique", "duration"],
                "additionalProperties": False,
                "properties": {key: segment_properties[key] for key in SEGMENT_KEYS},
            }
        },
    }


def schema_text() -> str:
    """The schema as the text of a ``.json`` file, keys in reading order rather than sorted."""
    return json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n"


def user_schema_path() -> Path:
    """Where :func:`write_user_schema` puts the schema: ``<data dir>/schema/routine.schema.json``."""
    return paths.data_dir() / "schema" / SCHEMA_FILE_NAME


def write_user_schema() -> Path:
    """Write (or refresh) the schema in the user's data folder and return its path.

    Routine files point at this copy rather than into the installed package, whose path changes with
    every upgrade or virtual environment.
    """
    target = user_schema_path()
    text = schema_text()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target.read_text(encoding="utf-8") == text:
            return target
    except OSError:
        pass  # not there yet, or unreadable: write it
    target.write_text(text, encoding="utf-8")
    return target
