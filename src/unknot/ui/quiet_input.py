"""Textual's Linux driver, with an input thread that sleeps until there is input.

Textual's own input thread wakes ten times a second whether or not a key came (``select`` with a 0.1 s
timeout, then a look at the escape-key parser's timeout): about a sixth of the CPU a running session costs
(0.045 of 0.25 s a minute, per-thread CPU clocks over a minute in tmux). Here the thread waits without a
timeout while the parser has nothing pending, only as long as the parser's own timeout while it has (a lone
Escape is told apart from the start of a sequence exactly as before), and is woken at once through a pipe
when the driver stops listening (quit, ctrl+z). Keys, mouse, paste and resizes take the same path as in
Textual's thread; only the idle wake-ups are gone.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import Any

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

POLL_SECONDS = 0.1
"""Textual's own wait, kept where it still applies (the last look at input when the driver stops, and a
parser that no longer says when it times out)."""


class _WakingEvent(threading.Event):
    """The driver's exit event: setting it also wakes the input thread out of its wait."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()
        self._wake()


def parser_wait(parser: XTermParser, now: float) -> float | None:
    """How long the input thread may wait for input: None (for ever) while the parser expects nothing."""
    if not hasattr(parser, "_timeout_time"):  # a Textual that keeps it elsewhere: poll, as it did
        return POLL_SECONDS
    due = parser._timeout_time  # set while a lone Escape might still be the start of a sequence
    return None if due is None else max(0.0, due - now)


class QuietLinuxDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread costs nothing while no key comes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_read = self._wake_write = -1
        self._open_wake()
        self.exit_event = _WakingEvent(self._wake)

    def _open_wake(self) -> None:
        if self._wake_read < 0:
            self._wake_read, self._wake_write = os.pipe()
            os.set_blocking(self._wake_read, False)
            os.set_blocking(self._wake_write, False)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # a full pipe already wakes the thread
            os.write(self._wake_write, b"\0")

    def _drain_wake(self) -> None:
        with contextlib.suppress(OSError):
            while os.read(self._wake_read, 512):
                pass

    def start_application_mode(self) -> None:
        # ctrl+z closes the driver (suspend_application_mode) and fg starts this same driver again.
        self._open_wake()
        super().start_application_mode()  # type: ignore[no-untyped-call]  # untyped in Textual

    def close(self) -> None:
        super().close()
        fds, (self._wake_read, self._wake_write) = (self._wake_read, self._wake_write), (-1, -1)
        for fd in fds:
            if fd >= 0:
                os.close(fd)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, waiting as :func:`parser_wait` says)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            if any(key.fd == self._wake_read for key, _ in ready):
                self._drain_wake()
            inputs = [(key, mask) for key, mask in ready if key.fd == self.fileno]
            for last, (_key, mask) in loop_last(inputs):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(self.fileno, 1024 * 4), final=final and last)
                    if not data:  # stdin is a pipe that ended
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(parser_wait(parser, get_time())))
            selector.unregister(self.fileno)
            selector.unregister(self._wake_read)
            process(selector.select(POLL_SECONDS), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass


def quiet_driver(driver: type[Driver]) -> type[Driver]:
    """The driver to run with: :class:`QuietLinuxDriver` in place of Textual's Linux one, others as they are
    (``TEXTUAL_DRIVER``, the web driver of ``unknot serve``, Windows)."""
    return QuietLinuxDriver if driver is LinuxDriver else driver
