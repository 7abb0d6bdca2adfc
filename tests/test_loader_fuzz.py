"""Whatever bytes a routine file holds, loading it gives a Routine or a RoutineError, nothing else.

Examples per test: 300 by default, ``UNKNOT_FUZZ_EXAMPLES=20000`` for a long run. Derandomized, so a
failure in CI is a failure on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.errors import RoutineError
from unknot.model import catalog
from unknot.model.positions import POSITIONS, TOOLS, tool_id
from unknot.model.routine import CUE_NAMES, PRESSURES, SIDE_SPECS, Routine, parse_duration
from unknot.routine_files.loader import LINT_IDS, parse_routine
from unknot.safetext import line_flaw

EXAMPLES = int(os.environ.get("UNKNOT_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Sounds resolve against the routine's folder; this one holds nothing, so sound entries fail cleanly.
PATH = Path(__file__).parent / "data" / "fuzz" / "fuzz.yaml"

REGION_IDS = sorted(catalog.REGIONS)
TECHNIQUE_IDS = sorted(catalog.TECHNIQUES)


# Text a person could mean: no control characters (the loader refuses those in text values).
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))


def one_line(text: str) -> bool:
    """A name or description the loader takes: not blank, and no line break, bidi control or invisible
    character (those forge lines or hide text on a terminal; see unknot.safetext)."""
    return bool(text.strip()) and line_flaw(text) is None


def check(data: bytes) -> Routine | RoutineError:
    """Load ``data``; fail the test on anything but a routine or a well-placed RoutineError."""
    try:
        return parse_routine(data, PATH)
    except RoutineError as error:
        assert error.line >= 1
        assert error.column >= 1
        assert error.message
        assert error.path == PATH
        breaks = sum(data.count(b) for b in (b"\n", b"\r", "\u2028".encode(), "\u2029".encode()))
        assert error.line <= breaks + data.count("\x85".encode()) + 2
        return error


# ------------------------------------------------------------------------------------- raw input


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    check(data)


YAML_ALPHABET = list(":-?[]{},&*!|>'\"%@`#\n\n\n  \t\r\\.0123456789abcdeflmnorstuwxyzé\u2028\x85")


@FUZZ
@given(st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=600))
def test_yaml_punctuation_soup(text: str) -> None:
    check(text.encode("utf-8"))


@FUZZ
@given(st.text(max_size=300))
def test_any_unicode_after_a_valid_head(text: str) -> None:
    head = "name: x\nsegments:\n  - region: lumbar\n    technique: swedish\n    duration: "
    check((head + text).encode("utf-8", "surrogatepass"))


# --------------------------------------------------------------------------- structured documents

DURATION_SPELLINGS = st.one_of(
    st.integers(1, 3600),
    st.integers(1, 3600).map(lambda s: f"{s}s"),
    st.integers(1, 59).map(lambda m: f"{m}m"),
    st.tuples(st.integers(0, 59), st.integers(0, 59))
    .filter(lambda ms: ms != (0, 0))
    .map(lambda ms: f"{ms[0]}:{ms[1]:02d}"),
    st.tuples(st.integers(1, 59), st.integers(1, 59)).map(lambda ms: f"{ms[0]}m{ms[1]}s"),
)


@st.composite
def segments(draw: st.DrawFn) -> dict[str, Any]:
    segment: dict[str, Any] = {
        "region": draw(st.sampled_from(REGION_IDS)),
        "technique": draw(st.sampled_from(TECHNIQUE_IDS)),
        "duration": draw(DURATION_SPELLINGS),
    }
    if draw(st.booleans()):
        segment["sides"] = draw(st.sampled_from(SIDE_SPECS))
    if draw(st.booleans()):
        segment["pressure"] = draw(st.sampled_from(PRESSURES))
    if draw(st.booleans()):
        tools = ["foam roller", "lacrosse ball", "hands", "Soft Ball", "double_ball", *TOOLS]
        segment["tool"] = draw(st.sampled_from(tools))
    if draw(st.booleans()):
        segment["position"] = draw(st.sampled_from(list(POSITIONS)))
    if draw(st.booleans()):
        segment["get_ready"] = draw(
            st.one_of(st.integers(0, 120), st.integers(0, 120).map(lambda n: f"{n}s"))
        )
    if draw(st.booleans()):
        segment["note"] = draw(st.text(TEXT, min_size=1, max_size=40).filter(str.strip))
    return segment


@st.composite
def routines(draw: st.DrawFn) -> dict[str, Any]:
    routine: dict[str, Any] = {
        "name": draw(st.text(TEXT, min_size=1, max_size=30).filter(one_line)),
        "segments": draw(st.lists(segments(), min_size=1, max_size=5)),
    }
    if draw(st.booleans()):
        routine["description"] = draw(st.text(TEXT, min_size=1, max_size=60).filter(one_line))
    if draw(st.booleans()):
        routine["transition"] = draw(st.integers(0, 120))
    if draw(st.booleans()):
        routine["lint"] = {"ignore": draw(st.lists(st.sampled_from(LINT_IDS), max_size=4))}
    return routine


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["1:30", "90s", "1m30", "-5", "0", "1e3", "yes", "~", "", "<<", "=", "2024-02-30"]),
    st.sampled_from(REGION_IDS + TECHNIQUE_IDS + list(CUE_NAMES) + list(LINT_IDS)),
)
KEY_NAMES = st.one_of(
    st.sampled_from(
        [
            "name",
            "segments",
            "region",
            "technique",
            "duration",
            "durration",
            "sides",
            "sounds",
            "lint",
            "ignore",
            "start",
            "tool",
            "<<",
            "Name",
        ]
    ),
    st.text(max_size=10),
)


def containers(value: Any) -> list[Any]:
    """Every dict and list inside ``value``, ``value`` included."""
    found = [value] if isinstance(value, dict | list) else []
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for child in children:
        found.extend(containers(child))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid routine with a few things broken: keys renamed, values swapped, nesting, sharing."""
    document: Any = draw(routines())
    for _ in range(draw(st.integers(0, 4))):
        found = containers(document)
        if not found:
            break
        target = draw(st.sampled_from(found))
        action = draw(st.sampled_from(["rename", "retype", "delete", "nest", "share", "add", "top"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target, key=str)))
            if action == "rename":
                target[draw(KEY_NAMES)] = target.pop(key)
            elif action == "retype":
                target[key] = draw(ODD_VALUES)
            elif action == "delete":
                del target[key]
            elif action == "nest":
                target[key] = draw(st.sampled_from([[target[key]], {"x": target[key]}]))
            elif action == "share":
                # The same object twice: safe_dump writes an anchor and an alias.
                target[draw(KEY_NAMES)] = target[key]
            elif action == "add":
                target[draw(KEY_NAMES)] = draw(ODD_VALUES)
            else:
                document = draw(st.sampled_from([[document], "text", 5, None, document]))
        elif isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            if action in ("retype", "add"):
                target[index] = draw(ODD_VALUES)
            elif action == "delete":
                del target[index]
            elif action == "nest":
                target[index] = [target[index]]
            elif action == "share":
                target.append(target[index])
    return document


def dump(document: Any, flow: bool | None, unicode: bool) -> bytes:
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode, sort_keys=False).encode(
        "utf-8"
    )


@FUZZ
@given(routines(), st.sampled_from([None, False, True]), st.booleans())
def test_valid_routines_load_as_written(document: dict[str, Any], flow: bool | None, unicode: bool) -> None:
    outcome = check(dump(document, flow, unicode))
    assert isinstance(outcome, Routine), str(outcome)
    assert outcome.name == document["name"].strip()
    assert len(outcome.segments) == len(document["segments"])
    for segment, written in zip(outcome.segments, document["segments"], strict=True):
        assert segment.region == written["region"]
        assert segment.technique == written["technique"]
        assert segment.sides == written.get("sides", "none")
        assert 1 <= segment.seconds <= 3600
        assert segment.line >= 1
        assert segment.tool == (tool_id(written["tool"]) if "tool" in written else None)
        assert segment.position == written.get("position")
        if "get_ready" in written:
            assert segment.get_ready == parse_duration(written["get_ready"])
    assert outcome.transition == document.get("transition", 5)


@FUZZ
@given(mutated(), st.sampled_from([None, False, True]), st.booleans())
def test_mutated_routines(document: Any, flow: bool | None, unicode: bool) -> None:
    check(dump(document, flow, unicode))


@FUZZ
@given(routines(), st.data())
def test_byte_noise(document: dict[str, Any], data: st.DataObject) -> None:
    raw = bytearray(dump(document, None, True))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "replace", "delete"]))
        noise = data.draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b"\t", b"  ", b"\n", b"- ", b": ", b"&a ", b"*a", b"---\n", b"[", b"{"]),
            )
        )
        if action == "insert":
            raw[at:at] = noise
        elif action == "replace":
            raw[at : at + len(noise)] = noise
        else:
            del raw[at : at + len(noise)]
    check(bytes(raw))


@FUZZ
@given(st.integers(1, 40), st.sampled_from(["[", "{a: ", "- ", "  - "]))
def test_deep_nesting(depth: int, opener: str) -> None:
    if opener == "[":
        text = "name: x\nsegments: " + "[" * depth + "]" * depth
    elif opener == "{a: ":
        text = "name: x\nsegments: " + "{a: " * depth + "1" + "}" * depth
    else:
        text = "name: x\nsegments:\n" + "".join(
            " " * (2 * level) + opener.strip() + "\n" for level in range(depth)
        )
    check(text.encode())
