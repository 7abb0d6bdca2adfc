"""Where unknot keeps things: the built-in data shipped with it and the user's own files.

User locations come from platformdirs and can be moved with environment variables, which the tests use to
work in a temporary folder: ``UNKNOT_ROUTINES_DIR``, ``UNKNOT_DATA_DIR`` and ``UNKNOT_CONFIG_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "unknot"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # In a wheel the data sits inside the package (force-include); in a source checkout or an editable
    # install it is the top-level folder of the repository.
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent.parent / name


def builtin_routines_dir() -> Path:
    """The folder of routines that ship with unknot."""
    return _shipped("routines")


def builtin_sounds_dir() -> Path:
    """The folder of cue sounds that ship with unknot."""
    return _shipped("sounds")


def data_dir() -> Path:
    """The user's data folder (database, routines): ``UNKNOT_DATA_DIR`` or the platform's default."""
    override = os.environ.get("UNKNOT_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """The user's routines folder: ``UNKNOT_ROUTINES_DIR`` or ``<data dir>/routines``."""
    override = os.environ.get("UNKNOT_ROUTINES_DIR")
    if override:
        return Path(override).expanduser()
    return data_dir() / "routines"


def user_sounds_dir() -> Path:
    """The user's own cue sounds: ``<data dir>/sounds``."""
    return data_dir() / "sounds"


def config_dir() -> Path:
    """The user's settings folder: ``UNKNOT_CONFIG_DIR`` or the platform's default."""
    override = os.environ.get("UNKNOT_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    """The SQLite file holding the session in progress and the history."""
    return data_dir() / "unknot.db"
