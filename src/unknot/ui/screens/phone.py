"""The phone page's address as a QR code, with what it is and is not (Escape closes; the page stays on)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unknot.web.qr import qr_lines

PHONE_WARNING = "Same Wi-Fi only. No encryption. Stop it with q (quits unknot)."


class PhoneScreen(ModalScreen[None]):
    """Shows the URL and its QR code over whatever is on screen; the session, if any, keeps running."""

    DEFAULT_CSS = """
    PhoneScreen { align: center middle; }
    #phone-box { width: auto; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
                 background: $surface; border: round $accent; }
    #phone-qr { width: auto; }
    #phone-url, #phone-warning, #phone-what { width: auto; max-width: 78; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", tooltip="Close; the phone page stays on"),
    ]

    def __init__(self, url: str, note: str = "") -> None:
        super().__init__()
        self.url = url
        self.note = note

    def compose(self) -> ComposeResult:
        # Dark modules on light, drawn so whatever the terminal's colours: scanners need the contrast.
        code = Text("\n".join(qr_lines(self.url)), style="#000000 on #ffffff", no_wrap=True)
        with Vertical(id="phone-box"):
            # 80x24 holds it all: a title, the code (up to 19 rows), the URL and the warning, in a border.
            yield Static("Your phone as display, speaker and remote (Esc or a click closes)", id="phone-what")
            yield Static(code, id="phone-qr")
            yield Static(Text(self.url, no_wrap=True), id="phone-url")
            yield Static(Text(self.note or PHONE_WARNING), id="phone-warning")

    def on_click(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the app; the page stays on."""
        self.dismiss(None)
