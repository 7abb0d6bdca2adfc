"""The bench's baseline: a bare Textual app with the same widgets as unknot's player, and nothing else.

A Digits countdown, two ProgressBars, a few Statics and a Footer, laid out like the player; no routine, no
database, no sound. ``--countdown SECONDS`` makes it count down once a second (for the CPU comparison);
without it, it just shows its first frame. The marker text ``bare app ready`` shows on that first frame.
"""

from __future__ import annotations

import argparse
import time
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Footer, ProgressBar, Static

MARKER = "bare app ready"


class BareApp(App[None]):
    """The player's widgets, bare."""

    CSS = """
    #info { width: 1fr; padding: 1 2; }
    #map { width: 40; border: round $accent; }
    Digits { width: auto; margin: 1 0; }
    ProgressBar { margin: 0 0 1 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, countdown: float | None = None) -> None:
        super().__init__()
        self.countdown = countdown
        self.started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="info"):
                yield Static(MARKER, id="marker")
                yield Static("Lower back", id="title")
                yield Static("Swedish · light pressure", id="how")
                yield Static("Stroke from the waist to the top of the buttocks.", id="instruction")
                yield Digits("0:00", id="countdown")
                yield ProgressBar(id="step", total=1000, show_eta=False, show_percentage=False)
                yield ProgressBar(id="routine", total=1000, show_eta=False)
                yield Static("Next: finish", id="next")
            yield Static("", id="map")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        if self.countdown is not None:
            self.set_interval(1.0, self._show)

    def _show(self) -> None:
        total = self.countdown or 0.0
        left = max(0.0, total - (time.monotonic() - self.started))
        whole = int(-(-left // 1))
        self.query_one("#countdown", Digits).update(f"{whole // 60}:{whole % 60:02d}")
        done = 1000 * (1 - left / total) if total else 0
        self.query_one("#step", ProgressBar).update(progress=done)
        self.query_one("#routine", ProgressBar).update(progress=done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--countdown", type=float, default=None, metavar="SECONDS")
    args = parser.parse_args()
    BareApp(args.countdown).run()


if __name__ == "__main__":
    main()
