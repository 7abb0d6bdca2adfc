"""The settings file: ``config.toml`` in the user's config folder (``UNKNOT_CONFIG_DIR`` moves it).

Every key is optional; a missing file means the defaults. The keys, their defaults and what each may
hold are declared once, in :class:`Settings` (:mod:`unknot.settings.declaration`). A file that cannot be
used raises :class:`~unknot.errors.SettingsError` pointing at ``PATH:LINE:COL``, as routine files do, with
a "did you mean" for a misspelt key (:mod:`unknot.settings.reading`). The file is the user's:
:func:`save_setting` changes one value and keeps comments, blank lines and order, and writes through a
symlink to its target (:mod:`unknot.settings.writing`).

Core module: no Textual here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unknot import paths
from unknot.errors import InputError, SettingsError
from unknot.model.routine import Routine
from unknot.routine_files.yamlsafe import closest, unknown_message
from unknot.settings.checks import BINDING_IDS
from unknot.settings.declaration import (
    ASK_PAIN,
    DEFAULT_ROUTINE,
    FLASH_MODES,
    KEYS,
    OWN_THEMES,
    SETUP_MODES,
    Settings,
    problem,
    settings_from,
)
from unknot.settings.reading import checked, locate, read_text
from unknot.settings.writing import edited, toml_value, write_through

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ASK_PAIN",
    "BINDING_IDS",
    "DEFAULT_ROUTINE",
    "FILE_NAME",
    "FLASH_MODES",
    "KEYS",
    "OWN_THEMES",
    "SETUP_MODES",
    "Settings",
    "default_routine",
    "default_routine_problem",
    "load_settings",
    "save_setting",
    "settings_path",
    "theme_problem",
    "toml_value",
    "with_get_ready",
]

FILE_NAME = "config.toml"


def settings_path() -> Path:
    """Where the settings file lives: ``<config dir>/config.toml``."""
    return paths.config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings from ``path`` (default :func:`settings_path`); the defaults when there is no file.

    Raises :class:`SettingsError` for a file that cannot be read or holds a bad value.
    """
    path = path or settings_path()
    text = read_text(path)
    return Settings() if text is None else settings_from(checked(path, text))


def save_setting(key: str, value: Any, path: Path | None = None) -> Settings:
    """Set one key (``None`` removes it, back to the default) in the file; returns the new settings.

    ``key`` may be ``keys.<binding id>`` to set one key binding. Only that value changes: the rest of the
    file, comments and blank lines included, stays as the user wrote it; a symlinked file stays a symlink
    and its target is written. A bad new value raises :class:`ValueError`; a bad existing file raises
    :class:`SettingsError` and is left as it is.
    """
    path = path or settings_path()
    text = read_text(path)
    current = checked(path, text) if text is not None else {}
    name, new = key, value
    if key.startswith("keys."):
        keymap = {**current.get("keys", {}), key[len("keys.") :]: value}
        name, new = "keys", {k: v for k, v in keymap.items() if v is not None}
    if name not in KEYS:
        raise ValueError(unknown_message("setting", name, KEYS))
    wrong = None if new is None else problem(name, new)
    if wrong is not None:
        raise ValueError(f"{name}: {wrong}")
    updated = edited(text, key, value)
    settings = settings_from(checked(path, updated))  # what is written reads back as it was meant
    write_through(path, updated)
    return settings


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
        raise _error_at(path or settings_path(), "default_routine", f"default_routine: {exc}") from exc


def default_routine_problem(settings: Settings, path: Path | None = None) -> SettingsError | None:
    """What stops ``default_routine`` from starting (unknown, or a broken file); None when it loads."""
    try:
        default_routine(settings, path)
    except SettingsError as exc:
        return exc
    except InputError as exc:
        message = f"default_routine: '{settings.default_routine}': {exc}"
        return _error_at(path or settings_path(), "default_routine", message)
    return None


def theme_problem(theme: str | None, known: Iterable[str], path: Path | None = None) -> SettingsError | None:
    """A ``theme`` that is none of ``known`` (unknot's own themes and Textual's), where it is in the file.

    The core cannot list Textual's themes, so the file may name any theme and the app falls back to its
    default; ``unknot config`` passes the names it knows and warns with this.
    """
    names = tuple(dict.fromkeys((*OWN_THEMES, *known)))
    if theme is None or theme in names:
        return None
    close = closest(theme, names)
    hint = f"did you mean '{close}'?" if close else f"the themes are {', '.join(sorted(names))}"
    return _error_at(
        path or settings_path(),
        "theme",
        f"theme: no theme is called '{theme}' ({hint}); the app uses its default",
    )


def _error_at(path: Path, key: str, message: str) -> SettingsError:
    """``message`` at the value of the top-level ``key`` in the settings file (1:1 when it is not there)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    line, column = locate(text, key, None, at_value=True)
    return SettingsError(path, line, column, message)
