"""From the command line to what a session needs: settings, store, the saved session, the lock, the routine.

``unknot run``, ``unknot resume`` and bare ``unknot`` set up the same way in the app's launcher and in plain
mode; this is that set-up, once. Everything opened is closed by the caller's ``ExitStack``.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from dataclasses import dataclass

from unknot.errors import UsageError
from unknot.model.routine import Routine
from unknot.routine_files.discovery import resolve_asked
from unknot.session.ownership import SessionLock
from unknot.session.store import Store
from unknot.session.store_records import Progress
from unknot.settings import Settings, default_routine, load_settings

NOTHING_TO_RESUME = "there is no session in progress to resume; start one with `unknot run ID`"


@dataclass(frozen=True)
class Opened:
    """What the command line set up for a front end."""

    settings: Settings
    store: Store
    pending: Progress | None
    """The session saved when the store was opened, if any."""
    asked: Routine | None
    """The routine ``unknot run [ID]`` asks for (the settings' default without an id); None otherwise."""
    lock: SessionLock
    """Taken for ``run`` and ``resume``; bare ``unknot`` takes it when a session starts."""


def routine_from_args(args: argparse.Namespace, settings: Settings) -> Routine | None:
    """The routine ``unknot run [ID]`` asks for; None for the other commands.

    An unknown id is a usage error with a "did you mean"; a broken file raises its own error (with
    ``file:line:col``); the settings' unknown default is reported at its line of the settings file.
    """
    if args.command != "run":
        return None
    ref = getattr(args, "routine", None)
    return resolve_asked(ref) if ref else default_routine(settings)


def open_session(args: argparse.Namespace, stack: ExitStack) -> Opened:
    """Read the settings, find the routine asked for, open the store and take the lock.

    A bad settings file or routine stops here (exit status 2); so does ``resume`` with nothing saved, and
    ``run`` or ``resume`` while another window owns the session.
    """
    settings = load_settings()
    asked = routine_from_args(args, settings)
    store = Store.open()
    stack.callback(store.close)
    pending = store.load_progress()
    if args.command == "resume" and pending is None:
        raise UsageError(NOTHING_TO_RESUME)
    lock = SessionLock(store.path)
    if args.command in ("run", "resume") and not lock.acquire():
        # Another window runs a session: nothing here may resume, restart or discard it.
        raise UsageError(lock.busy_message(pending.routine_name if pending else None))
    stack.callback(lock.release)
    return Opened(settings, store, pending, asked, lock)
