"""The fast path for composing YAML: libyaml's C parser, used only when the strict path would agree.

The pure-Python strict loader (:mod:`unknot.routine_files.yaml_compose`) is about ten times slower,
which matters for ``unknot list`` and for validating many files.
"""

from __future__ import annotations

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import Node

from unknot.routine_files.yaml_limits import MAX_DEPTH, TOO_DEEP, Refused

SLOW = object()
"""What :func:`compose_fast` returns when the text must go down the strict path."""
_CLoader: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def compose_fast(text: str) -> Node | object | None:
    """Compose with libyaml's C parser when that is safe, else return ``SLOW``.

    The pure-Python strict loader is about ten times slower, which matters for ``unknot list`` and for
    validating many files. libyaml cannot refuse node by node as it composes, so its events are checked
    first: anything the strict loader would refuse (an anchor, an alias, a tag, deep nesting, a second
    document), and any error at all, sends the text down the strict path, which then gives the one
    precise message. Valid files, the usual case, never leave the fast path.
    """
    if _CLoader is None:
        return SLOW
    prefix = _bracket_prefix(text)
    if prefix is not None:
        # Thousands of open brackets slow any YAML scanner down; the nesting shows in a short prefix.
        _events_checked(prefix, stop_on_error=True)
    return _events_checked(text, stop_on_error=False)


def _bracket_prefix(text: str, brackets: int = 8 * MAX_DEPTH) -> str | None:
    """The text up to its ``brackets``-th unclosed ``[`` or ``{``, or None when it never opens that many.

    A rough count (quotes and comments are not skipped); only the parser's own events decide anything.
    """
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth >= brackets:
                return text[: index + 1]
        elif char in "]}" and depth:
            depth -= 1
    return None


def _events_checked(text: str, *, stop_on_error: bool) -> Node | object | None:
    """Walk libyaml's events of ``text``: raise for too deep, ``SLOW`` for anything else to refuse."""
    assert _CLoader is not None
    try:
        depth = documents = 0
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
                return SLOW
            if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
                return SLOW
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    # Refused here: the strict loader would say the same at the same place, but PyYAML's
                    # scanner slows to a crawl on thousands of open brackets.
                    raise Refused(event.start_mark, TOO_DEEP)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return SLOW
        if stop_on_error:
            return SLOW  # a prefix only ever refuses; the whole text decides the rest
        return yaml.compose(text, Loader=_CLoader)
    except Refused:
        raise
    except Exception:
        return SLOW
