"""The quick ratings in the app: pain and where before a session; pain and the re-test after it.

Kept out of ``app.py`` so the app stays a thin shell; each question is its own modal screen, Esc skips it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from unknot.learning.ratings import RETEST, RETEST_QUESTION, WHERE, WHERE_QUESTION
from unknot.session.store_records import StoreError
from unknot.ui.shown import shown

if TYPE_CHECKING:
    from textual.app import App

    from unknot.session.progress import StoreCheckpoints
    from unknot.ui.screens.summary import SummaryScreen


def ask_before(app: App[int], then: Callable[[int | None, str | None], None]) -> None:
    """Ask the pain 0-10, then (when there is some) where it is; ``then(pain, where)``."""
    from unknot.ui.screens.choice import ChoiceScreen
    from unknot.ui.screens.pain import PainScreen

    def got_pain(pain: int | None) -> None:
        if not pain:  # skipped, or 0: there is no "where"
            then(pain, None)
            return
        app.push_screen(ChoiceScreen(WHERE_QUESTION, WHERE), lambda where: then(pain, where))

    app.push_screen(PainScreen("before"), got_pain)


def ask_after(app: App[int], checkpoints: StoreCheckpoints) -> None:
    """Ask the pain 0-10 now, then the movement re-test; each is saved to the finished session as it comes
    and shown on the summary."""
    from unknot.ui.screens.choice import ChoiceScreen
    from unknot.ui.screens.pain import PainScreen

    def got_retest(retest: str | None) -> None:
        if retest is not None:
            note = f"Standing up from a chair: {retest} (saved)"
            _save(app, checkpoints, lambda i: checkpoints.store.set_rating(i, "retest", retest),
                  lambda summary: summary.show_note(note))  # fmt: skip

    def got_pain(pain: int | None) -> None:
        if pain is not None:
            _save(app, checkpoints, lambda i: checkpoints.store.set_pain(i, "after", pain),
                  lambda summary: summary.show_pain_after(pain, checkpoints.pain_before))  # fmt: skip
        app.push_screen(ChoiceScreen(RETEST_QUESTION, RETEST), got_retest)

    app.push_screen(PainScreen("after"), got_pain)


def _save(
    app: App[int],
    checkpoints: StoreCheckpoints,
    write: Callable[[int], object],
    show: Callable[[SummaryScreen], None],
) -> None:
    """Write one rating of the finished session; say why when the store refuses; show it on the summary."""
    from unknot.ui.screens.summary import SummaryScreen

    if checkpoints.finished_id is None:
        return
    try:
        write(checkpoints.finished_id)
    except StoreError as exc:
        app.notify(shown(exc), severity="warning")  # it may name the database's path
        return
    if isinstance(app.screen, SummaryScreen):
        show(app.screen)
