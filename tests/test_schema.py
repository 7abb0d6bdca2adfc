"""The JSON Schema: built from the catalog and the loader, and agreeing with the loader where it can.

Where they agree: every routine the loader accepts in tests/data/good and routines/ is valid under the
schema, and every document the schema refuses the loader refuses too. The loader is stricter on purpose;
:data:`LOADER_ONLY` lists the bad files the schema cannot see, each with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from unknot.cli import main
from unknot.errors import RoutineError
from unknot.model import catalog
from unknot.model.routine import (
    CUE_NAMES,
    DURATION_PATTERN,
    PRESSURES,
    SIDE_SPECS,
    DurationError,
    parse_duration,
)
from unknot.paths import builtin_routines_dir
from unknot.routine_files.loader import LINT_IDS, ROUTINE_KEYS, SEGMENT_KEYS, parse_routine, validate_paths
from unknot.routine_files.schema import PACKAGED_SCHEMA, routine_schema, schema_text

DATA = Path(__file__).resolve().parent / "data"
VALIDATOR = jsonschema.Draft202012Validator(routine_schema())

# Bad files the schema accepts, and why it cannot do better.
LOADER_ONLY = {
    "anchor.yaml": "YAML anchors are a reading rule; the data is fine once read",
    "duplicate_key.yaml": "YAML readers keep the last of duplicate keys; JSON Schema never sees both",
    "duplicate_top_key.yaml": "as above, at the top level",
    "over_an_hour.yaml": "a duration text ('61m') cannot be range-checked by a pattern",
    "zero_duration_text.yaml": "likewise '0s'",
    "bad_transition.yaml": "likewise a transition text ('3m') over 120 s",
    "sound_absolute.yaml": "sound paths are resolved on disk",
    "sound_escape.yaml": "sound paths are resolved on disk",
    "sound_folder.yaml": "sound files are checked on disk",
    "sound_home.yaml": "sound paths are resolved on disk",
    "sound_missing.yaml": "sound files are checked on disk",
    "sound_not_wav.yaml": "sound files are checked on disk",
    "hex_duration.yaml": "YAML reads an unquoted 0x10 as the integer 16; only the loader sees the spelling",
    "octal_duration.yaml": "likewise 020 (octal 16 in YAML 1.1, 20 in YAML 1.2)",
    "underscore_duration.yaml": "likewise 1_0 (10)",
    "surrogate_escape.yaml": "patterns see UTF-16 units: refusing a lone half would refuse emoji",
}


def schema_errors(document: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def loader_errors(text: str) -> list[RoutineError]:
    try:
        parse_routine(text.encode(), DATA / "inline.yaml")
    except RoutineError as exc:
        return [exc]
    return []


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(routine_schema())


def test_the_committed_copy_is_the_generated_schema() -> None:
    # Regenerate with:
    # python -c "from unknot.routine_files.schema import *; PACKAGED_SCHEMA.write_text(schema_text())"
    assert PACKAGED_SCHEMA.read_text(encoding="utf-8") == schema_text()


def test_ids_and_keys_come_from_the_catalog_and_the_loader() -> None:
    schema = routine_schema()
    segment = schema["$defs"]["segment"]["properties"]
    assert list(schema["properties"]) == list(ROUTINE_KEYS)
    assert list(segment) == list(SEGMENT_KEYS)
    assert segment["region"]["enum"] == list(catalog.REGIONS)
    assert segment["technique"]["enum"] == list(catalog.TECHNIQUES)
    assert segment["sides"]["enum"] == list(SIDE_SPECS)
    assert segment["pressure"]["enum"] == list(PRESSURES)
    assert schema["properties"]["sounds"]["propertyNames"]["enum"] == list(CUE_NAMES)
    assert schema["properties"]["lint"]["properties"]["ignore"]["items"]["enum"] == list(LINT_IDS)


def test_the_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == routine_schema()


GOOD = sorted(builtin_routines_dir().glob("*.yaml")) + sorted((DATA / "good").glob("*.yaml"))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_good_and_builtin_routines_are_valid_under_both(path: Path) -> None:
    assert validate_paths([path]) == []
    assert schema_errors(yaml.safe_load(path.read_bytes())) == []


def _yaml_document(path: Path) -> tuple[bool, object]:
    try:
        return True, yaml.safe_load(path.read_bytes())
    except (yaml.YAMLError, ValueError):
        return False, None


BAD = sorted((DATA / "bad").glob("*.yaml"))
READABLE = [p for p in BAD if _yaml_document(p)[0]]
UNREADABLE = [p for p in BAD if not _yaml_document(p)[0]]


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_bad_files_are_refused_by_the_schema_unless_listed(path: Path) -> None:
    assert validate_paths([path]) != []
    errors = schema_errors(_yaml_document(path)[1])
    if path.name in LOADER_ONLY:
        assert errors == [], f"{path.name} is now refused by the schema too; drop it from LOADER_ONLY"
    else:
        assert errors != []


@pytest.mark.parametrize("path", UNREADABLE, ids=lambda p: p.name)
def test_files_that_are_not_yaml_at_all_are_refused_by_the_loader(path: Path) -> None:
    # No document comes out of these (bad bytes, syntax, several documents), so there is nothing for the
    # schema to judge: the loader alone refuses them, with a line and column.
    [error] = validate_paths([path])[:1]
    assert error.line >= 1 and error.column >= 1


SEG = "segments:\n  - {region: lumbar, technique: swedish, duration: 60s}\n"

AGREE_VALID = [
    "name: A\n" + SEG,
    "name: A\nsegments:\n  - {region: piriformis, technique: trigger_point, duration: 90, sides: both}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "1:30"}\n',
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 2min}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 90 s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1m 30s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 2 min}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1h 0m}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: " 1 M 30 S "}\n',
    "name: A\ntransition: 2 s\n" + SEG,
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1h}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 3600}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1}\n",
    "name: A\ntransition: 0\n" + SEG,
    "name: A\ntransition: 120\n" + SEG,
    "name: A\ndescription: Two\n  lines.\n" + SEG,
    "name: A\nlint: {ignore: [short-segment, no-warm-up]}\n" + SEG,
    "name: A\nlint: {}\n" + SEG,
    "name: A\nsounds: {}\n" + SEG,
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, pressure: firm, tool: hands,"
    " note: Slowly, sides: none}\n",
]

AGREE_INVALID = [
    "segments: []\n",
    "name: A\n",
    "name: A\nsegments: []\n",
    "name: ''\n" + SEG,
    "name: '   '\n" + SEG,
    "name: 12\n" + SEG,
    "name: A\nsegments: {region: lumbar}\n",
    "name: A\nsegments:\n  - lumbar\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish}\n",
    "name: A\nsegments:\n  - {region: lumber, technique: swedish, duration: 60s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: shiatsu, duration: 60s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 0}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 3601}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: -5}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: -5s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1.5}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1m30}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: soon}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "0x10"}\n',
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 0o20}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "1_0"}\n',
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1_0s}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "٩٠"}\n',
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "１２"}\n',
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: ٩٠s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1 2}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "1: 30"}\n',
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: "1:5"}\n',
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1m 30}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 9 0s}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: true}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, sides: up}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, sides: yes}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, pressure: hard}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, tool: ''}\n",
    "name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, durration: 5}\n",
    'name: A\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s, note: "\\e[2J"}\n',
    "name: A\ntransition: 121\n" + SEG,
    "name: A\ntransition: -1\n" + SEG,
    "name: A\ncolour: red\n" + SEG,
    "name: A\nlint: {ignore: [too-long]}\n" + SEG,
    "name: A\nlint: {ignore: short-segment}\n" + SEG,
    "name: A\nlint: {skip: [short-segment]}\n" + SEG,
    "name: A\nsounds: {ding: a.wav}\n" + SEG,
    "name: A\nsounds: [a.wav]\n" + SEG,
    "- name: A\n",
    "just text\n",
]


@pytest.mark.parametrize("text", AGREE_VALID)
def test_documents_both_accept(text: str) -> None:
    assert loader_errors(text) == []
    assert schema_errors(yaml.safe_load(text)) == []


@pytest.mark.parametrize("text", AGREE_INVALID)
def test_documents_both_refuse(text: str) -> None:
    assert loader_errors(text) != []
    assert schema_errors(yaml.safe_load(text)) != []


def test_the_schema_reads_duration_text_with_the_loaders_own_regex() -> None:
    # One pattern for both; [0-9] rather than \d, which Python (so the jsonschema package) lets match
    # "٩٠" while editors' ECMA-262 regexes do not.
    pattern = routine_schema()["$defs"]["segment"]["properties"]["duration"]["oneOf"][1]["pattern"]
    assert pattern == DURATION_PATTERN
    assert "\\d" not in pattern and "?P<" not in pattern
    texts = ["90", "90s", "90 s", "1m30s", "1m 30s", " 1 m 30 s ", "2 min", "2MIN", "1h 0m", "1:30"]
    texts += ["1:02:03", "1m30", "1 2", "1: 30", "1:5", "0x10", "1_0", "٩٠", "１２", "ſ", "", " ", "m", "-5s"]
    for text in texts:
        try:
            parse_duration(text)
            loader_reads = True
        except DurationError:
            loader_reads = False
        assert (re.search(pattern, text) is not None) == (
            loader_reads and not text.strip().startswith("-")
        ), text
