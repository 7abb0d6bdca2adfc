"""Writing ``config.toml`` without losing the user's words, and through a symlink.

The file is the user's: when the app remembers a setting (the theme), tomlkit changes that one value and
keeps every comment, blank line and the order of the keys. Dotfiles managers (GNU Stow, chezmoi, yadm...)
often make ``config.toml`` a symlink into a repository; replacing the link with a file would cut it off
from there, so the new text goes to the link's target: written in full to a temporary file beside the
target, then renamed over it, so a crash leaves the old file or the new one, never half of one.
Core module: no Textual here.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tomlkit

HEADER = (
    "unknot settings. Every key is optional; `unknot config` shows the values in effect.",
    "Edit freely: when you change a setting in the app, unknot changes that value alone.",
)
"""The comment at the top of a settings file unknot creates (an existing file is never given one)."""


def edited(text: str | None, key: str, value: object) -> str:
    """``text`` (None: a new file) with the setting ``key`` set to ``value``, or removed when None.

    ``key`` is a top-level key or ``keys.<binding id>``; nothing else in the text changes.
    """
    import tomlkit  # only when a setting is saved: every start reads the settings, few write them

    doc = tomlkit.parse(text) if text is not None else _new_document()
    if key.startswith("keys."):
        binding = key[len("keys.") :]
        table = doc.get("keys")
        if value is None:
            if isinstance(table, MutableMapping):
                table.pop(binding, None)
        else:
            if table is None:
                doc["keys"] = table = tomlkit.table()
            table[binding] = value
    elif value is None:
        doc.pop(key, None)
    else:
        doc[key] = value
    return doc.as_string()


def _new_document() -> tomlkit.TOMLDocument:
    import tomlkit

    doc = tomlkit.document()
    for line in HEADER:
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    return doc


def write_through(path: Path, text: str) -> None:
    """Make ``text`` the contents of ``path`` at once; a symlink stays a symlink and its target changes.

    The target keeps its permissions (a private dotfile stays private); a new file gets the usual ones.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    # Beside the target, so the rename stays on one file system and is atomic.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where a folder cannot be opened (Windows) this is skipped."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def toml_value(value: object) -> str:
    """A bool, int or string written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
