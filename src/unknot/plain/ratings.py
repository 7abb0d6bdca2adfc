"""The quick ratings in plain mode: the app's questions as lines, asked only when stdin is a terminal.

Enter alone (or Esc then Enter) skips a question, as Esc does in the app; ``--yes`` skips them all.
"""

from __future__ import annotations

from collections.abc import Callable

from unknot.learning.after_session import after_session
from unknot.learning.ratings import (
    RETEST,
    RETEST_QUESTION,
    WHERE,
    WHERE_QUESTION,
    Option,
    answer,
    asks_after,
    asks_before,
    pain_scale,
    pain_value,
)
from unknot.model.routine import Routine
from unknot.model.safety import pain_went_up
from unknot.session.progress import StoreCheckpoints
from unknot.session.store_records import StoreError

PAIN_BEFORE = "Before you start: how much pain do you feel right now, 0-10? (Enter skips)"
PAIN_AFTER = "How much pain do you feel now, after the session, 0-10? (Enter skips)"
_SKIP = ("", "\x1b", "esc")


def _choices(options: tuple[Option, ...]) -> str:
    return ", ".join(f"{o.key} {o.label}" for o in options)


def ask_pain(say: Callable[[str], None], read: Callable[[], str | None], question: str) -> int | None:
    """Ask a 0-10 rating until it is answered or skipped; None when skipped or stdin ends."""
    say(question)
    say(f"The scale: {pain_scale(', ')}.")
    while (line := read()) is not None:
        if line.strip().lower() in _SKIP:
            return None
        value = pain_value(line)
        if value is not None:
            return value
        say("Please type a whole number from 0 to 10, or just Enter to skip.")
    return None


def ask_choice(
    say: Callable[[str], None], read: Callable[[], str | None], question: str, options: tuple[Option, ...]
) -> str | None:
    """Ask one of ``options`` (its letter or word); None when skipped or stdin ends."""
    say(f"{question} {_choices(options)} (Enter skips)")
    while (line := read()) is not None:
        if line.strip().lower() in _SKIP:
            return None
        value = answer(options, line)
        if value is not None:
            return value
        say(f"Please type one of: {_choices(options)}; or just Enter to skip.")
    return None


def ask_before(say: Callable[[str], None], read: Callable[[], str | None]) -> tuple[int | None, str | None]:
    """Pain before, and where it is when there is some."""
    pain = ask_pain(say, read, PAIN_BEFORE)
    where = ask_choice(say, read, WHERE_QUESTION, WHERE) if pain else None
    return pain, where


def ask_after(say: Callable[[str], None], read: Callable[[], str | None]) -> tuple[int | None, str | None]:
    """Pain after, and the movement re-test."""
    return ask_pain(say, read, PAIN_AFTER), ask_choice(say, read, RETEST_QUESTION, RETEST)


def ask_yes(say: Callable[[str], None], read: Callable[[], str | None], question: str) -> bool:
    """A y/N question; anything but y or yes is no."""
    say(f"{question} [y/N]")
    line = read()
    return line is not None and line.strip().lower() in ("y", "yes")


Say = Callable[[str], None]
Read = Callable[[], str | None]


def rate_before(say: Say, read: Read, checkpoints: StoreCheckpoints, ask: str) -> None:
    """Ask the ratings before a new session (when ``ask_pain`` says so) into its checkpoints."""
    if asks_before(ask):
        checkpoints.pain_before, checkpoints.pain_where = ask_before(say, read)


def finish(say: Say, read: Read | None, checkpoints: StoreCheckpoints, routine: Routine, ask: str) -> None:
    """After the summary: the week's count, the ratings after (``read`` None: not asked) and the offer."""
    from datetime import datetime

    from unknot.paths import user_routines_dir

    store, session_id = checkpoints.store, checkpoints.finished_id
    extra = after_session(store, routine, datetime.now().astimezone())
    for line in extra.lines:
        say(line)
    if read is None or session_id is None:
        return
    if asks_after(ask):
        pain, retest = ask_after(say, read)
        try:
            if pain is not None:
                store.set_pain(session_id, "after", pain)
            if retest is not None:
                store.set_rating(session_id, "retest", retest)
        except StoreError as exc:
            say(f"unknot: {exc}")
        else:
            if pain is not None or retest is not None:
                say("Saved to your history.")
            for line in pain_went_up(checkpoints.pain_before, pain):  # the same advice as the app's
                say(line)
    if extra.offer and ask_yes(say, read, f"{extra.offer[0].upper()}{extra.offer[1:]}?"):
        say(extra.save(user_routines_dir()))
