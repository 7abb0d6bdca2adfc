"""Key bindings checked without Textual: key names, two actions on one key, pause and quit reachable.

The ``[keys]`` table of the settings file rebinds the app's keys by binding id. Textual takes whatever it
is given: a key name it does not know (``"notakey"``, ``"ctrl-p"``) is a binding that never fires, a key
given as a character (``"?"`` rather than ``"question_mark"``) never matches, and a key already bound on
the same screen silently takes the other action's key away, which can leave pause or quit with no key at
all. The core must not import Textual (start-up time, the import contracts), so the names Textual uses
are listed here; a test checks this list against ``textual.keys`` and ``DEFAULT_KEYS`` against the app's
``Binding`` declarations.
"""

from __future__ import annotations

import difflib
import string
import unicodedata
from collections.abc import Mapping

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED = (
    "escape", "enter", "return", "tab", "space", "backspace", "delete", "insert", "home", "end",
    "pageup", "pagedown", "up", "down", "left", "right", *(f"f{n}" for n in range(1, 25)),
)  # fmt: skip
# Textual names a punctuation key by its Unicode name, with a few shortened (textual.keys).
_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def character_key(character: str) -> str:
    """The key name Textual gives a printable character (``?`` -> ``question_mark``)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, character).lower().replace("-", "_").replace(" ", "_")
    return _REPLACEMENTS.get(name, name)


PUNCTUATION = {c: character_key(c) for c in string.punctuation}
KEY_NAMES = frozenset((*_NAMED, *PUNCTUATION.values()))
"""Key names beyond single letters and digits."""

DEFAULT_KEYS: Mapping[str, str] = {
    "app.quit": "ctrl+q",
    "app.suspend": "ctrl+z",
    "app.history": "H",
    "app.phone": "P",
    "player.pause": "space",
    "player.floor": "f",
    "player.go": "enter",
    "player.next": "n",
    "player.previous": "p",
    "player.plus": "plus,equals_sign",
    "player.minus": "minus,underscore",
    "player.hurts": "h",
    "player.restart": "r",
    "player.mute": "m",
    "player.quit": "q",
    "player.help": "question_mark",
    "picker.start": "enter",
    "picker.quit": "q",
    "picker.help": "question_mark",
    "reminder.begin": "enter",
    "reminder.back": "escape",
    "resume.later": "escape",
    "summary.done": "enter",
    "summary.quit": "q",
    "summary.lighter": "s",
    "pain.skip": "escape",
    "history.back": "escape,q",
}
"""Each binding id's keys as the app declares them (a test keeps the two the same)."""

RESERVED = {
    "ctrl+c": "quits the app",
    "ctrl+p": "opens the command palette",
    "tab": "moves the focus",
    "shift+tab": "moves the focus",
}
"""Keys the app or Textual take before any screen sees them."""
MUST_REACH = ("player.pause", "player.quit", "app.quit")
"""Actions that must keep a key that works: pausing the session and leaving the app."""


def key_problem(key: str) -> str | None:
    """What is wrong with one key name (``ctrl+p``, ``k``, ``question_mark``), or None."""
    *modifiers, base = key.split("+")
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"'{key}' has no modifier '{modifier}'; modifiers are {', '.join(MODIFIERS)}"
    if len(base) == 1:
        if base.isalnum():
            return None
        if base in PUNCTUATION:
            return f"write the key '{base}' by its name, '{'+'.join([*modifiers, PUNCTUATION[base]])}'"
        return f"'{base}' is not a key on a keyboard"
    if base in KEY_NAMES:
        return None
    guess = key.replace("-", "+") if "-" in key and key_problem(key.replace("-", "+")) is None else None
    names = sorted(KEY_NAMES)
    close = guess or next(iter(difflib.get_close_matches(base.lower(), names, n=1, cutoff=0.6)), None)
    if close and close != base and not guess:
        close = "+".join([*modifiers, close])
    hint = (
        f"did you mean '{close}'?"
        if close
        else "key names are letters, digits, f1-f24, space, enter, escape, tab, the arrows, or a "
        "character's name such as question_mark"
    )
    return f"'{key}' is not a key name; {hint}"


def keys_of(value: str) -> list[str]:
    """The keys of one binding (``"k,K"`` -> ``["k", "K"]``)."""
    return [k.strip() for k in value.split(",") if k.strip()]


def keymap_problems(keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """Problems of a whole keymap over the defaults, as (binding id to point at, message)."""
    bound = {bid: keys_of(keymap.get(bid, default)) for bid, default in DEFAULT_KEYS.items()}
    problems: list[tuple[str, str]] = []
    ids = sorted(bound)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            scopes = {first.split(".")[0], second.split(".")[0]}
            if len(scopes) > 1 and "app" not in scopes:  # different screens never see the same key
                continue
            shared = sorted(set(bound[first]) & set(bound[second]))
            if shared and (first in keymap or second in keymap):
                where = second if second in keymap else first
                message = (
                    f"'{shared[0]}' is bound to both '{first}' and '{second}'; give one of them another key"
                )
                problems.append((where, message))
    for bid in MUST_REACH:
        usable = [k for k in bound[bid] if k not in RESERVED]
        if not usable and bid in keymap:
            taken = bound[bid][0]
            problems.append((bid, f"'{bid}' on '{taken}' could never be pressed: {taken} {RESERVED[taken]}"))
    for bid in keymap:
        for key in keys_of(keymap[bid]):
            if key in RESERVED and bid in DEFAULT_KEYS and key not in keys_of(DEFAULT_KEYS[bid]):
                problems.append((bid, f"'{key}' cannot be bound to '{bid}': {key} {RESERVED[key]}"))
    return problems


_SHOWN = {"enter": "Enter", "escape": "Esc", "space": "space", "backspace": "Backspace"}
_CHARACTERS = {name: char for char, name in PUNCTUATION.items()}


def key_display(key: str) -> str:
    """How a hint on screen names a key: ``Enter``, ``Esc``, ``space``, ``?``, ``ctrl+k``."""
    *modifiers, base = key.split("+")
    return "+".join([*modifiers, _SHOWN.get(base) or _CHARACTERS.get(base) or base])


def bound_key(keymap: Mapping[str, str], binding_id: str) -> str:
    """The first key bound to ``binding_id`` (the settings' keymap over the default), as hints name it."""
    keys = keys_of(keymap.get(binding_id) or DEFAULT_KEYS[binding_id])
    return key_display(keys[0] if keys else DEFAULT_KEYS[binding_id])


LINE_CONTROLS: Mapping[str, str] = {
    "player.pause": "toggle_pause",
    "player.next": "next",
    "player.previous": "previous",
    "player.plus": "plus",
    "player.minus": "minus",
    "player.hurts": "hurts",
    "player.restart": "restart",
    "player.quit": "quit",
    "player.help": "help",
}
"""The player's bindings plain mode has too, with the runner control each asks for. Plain mode reads its
keys from the same bindings as the app (the settings' ``[keys]`` over :data:`DEFAULT_KEYS`), so a key means
the same in both front ends: ``p`` goes back a step in each, space pauses."""


def typed_character(key: str) -> str | None:
    """The character a key types on a line (``space`` -> ``" "``, ``question_mark`` -> ``?``), or None
    for a key that types none (``enter``, ``escape``, ``ctrl+k``)."""
    if "+" in key.strip("+"):  # a modifier: nothing a line of text can hold
        return None
    if len(key) == 1 and key.isalnum():
        return key
    return " " if key == "space" else _CHARACTERS.get(key)


def line_controls(keymap: Mapping[str, str]) -> dict[str, str]:
    """Each character plain mode reads as a key, with its control, from the app's bindings."""
    controls: dict[str, str] = {}
    for binding_id, control in LINE_CONTROLS.items():
        for key in keys_of(keymap.get(binding_id) or DEFAULT_KEYS[binding_id]):
            character = typed_character(key)
            if character is not None:
                controls.setdefault(character, control)
    return controls


def typed_key(keymap: Mapping[str, str], binding_id: str) -> str | None:
    """The first key of ``binding_id`` that can be typed on a line, as hints name it; None if none can."""
    keys = keys_of(keymap.get(binding_id) or DEFAULT_KEYS[binding_id])
    return next((key_display(key) for key in keys if typed_character(key) is not None), None)
