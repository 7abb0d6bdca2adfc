"""What screens ask of the app, as Textual messages: a screen posts one, the app answers it.

Screens used to reach into the app with ``getattr(self.app, ...)``, which neither the type checker nor a
reader could follow; a message names the request, and a screen shown in another app (a test's) simply
goes unanswered. What a screen needs at once, in step with what it draws (the sound status, the window
title), is handed to it when it is made instead; a message arrives a moment later.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message


class ToggleMute(Message):
    """Mute or unmute the cues; the app answers with the new status line through ``reply``."""

    def __init__(self, reply: Callable[[str], None]) -> None:
        super().__init__()
        self.reply = reply
        """Called with the new status line (``PlayerScreen.set_status``)."""
