"""What a setting may hold: one small check per kind of value, each saying what is allowed.

The :class:`~unknot.settings.declaration.Settings` declaration names a check for every field; a check
takes the value as TOML gave it and returns what is wrong with it (the end of "volume: ..."), or None.
Core module: no Textual here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from unknot.keymap import DEFAULT_KEYS, key_problem, keymap_problems, keys_of
from unknot.model.routine import DurationError, parse_duration
from unknot.routine_files.yamlsafe import closest

Check = Callable[[object], str | None]
"""What is wrong with a value, or None when it is fine."""

BINDING_IDS = tuple(sorted(DEFAULT_KEYS))
"""Every binding id ``[keys]`` may rebind: the ids of the app's ``Binding(id=...)`` declarations (a test
checks the two agree; the core cannot import the UI to read them)."""

_BINDING_ID = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+")


def whole_number(low: int, high: int) -> Check:
    """A whole number from ``low`` to ``high`` (TOML's true is not a number here)."""

    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from {low} to {high}, not {shown(value)}"
        if not low <= value <= high:
            return f"must be from {low} to {high}, not {value}"
        return None

    return check


def true_or_false(value: object) -> str | None:
    """TOML's ``true`` or ``false``."""
    return None if isinstance(value, bool) else f"must be true or false, not {shown(value)}"


def one_of(choices: Sequence[str]) -> Check:
    """One of a few words, in quotes; the message lists them all."""
    words = [json.dumps(c) for c in choices]
    listed = (
        f"{words[0]} or {words[1]}" if len(words) == 2 else f"one of {', '.join(words[:-1])} or {words[-1]}"
    )

    def check(value: object) -> str | None:
        return None if value in choices else f"must be {listed}, not {shown(value)}"

    return check


def a_name(value: object) -> str | None:
    """A name in quotes that is not blank (a routine id, a theme)."""
    if isinstance(value, str) and value.strip():
        return None
    return f"must be a name in quotes, not {shown(value)}"


def seconds(low: int, high: int) -> Check:
    """A duration as routines write it (``8``, ``"8s"``, ``"1m"``), from ``low`` to ``high`` seconds."""

    def check(value: object) -> str | None:
        try:
            number = parse_duration(value)
        except DurationError as exc:
            return f"must be a number of seconds: {exc}"
        if not low <= number <= high:
            return f"must be from {low} to {high} seconds, not {number}"
        return None

    return check


def key_bindings(value: object) -> str | None:
    """A table of binding ids and keys, each key known, no clashes, pause and quit still reachable."""
    if not isinstance(value, dict):
        return 'must be a table of binding ids and keys, e.g. [keys] then "player.pause" = "p"'
    for binding, keys in value.items():
        problem = binding_problem(binding, keys)
        if problem:
            return problem
    clashes = keymap_problems(value)
    return clashes[0][1] if clashes else None


def key_binding_problems(keymap: dict[str, object]) -> list[tuple[str, str]]:
    """Every problem of a ``[keys]`` table, once per binding id: (the binding id to point at, message).

    A line that is wrong by itself (an unknown id, a key name that is no key) is said first; clashes and
    unreachable keys are looked for among the lines that are right by themselves.
    """
    problems = [(b, p) for b, keys in keymap.items() if (p := binding_problem(b, keys))]
    fine = {b: keys for b, keys in keymap.items() if isinstance(keys, str) and b not in dict(problems)}
    for binding, message in keymap_problems(fine):
        if binding not in dict(problems):
            problems.append((binding, message))
    return problems


def binding_problem(binding: str, keys: object) -> str | None:
    """What is wrong with one ``"binding id" = "keys"`` line, or None."""
    if binding not in BINDING_IDS:
        close = closest(binding, BINDING_IDS)
        # "pause" alone most likely means the binding of that action on the player screen.
        suffix = [b for b in BINDING_IDS if b.split(".", 1)[1] == binding.lower()]
        close = close or next(iter(suffix), None)
        hint = f"did you mean '{close}'?" if close else f"the binding ids are {', '.join(BINDING_IDS)}"
        if _BINDING_ID.fullmatch(binding):
            return f"unknown binding id '{binding}'; {hint}"
        return f"'{binding}' is not a binding id; {hint}"
    if not isinstance(keys, str) or not keys.strip() or any(c.isspace() for c in keys):
        return f'\'{binding}\' must be a key name in quotes such as "p" or "ctrl+p", not {shown(keys)}'
    return next(filter(None, map(key_problem, keys_of(keys))), None)


def shown(value: object) -> str:
    """A value as it would be written in the file, for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)
