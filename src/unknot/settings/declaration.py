"""The settings, declared once: each field's name, default, check and reading, in one dataclass.

Every key of ``config.toml`` is a field of :class:`Settings`; its metadata holds the check that says what
the key may hold (:mod:`unknot.settings.checks`) and, where the file's form differs from the value in
effect, how it is read (``get_ready = "8s"`` is 8 seconds). The list of keys, the checks of a file and of
a value the app saves, and the settings built from a file all come from this one declaration.
Core module: no Textual here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from unknot.model.routine import MAX_TRANSITION_SECONDS, parse_duration
from unknot.settings.checks import (
    Check,
    a_name,
    key_bindings,
    one_of,
    seconds,
    true_or_false,
    whole_number,
)

SETUP_MODES = ("timed", "wait")
"""The values of ``setup``."""
DEFAULT_ROUTINE = "si-joint-10"
ASK_PAIN = ("both", "after", "never")
"""What ``ask_pain`` may be: ask before and after a session, only after, or never."""
FLASH_MODES = ("screen", "countdown", "off")
"""The values of ``flash``: what lights up on a cue."""
OWN_THEMES = ("unknot-high-contrast",)
"""The themes unknot adds to Textual's own (see ``unknot.ui.themes``)."""


def _setting(
    check: Check,
    default: object = None,
    *,
    factory: Callable[[], object] | None = None,
    read: Callable[[Any], object] | None = None,
) -> Any:
    """A field of :class:`Settings`: its default, the check of a value in the file, and how it is read."""
    metadata = {"check": check, "read": read}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _frozen_keymap(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Settings:
    """The settings in effect: the file's values over the defaults."""

    volume: int = _setting(whole_number(0, 100), 100)
    """Cue volume, 0 to 100 percent."""
    voice: bool = _setting(true_or_false, False)
    """Say the next segment aloud during get-ready."""
    default_routine: str = _setting(a_name, DEFAULT_ROUTINE)
    """The routine ``unknot run`` starts when none is named."""
    get_ready: int | None = _setting(seconds(0, MAX_TRANSITION_SECONDS), None, read=parse_duration)
    """Seconds of get-ready before each step, overriding every routine's own ``transition``."""
    setup: str = _setting(one_of(SETUP_MODES), "timed")
    """``timed``: every get-ready counts down and the step starts; ``wait``: a get-ready that changes
    position or tool holds at "Ready? space to start" once counted down."""
    breathing_pacer: bool = _setting(true_or_false, True)
    """Show a slow-breathing pacer during myofascial-release and deep-tissue holds."""
    theme: str | None = _setting(a_name, None)
    """The app's theme by name; None for the default."""
    ask_pain: str = _setting(one_of(ASK_PAIN), "both")
    """Which ratings are asked: ``both`` (before and after), ``after`` or ``never``."""
    flash: str = _setting(one_of(FLASH_MODES), "screen")
    """What lights up on a cue: the whole ``screen``, the ``countdown`` alone, or nothing (``off``)."""
    keys: Mapping[str, str] = _setting(
        key_bindings, factory=lambda: MappingProxyType({}), read=_frozen_keymap
    )
    """Keys by binding id, e.g. ``{"player.pause": "p"}``."""


KEYS = tuple(f.name for f in fields(Settings))
"""Every key a settings file may hold (``keys`` is the ``[keys]`` table)."""
_FIELDS = {f.name: f for f in fields(Settings)}


def problem(key: str, value: object) -> str | None:
    """What is wrong with ``value`` for the setting ``key`` (one of :data:`KEYS`), or None when it is fine."""
    check: Check = _FIELDS[key].metadata["check"]
    return check(value)


def settings_from(raw: Mapping[str, Any]) -> Settings:
    """The settings in effect from a file's checked values (keys not in it keep their defaults)."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _FIELDS:
            read = _FIELDS[key].metadata["read"]
            values[key] = value if read is None else read(value)
    return Settings(**values)
