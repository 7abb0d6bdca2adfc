"""``unknot config``: where the settings file is and the values in effect."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from unknot.commands import Handler
from unknot.safetext import safe

if TYPE_CHECKING:
    from unknot.errors import SettingsError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add ``config`` to the command line."""
    config = sub.add_parser(
        "config",
        help="show the settings file and the values in effect",
        description="Print where the settings file is and the settings in effect (the file over the "
        "defaults). A bad settings file exits 2 with PATH:LINE:COL. A theme or default routine that "
        "unknot cannot find is a warning on stderr (exit 0): the app uses its default instead.",
    )
    config.add_argument("--path", action="store_true", help="print only the settings file's path")
    return {"config": cmd_config}


def cmd_config(args: argparse.Namespace) -> int:
    """Print the settings path, and unless ``--path``, the effective values as TOML (warnings on stderr)."""
    from unknot.settings import (
        default_routine_problem,
        load_settings,
        settings_path,
        theme_problem,
        toml_value,
    )

    path = settings_path()
    if args.path:
        print(safe(path))
        return 0
    settings = load_settings(path)  # a SettingsError is printed as PATH:LINE:COL and exits 2
    out = sys.stdout
    state = "" if path.exists() else " (no such file yet: these are the defaults)"
    print(safe(f"# {path}{state}"), file=out)
    print(safe(f"volume = {toml_value(settings.volume)}"), file=out)
    print(safe(f"# {_sound_line(settings.volume)}"), file=out)
    print(safe(f"voice = {toml_value(settings.voice)}"), file=out)
    print(safe(f"default_routine = {toml_value(settings.default_routine)}"), file=out)
    if settings.get_ready is None:
        print("# get_ready is not set: each routine's own get-ready time", file=out)
    else:
        print(safe(f"get_ready = {toml_value(settings.get_ready)}"), file=out)
    print(f"setup = {toml_value(settings.setup)}", file=out)
    print(f"breathing_pacer = {toml_value(settings.breathing_pacer)}", file=out)
    print(f"ask_pain = {toml_value(settings.ask_pain)}", file=out)
    if settings.theme is None:
        print("# theme is not set: the default theme", file=out)
    else:
        print(safe(f"theme = {toml_value(settings.theme)}"), file=out)
    print(f"flash = {toml_value(settings.flash)}", file=out)
    print("\n[keys]", file=out)
    if not settings.keys:
        print("# no keys changed from the defaults", file=out)
    for binding, key in sorted(settings.keys.items()):
        print(safe(f"{toml_value(binding)} = {toml_value(key)}"), file=out)
    out.flush()
    warnings: list[str] = []
    routine_problem = default_routine_problem(settings, path)
    if routine_problem is not None:
        warnings.append(_warning(routine_problem, " (`unknot run` with no id stops with this error)"))
    if settings.theme is not None:
        from unknot.ui.themes import textual_theme_names  # only to name Textual's themes; no app starts

        theme = theme_problem(settings.theme, textual_theme_names(), path)
        if theme is not None:
            warnings.append(_warning(theme))
    for warning in warnings:
        print(safe(warning), file=sys.stderr)
    return 0


def _warning(problem: SettingsError, extra: str = "") -> str:
    """``PATH:LINE:COL: warning: message``, as ``unknot validate`` prints its warnings."""
    return f"{problem.path}:{problem.line}:{problem.column}: warning: {problem.message}{extra}"


def _sound_line(volume: int) -> str:
    """How cues sound on this machine: the backend the player would choose now (opened, then closed)."""
    from unknot.sound.backends import backend_status
    from unknot.sound.sounds import SoundFileError, load_cue_sounds

    try:
        return backend_status(load_cue_sounds(volume=volume / 100))
    except (SoundFileError, OSError, ValueError) as exc:
        return f"sound off: the built-in cue sounds cannot be read ({exc})"
