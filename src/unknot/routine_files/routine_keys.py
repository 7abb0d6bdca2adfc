"""The keys a routine file may use, and how a misspelt one is recognised.

Read by the loader (:mod:`unknot.routine_files.loader`, which re-exports them), the JSON Schema and the
lint. Each table is in the order the format describes its keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import Node, ScalarNode

from unknot.routine_files.yamlsafe import closest

ROUTINE_KEYS = ("name", "description", "transition", "segments", "sounds", "lint")
SEGMENT_KEYS = (
    "region",
    "technique",
    "duration",
    "sides",
    "position",
    "tool",
    "pressure",
    "get_ready",
    "note",
)
LINT_KEYS = ("ignore",)
LINT_IDS = ("no-warm-up", "region-over-40", "short-segment", "unpaired-side", "dose", "setup-words")
"""The lint warnings a routine may silence with ``lint: {ignore: [...]}``."""
ROUTINE_SUFFIXES = (".yaml", ".yml")


def misspelt(mapping: Node, key: str, allowed: Sequence[str]) -> bool:
    """True when ``mapping`` has an unknown key already reported as a misspelling of ``key``.

    "unknown key 'durration'; did you mean 'duration'?" says all; "missing 'duration'" would be noise.
    """
    return any(
        isinstance(key_node, ScalarNode)
        and str(key_node.value) not in allowed
        and closest(str(key_node.value), allowed) == key
        for key_node, _ in mapping.value
    )
