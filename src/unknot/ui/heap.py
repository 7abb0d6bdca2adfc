"""The collector's view of the heap while a session runs: what start-up left alive is set aside.

Python's cycle collector now and then walks every object the process holds (its oldest generation). After
start-up that is Textual, the screens and their styles: measured at 200x60, one such pass took about 45 ms,
against 2-3 ms for a whole second of the player. Nothing made before the player starts becomes garbage while
it runs, so :func:`freeze_start_up` moves it out of the collector's sight (``gc.freeze``), after collecting
the two young generations (where start-up's garbage still is); :func:`thaw` gives it back when the player
closes, so a screen that closed is collected as before. Not a full collection first: that walks the whole
heap once more (about 0.1 s in a process that has built many apps, a third of a test run's CPU), and the
little older garbage it would find is only held until the player closes.
"""

from __future__ import annotations

import gc


def freeze_start_up() -> None:
    """Collect the young generations, then leave everything alive now out of later collections."""
    gc.collect(1)
    gc.freeze()


def thaw() -> None:
    """Put the objects set aside back under the collector."""
    gc.unfreeze()
