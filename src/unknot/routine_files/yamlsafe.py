"""Reading YAML that a person wrote: safely, strictly, and with a place for every problem.

PyYAML's SafeLoader refuses to build arbitrary objects, but it still accepts things a hand-written file has
no use for and that hide mistakes: duplicate keys (the last one silently wins), anchors and aliases (which
also allow "billion laughs" expansion), explicit tags, several documents in one file and unbounded nesting.
:func:`decode` and :func:`compose` check for those, first on the bytes, then on the event stream, before any
node tree is built. :class:`NodeReader` then walks the tree: each helper records an error at the node's line
and column and returns ``None`` instead of raising, so one pass over a file reports every independent
problem. Nothing here knows what a routine is; the error type is a parameter so that other files a person
writes (settings) can be read the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    NodeEvent,
    ScalarEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader

from unknot.errors import InputError, RoutineError

MAX_DEPTH = 8
"""How deeply collections may nest. Routines need three levels; the bound keeps hostile files cheap."""

ErrorType = type[InputError]

# Plain scalars such as `<<` and `=` resolve to tags SafeConstructor cannot build; as values they are
# just text to a person, so they are read as text.
_TEXT_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
# YAML's line breaks, as PyYAML counts them (a lone \r is a break, \r\n is one break).
# Control characters a text value may not hold (tabs and line breaks are fine), whatever escapes wrote them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
# Half of a UTF-16 pair on its own (a "\udcff" escape, or a byte of a command-line argument that is not
# UTF-8): not a character, and it cannot be written to a terminal or a UTF-8 file.
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


class _HasPlace(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class Field(NamedTuple):
    """One ``key: value`` pair of a mapping, with both nodes kept for their positions."""

    key: ScalarNode
    value: Node


def place(mark: _HasPlace | None) -> tuple[int, int]:
    """A PyYAML mark (0-based) as the 1-based line and column people and editors count."""
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counted the way PyYAML counts marks."""
    line, start = 1, 0
    for match in _BREAKS.finditer(text, 0, index):
        line, start = line + 1, match.end()
    # PyYAML does not count a byte order mark as a column.
    return line, index - start - text.count("\ufeff", start, index) + 1


def unknown_message(kind: str, value: str, choices: Sequence[str]) -> str:
    """``unknown KIND 'value'; did you mean 'x'?``, or the list of valid choices when nothing is close."""
    shown = shorten(value)
    close = closest(value, choices)
    if close:
        return f"unknown {kind} '{shown}'; did you mean '{close}'?"
    return f"unknown {kind} '{shown}'; use one of: {', '.join(choices)}"


def closest(value: str, choices: Sequence[str]) -> str | None:
    """The choice ``value`` is most likely a misspelling of, if any is close enough."""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, with line breaks shown as ``\\n``, for use in a message."""
    flat = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def decode(data: bytes, path: Path, error: ErrorType = RoutineError) -> str:
    """The text of a file, or ``error`` at the first byte or character that cannot be in a YAML file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = position(good, len(good))
        hint = "save it as UTF-8"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = "it looks like UTF-16; save it as UTF-8"
        bad = data[exc.start]
        raise error(path, line, column, f"not valid UTF-8 (byte 0x{bad:02x}); {hint}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = position(text, nul)
        raise error(
            path,
            line,
            column,
            "NUL byte in the file: it is binary or saved as UTF-16; save it as UTF-8 text",
        )
    # The same characters PyYAML's reader refuses, found here so the error has a line and column.
    bad_char = Reader.NON_PRINTABLE.search(text)
    if bad_char:
        line, column = position(text, bad_char.start())
        code = ord(bad_char.group())
        raise error(path, line, column, f"control character U+{code:04X} is not allowed; delete it")
    return text


def compose(text: str, path: Path, error: ErrorType = RoutineError) -> Node | None:
    """The node tree of the one YAML document in ``text`` (``None`` when there is none).

    Raises ``error`` for syntax errors, more than one document, anchors, aliases, tags and nesting deeper
    than :data:`MAX_DEPTH`. Each node is checked before it is composed, so an alias bomb or a deeply
    nested file is refused before anything is built from it.
    """
    try:
        fast = _compose_fast(text)
        if fast is not _SLOW:
            return fast  # type: ignore[return-value]
        loader = _StrictLoader(text)
        try:
            return _single_node(loader)
        finally:
            loader.dispose()
    except _Refused as exc:
        line, column = place(exc.mark)
        raise error(path, line, column, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, error) from None
    except yaml.YAMLError as exc:
        raise error(path, 1, 1, f"cannot read the file as YAML: {exc}") from None
    except Exception as exc:
        # A last resort, so that no input makes the loader crash: PyYAML's pure-Python scanner is not
        # known to raise anything else, but the promise "a file only ever yields an InputError" is
        # worth more than a traceback.
        raise error(path, 1, 1, f"cannot read the file as YAML ({type(exc).__name__})") from None


TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep; a routine needs at most 3 (segments, a segment, its keys)"
)
_SLOW = object()
_CLoader: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> Node | object | None:
    """Compose with libyaml's C parser when that is safe, else return ``_SLOW``.

    The pure-Python strict loader is about ten times slower, which matters for ``unknot list`` and for
    validating many files. libyaml cannot refuse node by node as it composes, so its events are checked
    first: anything the strict loader would refuse (an anchor, an alias, a tag, deep nesting, a second
    document), and any error at all, sends the text down the strict path, which then gives the one
    precise message. Valid files, the usual case, never leave the fast path.
    """
    if _CLoader is None:
        return _SLOW
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
    """Walk libyaml's events of ``text``: raise for too deep, ``_SLOW`` for anything else to refuse."""
    assert _CLoader is not None
    try:
        depth = documents = 0
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
                return _SLOW
            if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
                return _SLOW
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    # Refused here: the strict loader would say the same at the same place, but PyYAML's
                    # scanner slows to a crawl on thousands of open brackets.
                    raise _Refused(event.start_mark, TOO_DEEP)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return _SLOW
        if stop_on_error:
            return _SLOW  # a prefix only ever refuses; the whole text decides the rest
        return yaml.compose(text, Loader=_CLoader)
    except _Refused:
        raise
    except Exception:
        return _SLOW


class _Refused(Exception):
    def __init__(self, mark: _HasPlace | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases, tags and deep nesting node by node as it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # The stubs leave Parser's event methods unannotated; they return Event.
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
            raise _Refused(event.start_mark, "anchors and aliases are not supported; write the value out")
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            raise _Refused(
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
                raise _Refused(event.start_mark, TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _single_node(loader: _StrictLoader) -> Node | None:
    # Like Composer.get_single_node, with an error that says what to do about a second document.
    loader.get_event()  # type: ignore[no-untyped-call]  # the stream start
    node = None
    if not loader.check_event(StreamEndEvent):
        node = loader.compose_document()
    if not loader.check_event(StreamEndEvent):
        second: Event = loader.peek_event()  # type: ignore[no-untyped-call]
        raise _Refused(second.start_mark, "a second YAML document ('---'); put one routine in each file")
    return node


def _syntax_error(exc: yaml.MarkedYAMLError, path: Path, error: ErrorType) -> InputError:
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


def text_flaw(value: str) -> str | None:
    """What makes ``value`` unfit for a text field beyond being empty, as the end of "tool ...", or None.

    The rules of :meth:`NodeReader.text`, shared with the commands that write routine files, so that
    what they write always reads back. Tabs and line breaks are fine.
    """
    control = _CONTROL.search(value)
    if control:
        # A double-quoted "\e[2J" would reach the terminal as an escape sequence when shown.
        return f"contains the control character U+{ord(control.group()):04X}"
    surrogate = _SURROGATE.search(value)
    if surrogate:
        return (
            f"contains U+{ord(surrogate.group()):04X}, which is half of a UTF-16 pair and not a character"
            " on its own"
        )
    return None


def describe(value: object) -> str:
    """What a YAML value is, in words for an error message."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def kind(node: Node) -> str:
    """``a list``, ``a mapping`` or ``a single value``: what a node is, for an error message."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return "a single value"


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
