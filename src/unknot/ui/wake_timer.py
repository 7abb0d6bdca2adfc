"""The player's wake-up, straight on the event loop.

The player sleeps until the session's next moment (the next second of the countdown, a cue) and asks for a
new wake-up each time. Textual's ``set_timer`` makes a :class:`~textual.timer.Timer` for each: an asyncio
task that is started, sleeps, wakes, checks its events and ends, several loop callbacks each second for one
call. :func:`wake_in` is a single ``loop.call_later`` handle, cancelled by :meth:`WakeTimer.stop`. An error
in the callback goes to ``on_error`` (the app's, which stops with a traceback as for any handler), never
silently to asyncio's log.

A handle on the loop is not one of the screen's timers, so Textual does not stop it when the screen closes.
``alive`` is asked when the wake comes: the screen answers with its ``is_running``, which goes false as its
message loop ends and before its children are removed (the moment Textual stops its own timers). Without it,
a wake that fell in the app's shutdown found the countdown already gone (seen once in CI, on a busy machine).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class WakeTimer:
    """One wake-up asked for; :meth:`stop` cancels it if it has not come yet."""

    def __init__(self, handle: asyncio.TimerHandle) -> None:
        self._handle = handle

    def stop(self) -> None:
        """Cancel the wake-up (nothing happens if it came already)."""
        self._handle.cancel()


def wake_in(
    delay: float,
    callback: Callable[[], None],
    on_error: Callable[[Exception], None],
    alive: Callable[[], bool],
) -> WakeTimer:
    """Call ``callback`` once, ``delay`` seconds from now, on the running event loop, if ``alive()`` then."""

    def fire() -> None:
        if not alive():
            return
        try:
            callback()
        except Exception as error:
            on_error(error)

    return WakeTimer(asyncio.get_running_loop().call_later(delay, fire))
