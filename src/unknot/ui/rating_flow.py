"""The quick ratings in the app: pain and where before a session; pain and the re-test after it.

Kept out of ``app.py`` so the app stays a thin shell; each question is its own modal screen, Esc skips it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from unknot.ratings import RETEST, RETEST_QUESTION, WHERE, WHERE_QUESTION
from unknot.store import StoreError

if TYPE_CHECKING:
    from textual.app import App

    from unknot.progress import StoreCheckpoints


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


def ask_after(
    app: App[int], checkpoints: StoreCheckpoints, record_pain: Callable[[int | None], None]
) -> None:
    """Ask the pain 0-10 now (``record_pain`` saves it), then the movement re-test, saved to the session."""
    from unknot.ui.screens.choice import ChoiceScreen
    from unknot.ui.screens.pain import PainScreen
    from unknot.ui.screens.summary import SummaryScreen

    def got_retest(retest: str | None) -> None:
        if retest is None or checkpoints.finished_id is None:
            return
        try:
            checkpoints.store.set_rating(checkpoints.finished_id, "retest", retest)
        except StoreError as exc:
            app.notify(str(exc), severity="warning")
            return
        screen = app.screen
        if isinstance(screen, SummaryScreen):
            screen.show_note(f"Standing up from a chair: {retest} (saved)")

    def got_pain(pain: int | None) -> None:
        record_pain(pain)
        app.push_screen(ChoiceScreen(RETEST_QUESTION, RETEST), got_retest)

    app.push_screen(PainScreen("after"), got_pain)
