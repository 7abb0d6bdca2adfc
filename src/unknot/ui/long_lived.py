"""The objects a session's player lives on, set aside from the garbage collector while it runs.

By the time the player shows, the process holds about 100,000 objects that live until the session ends
(Textual's app, styles and widgets, the routine, the store). Python's full collection walks all of them every
minute or two, about 37 ms of CPU each time: with the younger collections, a tenth of what a running session
cost (0.025 of 0.27 s a minute, thread CPU over two minutes in tmux; 0.008 once frozen). :func:`freeze` moves
them to the collector's permanent generation once the player's first frame is out, so later collections walk
only what the session makes as it goes; :func:`thaw` hands them back when the player closes (or the app ends),
so a screen dropped after the session is still collected.
"""

from __future__ import annotations

import gc


def freeze() -> None:
    """Keep every object there is now out of later collections (a constant-time move, no walk)."""
    # No gc.collect() first: it walked every object once (40 ms here, half a second in a test process), to
    # free the little garbage the last young collection left, which thaw() hands back to the collector.
    gc.freeze()


def thaw() -> None:
    """Give the set-aside objects back to the collector (the next full collection looks at them again)."""
    gc.unfreeze()
