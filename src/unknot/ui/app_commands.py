"""What the app's own commands do: its entries in the command palette (the phone page, history, start
any routine) and the history key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from unknot.ui.shown import shown

if TYPE_CHECKING:
    from unknot.ui.app import UnknotApp


def unknot_commands(app: UnknotApp) -> Iterable[SystemCommand]:
    """Phone, History (with a store), and "Start: NAME" for every routine that loads."""
    yield SystemCommand("Phone", "Show and control the session on a phone (same Wi-Fi)", app.action_phone)
    if app.services.store is not None:
        yield SystemCommand("History", "Sessions so far, with pain before and after", app.action_history)
    for entry in app.services.discover():
        routine = entry.routine
        if routine is None or entry.shadowed:
            continue
        yield SystemCommand(
            f"Start: {shown(routine.name)}",
            shown(f"{routine.id}: {routine.description or 'start this routine'}"),
            lambda routine=routine: app.start_asking(routine),
        )


def show_history(app: UnknotApp) -> None:
    """Show the sessions so far (over the player, which holds while it is shown); not without a store."""
    from unknot.learning.outcomes import load
    from unknot.ui.screens.history import HistoryScreen

    store = app.services.store
    if store is None or isinstance(app.screen, HistoryScreen):
        return
    app.push_screen(HistoryScreen(store.history(), store.pain_trend(), load(store)))
