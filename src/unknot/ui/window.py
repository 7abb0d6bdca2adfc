"""The terminal window around unknot's screens: the theme (and remembering it), the title bar, the colours
of the floor countdown, and a cue's tint over every line. :class:`~unknot.ui.app.UnknotApp` builds on it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.driver import Driver
from textual.filter import ANSIToTruecolor, LineFilter

from unknot.ui.services import Services
from unknot.ui.shown import shown
from unknot.ui.themes import HIGH_CONTRAST


class WindowApp(App[int]):
    """A Textual app that dresses its window as the settings say and shows what the screens ask it to."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._terminal_title = ""
        self.register_theme(HIGH_CONTRAST)
        if services.settings.theme in self.available_themes:
            self.theme = services.settings.theme
        if services.settings.keys:
            self.set_keymap(dict(services.settings.keys))

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux one whose input thread sleeps until a key comes."""
        driver = super().get_driver_class()
        if driver.__module__ != "textual.drivers.linux_driver":  # Windows, the web, TEXTUAL_DRIVER
            return driver
        from unknot.ui.quiet_input import quiet_driver

        return quiet_driver(driver)

    def remember_theme(self, theme: object) -> None:
        """Write a theme chosen in the app to the settings file (subscribed to Textual's theme signal)."""
        if self.services.save_setting is None:
            return
        from unknot.errors import InputError

        try:
            self.services.save_setting("theme", self.theme)
        except (OSError, ValueError, InputError) as exc:
            # A settings file broken by hand while the app runs is left as it is (it says where).
            self.warn(f"The theme could not be remembered: {exc}")

    def warn(self, text: str, *, timeout: float | None = None) -> None:
        """A warning notification. Its text may name a routine, a file or a database, so it is shown as
        the characters it is, never read as markup or escape sequences (:func:`unknot.ui.shown.shown`)."""
        self.notify(shown(text), severity="warning", timeout=timeout)

    def set_terminal_title(self, text: str) -> None:
        """Show ``text`` in the terminal window's title bar (OSC 2), so the time left shows in the taskbar."""
        driver = self._driver  # Textual has no public call for the window title; its driver writes for us.
        if driver is not None and not self.is_headless and text != self._terminal_title:
            self._terminal_title = text
            driver.write(f"\x1b]2;{text}\x07")

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with a cue's window tint after the ANSI one while the player flashes."""
        filters = super().get_line_filters()
        tint = getattr(self.screen_stack[-1], "window_tint", None) if self.screen_stack else None
        if tint is None:
            return filters
        ansi = [f for f in filters if isinstance(f, ANSIToTruecolor)]
        return [*ansi, tint, *(f for f in filters if not isinstance(f, ANSIToTruecolor))]

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, and the floor countdown's colours legible against it."""
        from unknot.ui.floor_colours import floor_variables

        variables = super().get_css_variables()
        return {**variables, **floor_variables(variables)}
