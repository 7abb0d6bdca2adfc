"""The settings file: ``config.toml`` in the user's config folder (``UNKNOT_CONFIG_DIR`` moves it).

Every key is optional; a missing file means the defaults. A file that cannot be used raises
:class:`~unknot.errors.SettingsError` pointing at ``PATH:LINE:COL``, as routine files do, with a
"did you mean" for a misspelt key. unknot owns the format: :func:`save_setting` writes the whole file back
(the keys it holds, with a header comment), so the app can remember a choice such as the theme.

Core module: no Textual here.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from unknot import paths
from unknot.errors import InputError, SettingsError
from unknot.keymap import DEFAULT_KEYS, key_problem, keymap_problems, keys_of
from unknot.model.routine import MAX_TRANSITION_SECONDS, DurationError, Routine, parse_duration

if TYPE_CHECKING:
    from collections.abc import Iterable

SETUP_MODES = ("timed", "wait")
"""The values of ``setup``."""
FILE_NAME = "config.toml"
DEFAULT_ROUTINE = "si-joint-10"
KEYS = (
    "volume",
    "voice",
    "default_routine",
    "get_ready",
    "setup",
    "breathing_pacer",
    "theme",
    "ask_pain",
    "flash",
    "keys",
)
"""Every key a settings file may hold (``keys`` is the ``[keys]`` table)."""
BINDING_IDS = tuple(sorted(DEFAULT_KEYS))
"""Every binding id ``[keys]`` may rebind: the ids of the app's ``Binding(id=...)`` declarations (a test
checks the two agree; the core cannot import the UI to read them)."""
OWN_THEMES = ("unknot-high-contrast",)
"""The themes unknot adds to Textual's own (see ``unknot.ui.themes``)."""
ASK_PAIN = ("both", "after", "never")
"""What ``ask_pain`` may be: ask before and after a session, only after, or never."""
FLASH_MODES = ("screen", "countdown", "off")
"""The values of ``flash``: what lights up on a cue."""

_BINDING_ID = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_HEADER = (
    "# unknot settings. unknot rewrites this file when you change a setting in the app;\n"
    "# see `unknot config` for the values in effect. Every key is optional.\n"
)


@dataclass(frozen=True)
class Settings:
    """The settings in effect: the file's values over the defaults."""

    volume: int = 100
    """Cue volume, 0 to 100 percent."""
    voice: bool = False
    """Say the next segment aloud during get-ready."""
    default_routine: str = DEFAULT_ROUTINE
    """The routine ``unknot run`` starts when none is named."""
    get_ready: int | None = None
    """Seconds of get-ready before each step, overriding every routine's own ``transition``."""
    setup: str = "timed"
    """``timed``: every get-ready counts down and the step starts; ``wait``: a get-ready that changes
    position or tool holds at "Ready? space to start" once counted down."""
    breathing_pacer: bool = True
    """Show a slow-breathing pacer during myofascial-release and deep-tissue holds."""
    theme: str | None = None
    """The app's theme by name; None for the default."""
    ask_pain: str = "both"
    """Which ratings are asked: ``both`` (before and after), ``after`` or ``never``."""
    flash: str = "screen"
    """What lights up on a cue: the whole ``screen``, the ``countdown`` alone, or nothing (``off``)."""
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Keys by binding id, e.g. ``{"player.pause": "p"}``."""


def settings_path() -> Path:
    """Where the settings file lives: ``<config dir>/config.toml``."""
    return paths.config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings from ``path`` (default :func:`settings_path`); the defaults when there is no file.

    Raises :class:`SettingsError` for a file that cannot be read or holds a bad value.
    """
    return _settings(_read(path or settings_path()))


def save_setting(key: str, value: Any, path: Path | None = None) -> Settings:
    """Set one key (``None`` removes it, back to the default) and write the file; returns the new settings.

    ``key`` may be ``keys.<binding id>`` to set one key binding. The other keys in the file are kept. A
    bad new value raises :class:`ValueError`; a bad existing file raises :class:`SettingsError` and is
    left as it is.
    """
    path = path or settings_path()
    raw = _read(path)
    keymap = dict(raw.get("keys", {}))
    if key.startswith("keys."):
        keymap[key[len("keys.") :]] = value
        key, value = "keys", keymap
    if key not in KEYS:
        raise ValueError(f"unknown setting {key!r}{_hint(key, KEYS)}")
    if value is None:
        raw.pop(key, None)
    else:
        if key == "keys":
            value = {k: v for k, v in value.items() if v is not None}
        problem = _problem(key, value)
        if problem is not None:
            raise ValueError(f"{key}: {problem}")
        raw[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(format_settings(raw), encoding="utf-8")
    temporary.replace(path)
    return _settings(raw)


def format_settings(values: Mapping[str, Any]) -> str:
    """Settings as the text of a settings file (with the header comment)."""
    lines = [_HEADER]
    for key in KEYS:
        if key != "keys" and values.get(key) is not None:
            lines.append(f"{key} = {toml_value(values[key])}\n")
    keymap = values.get("keys") or {}
    if keymap:
        lines.append("\n[keys]\n")
        lines.extend(f"{toml_value(k)} = {toml_value(v)}\n" for k, v in sorted(keymap.items()))
    return "".join(lines)


def toml_value(value: object) -> str:
    """A bool, int or string written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def with_get_ready(routine: Routine, settings: Settings) -> Routine:
    """The routine with the ``get_ready`` override applied (the same routine when there is none)."""
    if settings.get_ready is None or settings.get_ready == routine.transition:
        return routine
    return replace(routine, transition=settings.get_ready)


def default_routine(settings: Settings, path: Path | None = None) -> Routine:
    """The routine ``unknot run`` starts when no id is given: the settings' ``default_routine``.

    An id that names no routine raises :class:`SettingsError` at the ``default_routine`` line of the
    settings file (``path``, default :func:`settings_path`), with a "did you mean"; a broken routine file
    raises its own :class:`~unknot.errors.RoutineError`.
    """
    from unknot.routine_files.discovery import UnknownRoutine, resolve

    try:
        return resolve(settings.default_routine)
    except UnknownRoutine as exc:
        raise _default_routine_error(path or settings_path(), str(exc)) from exc


def default_routine_problem(settings: Settings, path: Path | None = None) -> SettingsError | None:
    """What stops ``default_routine`` from starting (unknown, or a broken file); None when it loads."""
    try:
        default_routine(settings, path)
    except SettingsError as exc:
        return exc
    except InputError as exc:
        return _default_routine_error(path or settings_path(), f"'{settings.default_routine}': {exc}")
    return None


def theme_problem(theme: str | None, known: Iterable[str], path: Path | None = None) -> SettingsError | None:
    """A ``theme`` that is none of ``known`` (unknot's own themes and Textual's), where it is in the file.

    The core cannot list Textual's themes, so the file may name any theme and the app falls back to its
    default; ``unknot config`` passes the names it knows and warns with this.
    """
    names = tuple(dict.fromkeys((*OWN_THEMES, *known)))
    if theme is None or theme in names:
        return None
    path = path or settings_path()
    line, column = _position(path, "theme")
    close = difflib.get_close_matches(theme.lower(), names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"the themes are {', '.join(sorted(names))}"
    return SettingsError(
        path, line, column, f"theme: no theme is called '{theme}' ({hint}); the app uses its default"
    )


def _default_routine_error(path: Path, message: str) -> SettingsError:
    line, column = _position(path, "default_routine")
    return SettingsError(path, line, column, f"default_routine: {message}")


def _position(path: Path, key: str) -> tuple[int, int]:
    """Where a top-level key's value is in the settings file (1:1 when it is not there)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1, 1
    return _locate(text, key, None, at_value=True)


# ----------------------------------------------------------------------------------------- reading


def _settings(raw: Mapping[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    if "keys" in values:
        values["keys"] = MappingProxyType(dict(values["keys"]))
    return Settings(**values)


def _read(path: Path) -> dict[str, Any]:
    """The file's values, checked; {} when there is no file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsError(path, 1, 1, f"cannot read the settings file: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", "replace")
        line, column = good.count("\n") + 1, len(good) - (good.rfind("\n") + 1) + 1
        raise SettingsError(path, line, column, "not UTF-8 text; save the file as UTF-8") from exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, str(exc)) from exc
    return _check(path, text, doc)


def _syntax_error(path: Path, text: str, message: str) -> SettingsError:
    found = _TOML_POSITION.search(message)
    if found:
        line, column = int(found[1]), int(found[2])
        message = message[: found.start()]
    else:  # "... (at end of document)"
        message = re.sub(r"\s*\(at end of document\)\s*$", "", message)
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    message = message[0].lower() + message[1:] if message else "cannot read this as TOML"
    return SettingsError(path, line, column, f"{message} (this file is TOML: key = value, one a line)")


def _check(path: Path, text: str, doc: dict[str, Any]) -> dict[str, Any]:
    for key, value in doc.items():
        if key not in KEYS:
            line, column = _locate(text, key, None, at_value=False)
            raise SettingsError(path, line, column, f"unknown setting '{key}'{_hint(key, KEYS)}")
        problem = _problem(key, value)
        if problem is not None:
            line, column = _locate(text, key, None, at_value=not isinstance(value, dict))
            if key == "keys" and isinstance(value, dict):
                bad = next((k for k, v in value.items() if _binding_problem(k, v)), None)
                bad = bad or next(iter(keymap_problems(value)), (None, ""))[0]
                if bad is not None:
                    line, column = _locate(text, bad, "keys", at_value=bad in BINDING_IDS)
            raise SettingsError(path, line, column, f"{key}: {problem}")
    if "get_ready" in doc:
        doc["get_ready"] = parse_duration(doc["get_ready"])
    return doc


def _problem(key: str, value: object) -> str | None:
    """What is wrong with ``value`` for ``key``, or None when it is fine."""
    if key == "volume":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from 0 to 100, not {_shown(value)}"
        if not 0 <= value <= 100:
            return f"must be from 0 to 100, not {value}"
    elif key in ("voice", "breathing_pacer"):
        if not isinstance(value, bool):
            return f"must be true or false, not {_shown(value)}"
    elif key == "setup":
        if value not in SETUP_MODES:
            return f'must be "timed" or "wait", not {_shown(value)}'
    elif key in ("default_routine", "theme"):
        if not isinstance(value, str) or not value.strip():
            return f"must be a name in quotes, not {_shown(value)}"
    elif key == "ask_pain":
        if value not in ASK_PAIN:
            return f'must be "both", "after" or "never", not {_shown(value)}'
    elif key == "flash":
        if value not in FLASH_MODES:
            return f'must be one of "screen", "countdown" or "off", not {_shown(value)}'
    elif key == "get_ready":
        try:
            seconds = parse_duration(value)
        except DurationError as exc:
            return f"must be a number of seconds: {exc}"
        if not 0 <= seconds <= MAX_TRANSITION_SECONDS:
            return f"must be from 0 to {MAX_TRANSITION_SECONDS} seconds, not {seconds}"
    elif key == "keys":
        if not isinstance(value, dict):
            return 'must be a table of binding ids and keys, e.g. [keys] then "player.pause" = "p"'
        for binding, keys in value.items():
            problem = _binding_problem(binding, keys)
            if problem:
                return problem
        clashes = keymap_problems(value)
        if clashes:
            return clashes[0][1]
    return None


def _binding_problem(binding: str, keys: object) -> str | None:
    if binding not in BINDING_IDS:
        close = difflib.get_close_matches(binding.lower(), BINDING_IDS, n=1, cutoff=0.6)
        close += [b for b in BINDING_IDS if b.split(".", 1)[1] == binding.lower()]
        hint = f"did you mean '{close[0]}'?" if close else f"the binding ids are {', '.join(BINDING_IDS)}"
        if _BINDING_ID.fullmatch(binding):
            return f"unknown binding id '{binding}'; {hint}"
        return f"'{binding}' is not a binding id; {hint}"
    if not isinstance(keys, str) or not keys.strip() or any(c.isspace() for c in keys):
        return f'\'{binding}\' must be a key name in quotes such as "p" or "ctrl+p", not {_shown(keys)}'
    return next(filter(None, map(key_problem, keys_of(keys))), None)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _hint(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; the settings are {', '.join(allowed)}"


def _locate(text: str, key: str, table: str | None, *, at_value: bool) -> tuple[int, int]:
    """Line and column of ``key`` (or its value) in ``table`` (None: the top level); 1:1 if not found."""
    quoted = "|".join(re.escape(q) for q in (f'"{key}"', f"'{key}'", key))
    assignment = re.compile(rf"\s*(?:{quoted})\s*=\s*")
    header = re.compile(rf"\s*\[\s*(?:{quoted})\s*\]")
    current: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        table_header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if table_header and not line.lstrip().startswith("[["):
            if table is None and header.match(line):
                return number, line.index("[") + 1
            current = table_header[1].strip("\"'")
            continue
        if current != table:
            continue
        match = assignment.match(line)
        if match:
            return number, (match.end() if at_value else len(line) - len(line.lstrip())) + 1
    return 1, 1
