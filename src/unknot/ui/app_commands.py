"""What the app's own commands do: its entries in the command palette (the phone page, history, start
any routine), the history key and the phone page's key."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from unknot.ui.shown import shown
from unknot.ui.starting import start_asking

if TYPE_CHECKING:
    from unknot.ui.session_app import SessionApp


def unknot_commands(app: SessionApp) -> Iterable[SystemCommand]:
    """Phone, History (with a store), and "Start: NAME" for every routine that loads."""
    yield SystemCommand(
        "Phone", "Show and control the session on a phone (same Wi-Fi)", partial(start_phone, app)
    )
    if app.services.store is not None:
        yield SystemCommand(
            "History", "Sessions so far, with pain before and after", partial(show_history, app)
        )
    for entry in app.services.discover():
        routine = entry.routine
        if routine is None or entry.shadowed:
            continue
        yield SystemCommand(
            f"Start: {shown(routine.name)}",
            shown(f"{routine.id}: {routine.description or 'start this routine'}"),
            lambda routine=routine: start_asking(app, routine),
        )


def show_history(app: SessionApp) -> None:
    """Show the sessions so far (over the player, which holds while it is shown); not without a store."""
    from unknot.learning.outcomes import load
    from unknot.ui.screens.history import HistoryScreen

    store = app.services.store
    if store is None or isinstance(app.screen, HistoryScreen):
        return
    app.push_screen(HistoryScreen(store.history(), store.pain_trend(), load(store)))


async def start_phone(app: SessionApp) -> None:
    """Start the phone page for ``app`` (once), follow the session in the player, show the QR code."""
    from unknot.ui.phone import PhoneLink
    from unknot.ui.screens.phone import PhoneScreen
    from unknot.ui.screens.player import PlayerScreen

    link = app.phone_link
    if link is None:
        link = app.phone_link = PhoneLink(app, app.services.phone or None, app.services.settings.volume / 100)
    fresh = not link.url
    try:
        await link.start()
    except OSError as exc:
        app.phone_link = None
        app.notify(
            shown(f"The phone page cannot listen on {link.host}: {exc.strerror or exc}"), severity="error"
        )
        return
    player = next((s for s in reversed(app.screen_stack) if isinstance(s, PlayerScreen)), None)
    if fresh and app.runner is not None and player is not None:
        link.follow(app.runner, player)
    app.push_screen(PhoneScreen(link.url, link.note))
