"""The key a hint on screen names: the one actually bound, after the settings' ``[keys]`` table.

"space to resume" is wrong once pause is rebound to ``k``; every hint asks here instead of spelling a key.
"""

from __future__ import annotations

from textual.app import App

from unknot.keymap import bound_key


def key_hint(app: App[object], binding_id: str) -> str:
    """The key bound to ``binding_id`` in ``app`` (its settings' keymap over the default), for a hint."""
    services = getattr(app, "services", None)
    keymap = getattr(getattr(services, "settings", None), "keys", None) or {}
    return bound_key(keymap, binding_id)
