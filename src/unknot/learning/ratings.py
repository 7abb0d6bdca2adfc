"""The quick ratings around a session: pain 0-10 before and after, where it is, and one movement re-test.

Each is optional and answered with one key where it can be; the setting ``ask_pain`` decides which are
asked (``both``: before and after; ``after``; ``never``). Shared by the app and the plain mode.

Core module: no Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One answer: the key that gives it, the value stored, and the word shown."""

    key: str
    value: str
    label: str


PAIN_ANCHORS = (
    (0, "no pain"),
    (3, "mild"),
    (5, "moderate"),
    (7, "severe"),
    (10, "the worst you can imagine"),
)
"""The words beside the numbers of the 0-10 scale, so a 5 means the same thing every day it is asked."""


def pain_scale(separator: str) -> str:
    """The scale's anchors as one line: the app joins them with a dot, plain mode with commas (read aloud)."""
    return separator.join(f"{number} {words}" for number, words in PAIN_ANCHORS)


WHERE_QUESTION = "Where is the pain?"
WHERE = (
    Option("l", "left", "left"),
    Option("r", "right", "right"),
    Option("b", "both", "both sides"),
    Option("m", "middle", "middle"),
)
RETEST_QUESTION = "Stand up from a chair now. Compared with before the session, it is:"
RETEST = (
    Option("e", "easier", "easier"),
    Option("s", "same", "the same"),
    Option("h", "harder", "harder"),
)


def asks_before(ask_pain: str) -> bool:
    """Whether the ratings before a session are asked."""
    return ask_pain == "both"


def asks_after(ask_pain: str) -> bool:
    """Whether the ratings after a session are asked."""
    return ask_pain in ("both", "after")


def answer(options: tuple[Option, ...], text: str) -> str | None:
    """The value for a typed answer (its key or its value, any case), or None when it is none of them."""
    typed = text.strip().lower()
    return next((o.value for o in options if typed in (o.key, o.value, o.label)), None)


def pain_value(text: str) -> int | None:
    """A typed 0-10 rating, or None when the text is not one."""
    typed = text.strip()
    return int(typed) if typed.isdigit() and int(typed) <= 10 else None
