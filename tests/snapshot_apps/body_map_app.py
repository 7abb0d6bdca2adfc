"""A tiny app showing the body map with the left piriformis lit, for the snapshot test."""

from __future__ import annotations

from textual.app import App, ComposeResult

from unknot.ui.widgets.body_map import BodyMap


class BodyMapApp(App[None]):
    CSS = """
    Screen {
        align: center middle;
    }
    """

    def compose(self) -> ComposeResult:
        yield BodyMap("piriformis", "left")


if __name__ == "__main__":
    BodyMapApp().run()
