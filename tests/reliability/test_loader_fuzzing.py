"""Fuzzed routine files: each loads as a routine or fails as a RoutineError with a line and column.

Hypothesis picks the seeds (derandomized, so every machine runs the same files); each seed drives a cheap
generator of structured documents -- renamed and misspelt keys, swapped types, odd durations, unicode,
nesting, sharing -- written out in varied YAML styles, then sometimes damaged with byte noise, other line
breaks, encodings, tags, extra documents or truncation. Generating with plain ``random`` keeps 10,000
examples within seconds; a failure reports its seed, which rebuilds the same bytes.
``UNKNOT_RELIABILITY_FUZZ`` sets the count: `make test` runs a fixed sample of 2,000, `make bench` the full
10,000.
"""

from __future__ import annotations

import os
import random
import time
import traceback
from collections import Counter
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import Figure
from tests.test_loader_fuzz import REGION_IDS, TECHNIQUE_IDS, check
from unknot.errors import RoutineError
from unknot.model.routine import CUE_NAMES, PRESSURES, SIDE_SPECS, Routine
from unknot.routine_files.loader import LINT_IDS, ROUTINE_KEYS, SEGMENT_KEYS

# 2,000 keeps `make test` quick (about 3 s of CPU instead of 15 s); the seeds are derandomized, so the
# sample is the same on every machine and every run. `make bench` runs the full 10,000.
EXAMPLES = int(os.environ.get("UNKNOT_RELIABILITY_FUZZ", "2000"))
# A named profile (for `--hypothesis-profile`-style reuse); this test applies it itself, so a given count
# always runs the same examples.
settings.register_profile(
    "unknot-reliability",
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
RELIABILITY = settings.get_profile("unknot-reliability")
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# ----------------------------------------------------------------------------------- building blocks

UNICODE = [
    "Épaule",
    "背中のほぐし",
    "שחרור גב",  # right to left
    "💆‍♀️ relax",
    "e\u0301\u0301\u0301",  # combining marks
    "zero\u200bwidth",
    "\ufeffbom inside",
    "ｆｕｌｌｗｉｄｔｈ",
    "nаme",  # Cyrillic a
    "tab\there",
    "line\u2028sep",
    "\U0001f9b4" * 20,
    "a" * 300,
    " ",
    "",
    "~",
    "null",
    "yes",
    "- item",
    "key: value",
    "#comment",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "@",
    "`",
    "'quoted'",
    '"dq"',
    "\\",
    "{flow}",
    "[seq]",
    "\x07bell",
    "\x00nul",
    "\x85nel",
    "\ud800",  # a lone surrogate: cannot be UTF-8, so it is written with surrogatepass
]
DURATIONS: list[Any] = [
    1,
    5,
    90,
    3600,
    3601,
    0,
    -5,
    10**20,
    1.5,
    float("nan"),
    float("inf"),
    True,
    None,
    "90",
    "90s",
    "1m30s",
    "1m",
    "1:30",
    "0:00",
    "1:3",
    "1:60",
    "60:00",
    "1h",
    "2h30m",
    "90 s",
    " 90s ",
    "1e3",
    "0x10",
    "0o17",
    "١٢",
    "９０",
    "∞",
    "",
    "s",
    "m30",
    "1m1m",
    "-1:30",
    "+90",
    "90S",
    "1M30S",
    "½",
]
GOOD_DURATIONS: list[Any] = [1, 5, 30, 90, 3600, "90", "45s", "1m30s", "2m", "1:30", "0:05", "59:59"]
CLEAN = [
    "SI joint",
    "Lower back",
    "Épaule",
    "背中のほぐし",
    "שחרור גב",
    "💆‍♀️ relax",
    "e\u0301",
    "- x",
    "a: b",
    "#1",
]
KEYS = [
    *ROUTINE_KEYS,
    *SEGMENT_KEYS,
    "ignore",
    "durration",
    "segment",
    "Segments",
    "NAME",
    "regions",
    "side",
    "<<",
    "?",
    "",
    "name ",
    " name",
    "nаme",
    "1",
    "true",
    "null",
]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(UNICODE)
    return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0xA0, 0x2FFF)])) for _ in range(8))


def _odd(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.randrange(12)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, False])
    if pick == 2:
        return rng.randint(-(10**12), 10**12)
    if pick == 3:
        return rng.choice([0.5, -0.0, 1e308, float("nan"), float("inf"), 3.14])
    if pick == 4:
        return _text(rng)
    if pick == 5 and depth < 3:
        return [_odd(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if pick == 6 and depth < 3:
        return {_text(rng): _odd(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if pick == 7:
        return rng.choice(DURATIONS)
    if pick == 8:
        return rng.choice([*REGION_IDS, *TECHNIQUE_IDS, *CUE_NAMES, *LINT_IDS, *SIDE_SPECS, *PRESSURES])
    if pick == 9:
        return rng.choice(["2024-02-30", "2024-01-01", "12:30:00", "1_000", "0b101", ".inf", "~", "<<", "="])
    return rng.choice(KEYS)


def _odd_key(rng: random.Random) -> Any:
    return rng.choice([None, True, 0, -1, 1.5, float("nan"), _text(rng), rng.choice(DURATIONS)])


def _segment(rng: random.Random) -> dict[Any, Any]:
    segment: dict[Any, Any] = {
        "region": rng.choice(REGION_IDS),
        "technique": rng.choice(TECHNIQUE_IDS),
        "duration": rng.choice(GOOD_DURATIONS) if rng.random() < 0.9 else rng.choice(DURATIONS),
    }
    if rng.random() < 0.4:
        segment["sides"] = rng.choice(SIDE_SPECS)
    if rng.random() < 0.3:
        segment["pressure"] = rng.choice(PRESSURES)
    if rng.random() < 0.3:
        segment["tool"] = rng.choice(["foam roller", "lacrosse ball", "hands", *CLEAN, _text(rng)])
    if rng.random() < 0.3:
        segment["note"] = rng.choice(CLEAN) if rng.random() < 0.8 else _text(rng)
    return segment


def _routine(rng: random.Random) -> dict[Any, Any]:
    routine: dict[Any, Any] = {
        "name": rng.choice(CLEAN) if rng.random() < 0.8 else _text(rng),
        "segments": [_segment(rng) for _ in range(rng.randint(1, 6))],
    }
    if rng.random() < 0.3:
        routine["description"] = rng.choice(CLEAN) if rng.random() < 0.8 else _text(rng)
    if rng.random() < 0.4:
        routine["transition"] = rng.choice([0, 2, 5, 120, "5s", "0:05", 121, -1, "x"])
    if rng.random() < 0.2:
        routine["lint"] = {"ignore": rng.sample(LINT_IDS, rng.randint(0, len(LINT_IDS)))}
    if rng.random() < 0.1:
        sound = rng.choice(["a.wav", "../x.wav", "/etc/passwd"])
        routine["sounds"] = {rng.choice([*CUE_NAMES, "bogus"]): sound}
    return routine


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, dict | list) else []
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for child in children:
        found.extend(_containers(child))
    return found


def _mutate(rng: random.Random, document: Any) -> Any:
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
        found = _containers(document)
        if not found:
            break
        target = rng.choice(found)
        action = rng.choice(["rename", "misspell", "retype", "delete", "nest", "deep", "share", "add", "top"])
        if isinstance(target, dict) and target:
            key = rng.choice(list(target))
            if action == "rename":
                target[rng.choice(KEYS)] = target.pop(key)
            elif action == "misspell" and isinstance(key, str) and key:
                at = rng.randrange(len(key))
                target[key[:at] + rng.choice("aeiouxé_ ") + key[at + 1 :]] = target.pop(key)
            elif action == "retype":
                target[key] = _odd(rng)
            elif action == "delete":
                del target[key]
            elif action == "nest":
                target[key] = rng.choice([[target[key]], {"x": target[key]}])
            elif action == "deep":
                value = target[key]
                for _level in range(rng.randint(2, 30)):
                    value = [value] if rng.random() < 0.5 else {"k": value}
                target[key] = value
            elif action == "share":
                target[rng.choice(KEYS)] = target[key]  # dumped as an anchor and an alias
            elif action == "add":
                target[_odd_key(rng) if rng.random() < 0.2 else rng.choice(KEYS)] = _odd(rng)
            elif action == "top":
                document = rng.choice([[document], "text", 5, None, {}, []])
        elif isinstance(target, list) and target:
            index = rng.randrange(len(target))
            if action in ("retype", "add", "rename", "misspell"):
                target[index] = _odd(rng)
            elif action == "delete":
                del target[index]
            elif action in ("nest", "deep"):
                target[index] = [target[index]]
            elif action == "share":
                target.append(target[index])
    return document


def _dump(rng: random.Random, document: Any) -> bytes:
    try:
        text = yaml.dump(
            document,
            Dumper=Dumper,
            default_flow_style=rng.choice([None, False, True]),
            default_style=rng.choice([None] * 12 + ['"', "'"]),
            allow_unicode=rng.random() < 0.7,
            explicit_start=rng.random() < 0.2,
            width=rng.choice([80, 20, 1000]),
            indent=rng.choice([2, 2, 4, 9]),
            sort_keys=False,
        )
    except (yaml.YAMLError, ValueError, TypeError):
        text = repr(document)  # keys the dumper cannot write: the text is fuzz all the same
    return text.encode("utf-8", "surrogatepass")


def _damage(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    action = rng.randrange(12)
    if action < 4:  # byte noise
        for _ in range(rng.randint(1, 6)):
            at = rng.randint(0, len(data))
            noise = rng.choice(
                [
                    bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))),
                    b"\t",
                    b"  ",
                    b"\n",
                    b"- ",
                    b": ",
                    b"&a ",
                    b"*a",
                    b"---\n",
                    b"[",
                    b"{",
                    b"}",
                    b"'",
                    b'"',
                    b"#",
                    b"\x00",
                    b"\xff",
                    b"\xc3",
                    "é".encode(),
                ]
            )
            kind = rng.randrange(3)
            if kind == 0:
                data[at:at] = noise
            elif kind == 1:
                data[at : at + len(noise)] = noise
            else:
                del data[at : at + len(noise)]
        return bytes(data)
    if action == 4:
        brk = rng.choice([b"\r\n", b"\r", "\u2028".encode(), "\x85".encode(), "\u2029".encode()])
        return raw.replace(b"\n", brk)
    if action == 5:
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + raw
    if action == 6:
        return raw.decode("utf-8", "replace").encode(rng.choice(["utf-16", "utf-32", "latin-1"]), "replace")
    if action == 7:
        head = rng.choice(
            [
                b"%YAML 1.1\n---\n",
                b"%TAG ! tag:x,2000:\n---\n",
                b"--- !!python/object:os.system\n",
                b"--- |\n",
            ]
        )
        return head + raw
    if action == 8:
        return raw + rng.choice([b"\n---\nsecond: doc\n", b"\n...\n", b"\n# end", b"\nname: again\n"])
    if action == 9:
        return raw[: rng.randint(0, len(raw))]
    if action == 10:  # a line twice: duplicate keys
        lines = raw.split(b"\n")
        at = rng.randrange(len(lines))
        lines.insert(at, lines[at])
        return b"\n".join(lines)
    return raw.replace(b"  ", b"\t", rng.randint(1, 3))


def _raw(rng: random.Random) -> bytes:
    pick = rng.randrange(4)
    if pick == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    if pick == 1:
        alphabet = ":-?[]{},&*!|>'\"%@`#\n\n\n  \t\r\\.0123456789abcdeflmnorstuwxyzé\u2028\x85"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))).encode()
    if pick == 2:
        depth = rng.randint(1, 400)
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
        return f"name: x\nsegments: {opener * depth}1{closer * depth}\n".encode()
    levels = rng.randint(1, 9)
    lines = ["a0: &a0 [lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return ("\n".join(lines) + "\nname: x\n").encode()


def document(seed: int) -> bytes:
    """The fuzzed file for ``seed``."""
    rng = random.Random(seed)
    if rng.random() < 0.1:
        return _raw(rng)
    raw = _dump(rng, _mutate(rng, _routine(rng)))
    return _damage(rng, raw) if rng.random() < 0.45 else raw


# ----------------------------------------------------------------------------------------- the test


def test_fuzzed_routine_files_never_crash_the_loader(figure: Figure) -> None:
    outcomes: Counter[str] = Counter()
    failures: list[str] = []

    @RELIABILITY
    @given(st.integers(0, 2**64 - 1))
    def one(seed: int) -> None:
        data = document(seed)
        try:
            outcome = check(data)
        except Exception:
            failures.append(f"seed {seed}: {data[:120]!r}\n{traceback.format_exc(limit=-3)}")
            outcomes["traceback"] += 1
            return
        outcomes["routine" if isinstance(outcome, Routine) else "error"] += 1
        assert isinstance(outcome, Routine | RoutineError)

    start = time.perf_counter()
    one()
    took = time.perf_counter() - start
    total = sum(outcomes.values())
    figure(f"{total} fuzzed: {len(failures)} tracebacks")
    figure(
        f"  ({outcomes['routine']} valid routines, {outcomes['error']} RoutineErrors with line:col, "
        f"{took:.1f} s)"
    )
    assert not failures, "\n\n".join(failures[:5])
    assert total >= EXAMPLES * 0.99, f"only {total} examples ran"
    # Both outcomes must be common, or the generator has stopped exercising one side of the loader.
    assert outcomes["routine"] >= total // 50
    assert outcomes["error"] >= total // 4
