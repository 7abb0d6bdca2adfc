"""Start the app for ``unknot``, ``unknot run`` and ``unknot resume``: real adapters in, clean up after."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from unknot.routine_files.discovery import discover
from unknot.session.adapters import session_adapters
from unknot.session.clock import awake_clock, session_clock
from unknot.session.opening import open_session
from unknot.settings import save_setting


def launch(args: argparse.Namespace) -> int:
    """Run the app; returns the exit status."""
    from unknot.commands.serve import served
    from unknot.ui.app import Services, make_app

    with ExitStack() as stack:
        # A bad settings file or routine stops here with PATH:LINE:COL, exit status 2.
        opened = open_session(args, stack)
        settings, store = opened.settings, opened.store
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
            lock=opened.lock,
            awake_clock=awake_clock,
        )
        app = make_app(services, start=opened.asked, resume=args.command == "resume")
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
