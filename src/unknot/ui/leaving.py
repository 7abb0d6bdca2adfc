"""Leaving the app on a signal: a closed terminal (SIGHUP) or a polite kill (SIGTERM) saves, like q does."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unknot.ui.session_app import SessionApp

EXIT_GRACE_SECONDS = 2.0
"""How long leaving on a signal may take before the process is ended outright."""


def install_signal_handlers(app: SessionApp) -> None:
    """Save progress and leave on SIGTERM and SIGHUP (where the loop can take signal handlers)."""
    try:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, leave_on_signal, app, sig)
    except (NotImplementedError, RuntimeError, AttributeError):  # Windows, or not the main thread
        pass


def leave_on_signal(app: SessionApp, sig: int) -> None:
    """Save the session, then exit with 128 + the signal's number."""
    app.save_progress()
    # With the terminal gone (SIGHUP), Textual's writer can block for ever on its full queue; the
    # session is saved, so a watchdog makes sure the process ends.
    watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(128 + sig,))
    watchdog.daemon = True
    watchdog.start()
    # As a keyword: Textual's first parameter is the app's result, and the launcher returns the return code
    # (0 would also have it print "Progress saved" to a terminal that may be gone).
    app.exit(return_code=128 + sig)
