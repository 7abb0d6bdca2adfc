"""Start the app for ``unknot``, ``unknot run`` and ``unknot resume``: real adapters in, clean up after."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from unknot.errors import UsageError
from unknot.model.routine import Routine
from unknot.routine_files.discovery import UnknownRoutine, discover, resolve
from unknot.session.adapters import session_adapters
from unknot.session.clock import awake_clock, session_clock
from unknot.session.ownership import SessionLock
from unknot.session.store import Store
from unknot.settings import Settings, default_routine, load_settings, save_setting


def launch(args: argparse.Namespace) -> int:
    """Run the app; returns the exit status."""
    from unknot.commands.serve import served
    from unknot.ui.app import Services, make_app

    settings = load_settings()  # a bad file stops here with PATH:LINE:COL, exit status 2
    routine = _routine_from_args(args, settings)
    resume = args.command == "resume"
    with ExitStack() as stack:
        store = Store.open()
        stack.callback(store.close)
        pending = store.load_progress()
        if resume and pending is None:
            raise UsageError("there is no session in progress to resume; start one with `unknot run ID`")
        lock = SessionLock(store.path)
        if args.command in ("run", "resume") and not lock.acquire():
            raise UsageError(lock.busy_message(pending.routine_name if pending else None))
        stack.callback(lock.release)
        adapters = session_adapters(args, settings, stack)
        notices = [store.notice] if store.notice else []
        if served():
            notices.append("In a browser: sound plays on the machine running `unknot serve`, not here.")
        services = Services(
            clock=session_clock,
            discover=discover,
            make_player=adapters.make_player,
            store=store,
            sounds_for=adapters.sounds_for,
            voice=adapters.say,
            events_out=adapters.events_out,
            notices=notices,
            player_delay=0.5,  # the first frame first: miniaudio and the cue sounds take about 0.3 s to load
            settings=settings,
            save_setting=save_setting,
            phone=_phone_address(args),
            lock=lock,
            awake_clock=awake_clock,
        )
        app = make_app(services, start=routine, resume=resume)
        try:
            app.run()
        finally:
            # However the app ended (q, a signal, an exception inside it), the session in memory is saved;
            # and when it cannot be, the user is told rather than left believing it was kept.
            if not app.save_progress():
                print(
                    "unknot: the session's latest progress could NOT be saved (the database is read-only,"
                    " busy or was replaced); `unknot resume` goes on from the last point saved, if any.",
                    file=sys.stderr,
                )
        runner = app.runner
        if (
            runner is not None
            and not runner.session.finished
            and app.return_code in (0, None)
            and runner.saved
        ):
            # Left mid-session (q, ctrl+q): the screen is gone, so say on the terminal that nothing is lost.
            print("Progress saved: `unknot resume` goes on")
        return app.return_code or 0


def _phone_address(args: argparse.Namespace) -> str | None:
    """``--phone`` / ``--phone-host``: the phone page's address ("" for the LAN's), or None (no page)."""
    host = getattr(args, "phone_host", None)
    return (host or "") if getattr(args, "phone", False) or host else None


def _routine_from_args(args: argparse.Namespace, settings: Settings) -> Routine | None:
    if args.command != "run":
        return None
    ref = getattr(args, "routine", None)
    if not ref:  # the settings' default: an unknown id is reported at its line of the settings file
        return default_routine(settings)
    try:
        return resolve(ref)
    except UnknownRoutine as exc:
        raise UsageError(str(exc)) from exc
