"""The glue between the app and the phone page: its server on the app's loop, following the player.

Everything the page shows and does lives in :mod:`unknot.web` (no Textual); this module only finds the
player to route taps through (so a tap is a key press) and puts the URL on a line of the player. The key and
the palette entry that start it and show the QR code are :func:`unknot.ui.app_commands.start_phone`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from unknot.paths import builtin_sounds_dir
from unknot.web.address import lan_address
from unknot.web.phone import PhoneServer
from unknot.web.phone_state import PhoneBridge

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from unknot.session.runner import SessionRunner


class PhoneLink:
    """The phone page of one app: off until :meth:`start`, then following each session the player runs."""

    def __init__(self, app: App[Any], host: str | None, volume: float) -> None:
        self.app = app
        self.host = host or lan_address() or "127.0.0.1"
        # On every address (0.0.0.0, ::), the URL names the one a phone reaches.
        shown = (lan_address() or "127.0.0.1") if self.host in ("0.0.0.0", "::") else self.host
        self.server = PhoneServer(
            self.host, 0, self._control, builtin_sounds_dir(), volume=volume, public_host=shown
        )
        self.bridge = PhoneBridge(self.server.publish)
        self.server.current = self.bridge.current
        self.url = ""

    @property
    def note(self) -> str:
        """What to know about the address chosen."""
        from unknot.ui.screens.phone import PHONE_WARNING

        if self.server.public_host == "127.0.0.1" and lan_address() is None:
            return "No network found: only this machine can open the page. " + PHONE_WARNING
        return PHONE_WARNING

    async def start(self) -> str:
        """Listen (once); returns the URL. Raises OSError when the address cannot be used."""
        if not self.server.serving:
            self.url = await self.server.start()
        return self.url

    def follow(self, runner: SessionRunner, screen: Screen[Any]) -> None:
        """Show ``runner``'s session on the page, and its URL on a line of the player ``screen``."""
        runner.observers.append(self.bridge.on_events)
        self.bridge.attach(runner.session)
        line = Static(f"Phone: {self.url}  · same Wi-Fi only, no encryption, q stops it", id="phone-url-line")
        line.styles.height = 1
        line.styles.text_wrap = "nowrap"  # type: ignore[assignment,unused-ignore]
        line.styles.text_overflow = "ellipsis"  # type: ignore[assignment,unused-ignore]
        screen.mount(line)

    def unfollow(self) -> None:
        """The player closed: the page waits for the next session."""
        self.bridge.detach()

    def _control(self, name: str) -> None:
        # A tap is a key: it goes through the player's own action, so the screen, the events log and the
        # checkpoints see exactly what a key press makes them see.
        from unknot.ui.screens.player import PlayerScreen

        player = next((s for s in reversed(self.app.screen_stack) if isinstance(s, PlayerScreen)), None)
        if player is not None and not player.session.finished:
            player.action_control(name)
