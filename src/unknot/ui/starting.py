"""The app as a front end over the session flow: the first screen, the saved session offered, another
routine asked about, then the reminder, the pain question and the player.

What is asked and what each answer starts is decided in :mod:`unknot.session.flow`, the same for plain
mode; this module only shows the questions as screens and wires the answers back.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from unknot.model.routine import Routine
from unknot.session.engine import Session
from unknot.session.events import Summary
from unknot.session.flow import (
    Begin,
    Choice,
    build_runner,
    find_saved,
    on_start,
    settle,
    use_sounds_of,
)
from unknot.session.progress import StoreCheckpoints
from unknot.session.store_records import Progress
from unknot.settings import with_get_ready
from unknot.ui import long_lived
from unknot.ui.screens.reminder import ReminderScreen

if TYPE_CHECKING:
    from unknot.ui.session_app import SessionApp


def first_screen(app: SessionApp) -> None:
    """At start-up: the saved session offered (or resumed, for `unknot resume`), else the routine asked
    for, else the list of routines."""
    store = app.services.store
    progress = store.load_progress() if store is not None else None
    if progress is not None and not _own(app, progress.routine_name):
        app.show_picker()  # another window runs it: nothing here may resume, restart or discard it
    elif progress is not None:
        offer_resume(app, progress, asked=app.start_routine, straight=app.resume_requested)
    elif app.start_routine is not None:
        begin_routine(app, Begin(app.start_routine))
    else:
        app.show_picker()


def offer_resume(
    app: SessionApp, progress: Progress, *, asked: Routine | None, straight: bool = False
) -> None:
    """Ask what to do with the saved session (``straight``: resume it without asking, when it can go on).

    ``asked`` is the routine that discarding starts instead (None: discarding goes back to the list)."""
    from unknot.ui.screens.resume import ResumeScreen

    services = app.services
    saved = find_saved(progress, services.settings, services.clock, find=services.find_saved)
    if saved.session is not None and straight:
        begin_routine(app, Begin(saved.session.routine, saved))
        return

    def chosen(choice: Choice | None) -> None:
        begin = settle(choice, saved, asked, app.clear_saved_session)
        if begin is None:
            app.show_picker()
        else:
            begin_routine(app, begin)

    app.push_screen(ResumeScreen(saved, instead=asked.name if asked is not None else None), chosen)


def start_asking(app: SessionApp, routine: Routine) -> None:
    """Start ``routine`` (the list, the palette); while a session is saved, ask first (session.flow.on_start):
    the same routine is offered to resume, another one is asked about, naming both."""
    from unknot.ui.screens.player import PlayerScreen
    from unknot.ui.screens.switch import SwitchScreen

    app.save_progress()
    store = app.services.store
    progress = store.load_progress() if store is not None else None
    rule = on_start(progress, routine, running=app.runner is not None)
    if progress is None or rule == "start":
        begin_routine(app, Begin(routine))
        return
    if not _own(app, progress.routine_name):
        return  # another window runs it: nothing here may resume, replace or discard it
    if rule == "offer_resume":
        offer_resume(app, progress, asked=None)
        return

    def answered(start: bool | None) -> None:
        if not start:
            app.let_go()  # kept: the lock taken to ask is not held while nothing runs here
            return
        player = next((s for s in app.screen_stack if isinstance(s, PlayerScreen)), None)
        if player is not None:  # the palette, over a running player: that session ends here
            while app.screen is not player:
                app.pop_screen()
            player.end_here()
        app.clear_saved_session()
        begin_routine(app, Begin(routine))

    app.push_screen(SwitchScreen(progress, routine), answered)


def begin_routine(app: SessionApp, begin: Begin) -> None:
    """Show the reminder; then ask for pain (new sessions only) and start, or resume, in the player."""
    from unknot.learning.ratings import asks_before
    from unknot.ui.rating_flow import ask_before

    services = app.services
    if not _own(app):
        app.show_picker()
        return
    store = services.store
    owner = services.lock.token if services.lock is not None else None

    def checkpoints(pain: int | None = None, where: str | None = None) -> StoreCheckpoints | None:
        if store is None:
            return None
        return begin.checkpoints(store, owner=owner, pain_before=pain, pain_where=where)

    def after_reminder(go_on: bool | None) -> None:
        if not go_on:
            app.show_picker()
            return
        session = begin.session(services.settings, services.clock)
        if begin.resuming or not asks_before(_ask_pain(app)) or store is None:
            play(app, session, checkpoints())  # resuming: the pain was asked when the session began
        else:
            ask_before(app, lambda pain, where: play(app, session, checkpoints(pain, where)))

    routine = with_get_ready(begin.routine, services.settings)
    app.push_screen(ReminderScreen(routine, resuming=begin.resuming), after_reminder)


def play(app: SessionApp, session: Session, checkpoints: StoreCheckpoints | None) -> None:
    """Run ``session`` in the player; then the summary, and the ratings after it."""
    from unknot.learning.after_session import after_session, get_ready_advice
    from unknot.learning.ratings import asks_after
    from unknot.ui.rating_flow import ask_after
    from unknot.ui.screens.player import PlayerScreen
    from unknot.ui.screens.summary import SummaryScreen

    services = app.services
    runner = app.runner = build_runner(
        session,
        cues=app.ensure_player(),
        checkpoints=checkpoints,
        settings=services.settings,
        events_out=services.events_out,
        on_warning=lambda message: app.warn(message, timeout=8),
        awake_clock=services.awake_clock,
    )
    routine = session.routine
    if services.sounds_for is not None and app.sound.player is not None:
        use_sounds_of(app.sound.player, routine, services.sounds_for, app.warn)
    runner.begin()

    def after_player(summary: Summary | None) -> None:
        app.runner = None
        long_lived.thaw()
        if app.phone_link is not None:
            app.phone_link.unfollow()
        if summary is None:
            return
        extra = after_session(services.store, routine, datetime.now().astimezone())
        app.push_screen(SummaryScreen(routine, summary, extra), lambda _: app.show_picker())
        if checkpoints is not None and checkpoints.finished_id is not None and asks_after(_ask_pain(app)):
            ask_after(app, checkpoints)

    # The player's status line names the backend only when cues make no sound (why, and the fallback).
    status = "" if app.sound.audible else app.sound.status
    player = PlayerScreen(
        runner,
        status=status,
        advice=get_ready_advice(services.store, routine),
        settings=services.settings,
        sound_status=lambda: app.sound.status,
        set_title=app.set_terminal_title,
    )
    app.push_screen(player, after_player)
    player.call_after_refresh(long_lived.freeze)
    if app.phone_link is not None and app.phone_link.url:
        app.phone_link.follow(runner, player)


def _ask_pain(app: SessionApp) -> str:
    """The ``ask_pain`` setting, or "never" when the launcher turned the questions off."""
    return app.services.settings.ask_pain if app.services.ask_pain else "never"


def _own(app: SessionApp, routine_name: str | None = None) -> bool:
    """Take the session lock; when another window holds it, say so and return False."""
    lock = app.services.lock
    if lock is None or lock.acquire():
        return True
    app.warn(lock.busy_message(routine_name), timeout=10)
    return False
