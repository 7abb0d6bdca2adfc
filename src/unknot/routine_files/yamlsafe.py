"""Reading YAML that a person wrote: safely, strictly, and with a place for every problem.

PyYAML's SafeLoader refuses to build arbitrary objects, but it still accepts things a hand-written file has
no use for and that hide mistakes: duplicate keys (the last one silently wins), anchors and aliases (which
also allow "billion laughs" expansion), explicit tags, several documents in one file and unbounded nesting.
:func:`decode` and :func:`compose` check for those, first on the bytes, then on the event stream, before any
node tree is built. :class:`NodeReader` then walks the tree: each helper records an error at the node's line
and column and returns ``None`` instead of raising, so one pass over a file reports every independent
problem. Nothing here knows what a routine is; the error type is a parameter so that other files a person
writes (settings) can be read the same way.

This module is where callers import from; the parts live beside it:
:mod:`~unknot.routine_files.yaml_limits` (the depth bound, the encoding check),
:mod:`~unknot.routine_files.yaml_fast` (libyaml's fast path),
:mod:`~unknot.routine_files.yaml_compose` (the strict composer) and
:mod:`~unknot.routine_files.yaml_messages` (places, did-you-mean, short quotes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from unknot.errors import InputError, RoutineError
from unknot.routine_files.yaml_compose import compose
from unknot.routine_files.yaml_limits import MAX_DEPTH, TOO_DEEP, ErrorType, decode
from unknot.routine_files.yaml_messages import (
    closest,
    describe,
    kind,
    place,
    position,
    shorten,
    text_flaw,
    unknown_message,
)

__all__ = [
    "MAX_DEPTH",
    "TOO_DEEP",
    "ErrorType",
    "Field",
    "NodeReader",
    "closest",
    "compose",
    "decode",
    "describe",
    "kind",
    "place",
    "position",
    "shorten",
    "text_flaw",
    "unknown_message",
]

# Plain scalars such as `<<` and `=` resolve to tags SafeConstructor cannot build; as values they are
# just text to a person, so they are read as text.
_TEXT_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class Field(NamedTuple):
    """One ``key: value`` pair of a mapping, with both nodes kept for their positions."""

    key: ScalarNode
    value: Node


class NodeReader:
    """Reads values out of a composed node tree, collecting errors instead of stopping at the first.

    Each method returns ``None`` when the value cannot be used, after adding an error to :attr:`errors`.
    """

    def __init__(self, path: Path, error: ErrorType = RoutineError) -> None:
        self.path = path
        self.error = error
        self.errors: list[InputError] = []
        # One constructor per file: it caches what it built, keyed by node.
        self._constructor = SafeConstructor()

    def report(self, node: Node | None, message: str) -> None:
        """Add an error at ``node`` (at 1:1 when there is no node, as for an empty file)."""
        line, column = place(node.start_mark if node is not None else None)
        self.errors.append(self.error(self.path, line, column, message))

    def sorted_errors(self) -> list[InputError]:
        """The errors found so far, in the order they appear in the file."""
        return sorted(self.errors, key=lambda e: (e.line, e.column))

    def mapping(
        self,
        node: Node,
        what: str,
        allowed: Sequence[str],
        once: str,
        key_kind: str = "key",
    ) -> dict[str, Field] | None:
        """The pairs of a mapping node by key, reporting unknown and duplicate keys.

        ``what`` names the mapping in messages, ``once`` completes "each key may appear once ..." and
        ``key_kind`` names its keys ("key", "cue").
        """
        if not isinstance(node, MappingNode):
            self.report(node, f"{what} must be a mapping of 'key: value' lines, not {kind(node)}")
            return None
        fields: dict[str, Field] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, f"keys must be plain words like '{allowed[0]}', not {kind(key_node)}")
                continue
            # The key as written: no allowed key is a word YAML would read as a number or true/false,
            # so `yes:` is simply an unknown key 'yes'.
            key = str(key_node.value)
            if key not in allowed:
                self.report(key_node, unknown_message(key_kind, key, allowed))
            elif key in fields:
                self.report(key_node, f"duplicate {key_kind} '{key}'; each {key_kind} may appear once {once}")
            else:
                fields[key] = Field(key_node, value_node)
        return fields

    def sequence(self, node: Node, what: str, example: str) -> list[Node] | None:
        """The items of a list node; ``example`` shows how to write one in the error message."""
        if not isinstance(node, SequenceNode):
            self.report(node, f"{what} must be a list of items like '- {example}', not {kind(node)}")
            return None
        return list(node.value)

    def scalar(self, node: Node, what: str, expected: str) -> tuple[object] | None:
        """The value of a scalar node as YAML reads it (so ``1:30`` is 90), wrapped in a 1-tuple.

        The tuple tells "the value is null" (``(None,)``) from "there is no usable value" (``None``).
        """
        if not isinstance(node, ScalarNode):
            self.report(node, f"{what} must be {expected}, not {kind(node)}")
            return None
        if node.tag in _TEXT_TAGS:
            return (str(node.value),)
        try:
            return (self._constructor.construct_object(node, deep=True),)
        except Exception as exc:
            # PyYAML raises ConstructorError, ValueError (a date like 2024-02-30, an integer too long
            # for int()) or OverflowError; any of them means the same to the person who wrote it.
            detail = str(exc.problem if isinstance(exc, yaml.MarkedYAMLError) else exc)
            if node.tag.endswith((":int", ":float")):
                detail = "a number with too many digits"
            detail = shorten(detail, 80)
            self.report(
                node,
                f"cannot read {what} ({detail}); put it in quotes if it is meant as text",
            )
            return None

    def text(self, node: Node, what: str) -> str | None:
        """A non-empty text value; numbers, dates and true/false are refused with a hint to quote them."""
        got = self.scalar(node, what, "text")
        if got is None:
            return None
        value = got[0]
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report(node, f"{what} is empty; write some text or remove the line")
            return None
        if not isinstance(value, str):
            raw = shorten(str(node.value))
            self.report(node, f'{what} must be text, not {describe(value)}; write it in quotes: "{raw}"')
            return None
        flaw = text_flaw(value)
        if flaw:
            self.report(node, f"{what} {flaw}; remove it")
            return None
        return value

    def choice(self, node: Node, what: str, choices: Sequence[str]) -> str | None:
        """One of ``choices``, with "did you mean" for a near miss."""
        got = self.scalar(node, what, f"one of {', '.join(choices)}")
        if got is None:
            return None
        value = got[0]
        if not isinstance(value, str):
            self.report(
                node,
                f"{what} must be one of {', '.join(choices)}, not {describe(value)};"
                " write one of those words",
            )
            return None
        if value not in choices:
            self.report(node, unknown_message(what, value, choices))
            return None
        return value
