"""Plain mode's questions before a session runs: which session (the one saved, or the routine asked for),
and the reminder, acknowledged with Enter.

What is offered for a saved session, and what each answer starts, is the shared session flow's
(``unknot.session.flow``), the same as the app's resume prompt; here it is one line of text, answered by
a letter or a word then Enter.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from unknot.errors import UsageError
from unknot.model import catalog
from unknot.model.plan import equipment_line
from unknot.model.routine import format_seconds
from unknot.model.safety import STOP_LINE
from unknot.plain.lines import PlainLines, warn
from unknot.safetext import safe
from unknot.session.cues import step_title
from unknot.session.engine import Session
from unknot.session.events import Phase
from unknot.session.flow import (
    Begin,
    Choice,
    Saved,
    clear_saved,
    default_choice,
    find_saved,
    on_start,
    resume_offers,
    settle,
)
from unknot.session.opening import Opened
from unknot.session.texts import reminder_text

if TYPE_CHECKING:
    from unknot.model.routine import Routine

LETTERS: dict[Choice, str] = {"resume": "r", "restart": "s", "discard": "d", "later": "q"}
IN_PROGRESS_WORDS = {"r": "resume", "s": "start", "d": "discard", "q": "quit"}
"""The answers to the question about a session in progress, as words (the letters work too)."""


def choose_session(args: argparse.Namespace, opened: Opened, plain: PlainLines) -> Begin | None:
    """The session to run; None when the user keeps the session in progress and goes back."""
    pending, settings = opened.pending, opened.settings
    if args.command == "resume":
        assert pending is not None  # open_session says so when there is nothing to resume
        saved = find_saved(pending, settings, plain.clock)
        if saved.routine is None:
            raise UsageError(f"cannot resume: {saved.problem}")
        if saved.session is None:
            raise UsageError(
                f"cannot resume '{saved.routine.name}': {saved.problem}; start it over with `unknot run`"
            )
        return Begin(saved.routine, saved)
    asked = opened.asked
    assert asked is not None  # `unknot run` always asks for one (the settings' default without an id)
    if pending is None or on_start(pending, asked) == "start":
        return Begin(asked)
    if getattr(args, "yes", False):
        print(
            f"Note: this replaces the saved progress of '{safe(pending.routine_name)}' "
            "(`unknot resume --plain` would have gone on with it).",
            file=sys.stderr,
        )
        return Begin(asked)
    saved = find_saved(pending, settings, plain.clock)
    answer = ask_in_progress(plain, saved, asked)
    return settle(answer, saved, asked, lambda: clear_saved(opened.store, warn))


def ask_in_progress(plain: PlainLines, saved: Saved, asked: Routine) -> Choice:
    """Ask on one line what to do with the session in progress, as the app's resume prompt does."""
    words = {
        "resume": "resume it",
        "restart": "start it over",
        "discard": f"discard it and start '{asked.name}'",
    }
    choices = {LETTERS[o.choice]: words[o.choice] for o in resume_offers(saved) if o.enabled}
    choices["q"] = "leave it for later"
    # Enter takes the choice that loses nothing when there is one: resuming. When the saved session
    # cannot go on, Enter runs what was asked for.
    default = LETTERS[default_choice(saved)]
    offers = ", ".join(
        f"{key} {what}" + (" (or just Enter)" if key == default else "") for key, what in choices.items()
    )
    place = saved.place
    if place is not None:
        state = f"is in progress {place.where}"
    else:
        state = f"is in progress but cannot go on where it stopped ({saved.problem})"
    plain.say(f"A session of '{saved.progress.routine_name}' {state}: {offers}.")
    accepted = {**{key: key for key in choices}, **{IN_PROGRESS_WORDS[key]: key for key in choices}}
    while True:
        line = plain.next_line()
        if line is None:
            raise UsageError(
                "stdin ended before the question about the session in progress was answered; "
                "add --yes to start the routine anyway"
            )
        answer = accepted.get(line.strip().lower() or default)
        if answer is not None:
            return next(choice for choice, letter in LETTERS.items() if letter == answer)
        plain.say(f"Please type {', '.join(choices)} then Enter ({offers}).")


def acknowledge(plain: PlainLines, routine: Routine, *, resuming: bool, yes: bool) -> bool:
    """Print the reminder and wait for Enter (not with ``--yes``); False when the user backs out."""
    plain.say(reminder_text())
    plain.say("")
    plain.say(f"{routine.name} ({format_seconds(routine.total_seconds)}). {equipment_line(routine)}.")
    plain.say(f"{plain.keys_help}.")
    plain.say(STOP_LINE)
    if yes:
        doing = "back to the session, paused" if resuming else "beginning now"
        plain.say(f"--yes: the reminder is acknowledged; {doing}.")
        return True
    if resuming:
        plain.say("Press Enter to go back to the session (it comes back paused), or q then Enter to leave.")
    else:
        plain.say("Press Enter to begin, or q then Enter to go back.")
    # Only the first line answers the reminder; any typed after it stay pending, as keys for the session.
    line = plain.next_line()
    if line is None:
        raise UsageError("stdin ended before the reminder was acknowledged; use --yes in scripts")
    return "quit" not in plain.parse(line, paused=False)


def resuming_line(session: Session, keeps: bool = True, pause_key: str = "space") -> str:
    """Where a resumed session stands, paused, and how to go on."""
    step = session.step
    technique = catalog.TECHNIQUES[step.technique].name
    left = format_seconds(session.remaining())
    where = f"segment {step.index + 1} of {len(session.routine.steps)}, {step_title(step)}, {technique}"
    if session.phase is Phase.GET_READY:
        where = f"getting ready for {where}, {left} of get-ready left"
    else:
        where = f"{where}, {left} left"
    how = f"Enter (or {pause_key} then Enter) goes on; q quits" + (", keeping your progress" if keeps else "")
    return f"Paused where you left off: {where}. {how}."
