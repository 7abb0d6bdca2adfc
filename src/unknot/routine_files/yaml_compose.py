"""Composing the node tree of a YAML file strictly, with a line and column for every refusal.

PyYAML's SafeLoader still accepts what a hand-written file has no use for and what hides mistakes:
anchors and aliases (which also allow "billion laughs" expansion), explicit tags, several documents in
one file and unbounded nesting. :func:`compose` refuses those node by node, before anything is built
from them, and turns PyYAML's syntax errors into messages that say what to do.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, Event, NodeEvent, ScalarEvent, StreamEndEvent
from yaml.nodes import Node

from unknot.errors import InputError, RoutineError
from unknot.routine_files.yaml_fast import SLOW, compose_fast
from unknot.routine_files.yaml_limits import MAX_DEPTH, TOO_DEEP, ErrorType, Refused
from unknot.routine_files.yaml_messages import place, shorten


def compose(text: str, path: Path, error: ErrorType = RoutineError) -> Node | None:
    """The node tree of the one YAML document in ``text`` (``None`` when there is none).

    Raises ``error`` for syntax errors, more than one document, anchors, aliases, tags and nesting deeper
    than :data:`MAX_DEPTH`. Each node is checked before it is composed, so an alias bomb or a deeply
    nested file is refused before anything is built from it.
    """
    try:
        fast = compose_fast(text)
        if fast is not SLOW:
            return fast  # type: ignore[return-value]
        loader = StrictLoader(text)
        try:
            return single_node(loader)
        finally:
            loader.dispose()
    except Refused as exc:
        line, column = place(exc.mark)
        raise error(path, line, column, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, path, error) from None
    except yaml.YAMLError as exc:
        raise error(path, 1, 1, f"cannot read the file as YAML: {exc}") from None
    except Exception as exc:
        # A last resort, so that no input makes the loader crash: PyYAML's pure-Python scanner is not
        # known to raise anything else, but the promise "a file only ever yields an InputError" is
        # worth more than a traceback.
        raise error(path, 1, 1, f"cannot read the file as YAML ({type(exc).__name__})") from None


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases, tags and deep nesting node by node as it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # The stubs leave Parser's event methods unannotated; they return Event.
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
            raise Refused(event.start_mark, "anchors and aliases are not supported; write the value out")
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            raise Refused(
                event.start_mark,
                f"YAML tags like '{shorten(event.tag)}' are not supported; remove the tag"
                " (put the value in quotes if it is meant as text)",
            )
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        # Checked before recursing: PyYAML composes nested collections recursively.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(event.start_mark, TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def single_node(loader: StrictLoader) -> Node | None:
    """The one document's node tree, or :class:`Refused` at the start of a second document."""
    # Like Composer.get_single_node, with an error that says what to do about a second document.
    loader.get_event()  # type: ignore[no-untyped-call]  # the stream start
    node = None
    if not loader.check_event(StreamEndEvent):
        node = loader.compose_document()
    if not loader.check_event(StreamEndEvent):
        second: Event = loader.peek_event()  # type: ignore[no-untyped-call]
        raise Refused(second.start_mark, "a second YAML document ('---'); put one routine in each file")
    return node


def syntax_error(exc: yaml.MarkedYAMLError, path: Path, error: ErrorType) -> InputError:
    """PyYAML's syntax error as ``error`` at its place, with a hint at the usual cause."""
    mark = exc.problem_mark or exc.context_mark
    line, column = place(mark)
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context and exc.problem and exc.context_mark is not None and mark is not exc.context_mark:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    if "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in quotes, or check the indentation"
    else:
        hint = "check the indentation, and put text containing ':', '#', '[' or '{' in quotes"
    return error(path, line, column, f"{message}; {hint}")
