"""Textual's Linux terminal driver, with an input thread that sleeps until there is input.

Textual's input thread waits for keys with ``select(0.1)``: it wakes ten times a second, with or without a
key, to see whether it should stop and to let a lone Escape time out. That is 600 wake-ups a minute, about
0.03-0.04 s of CPU a minute measured on an idle prompt (a tenth of what the whole floor view costs). Here
the thread waits without a timeout, and two things wake it: the stop (:class:`_WakingEvent` writes a byte
to a pipe the thread also waits on) and, only while the parser holds the start of an escape sequence, the
same 0.1 s as Textual's, so Escape alone still arrives. Keys, mouse and paste go through Textual's own
parser and ``process_message`` unchanged.

This copies the loop of ``LinuxDriver.run_input_thread`` (Textual 1.x to 8.x); ``tests/test_quiet_driver.py``
drives it on a real pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import os
import selectors
from codecs import getincrementaldecoder
from threading import Event
from typing import Any

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESCAPE_TIMEOUT = 0.1
"""How long the thread waits, while a sequence is half read, before the parser's timeout (Textual's)."""


class _WakingEvent(Event):
    """The driver's ``exit_event``: setting it also wakes the input thread through a pipe."""

    def __init__(self) -> None:
        super().__init__()
        self.read_fd, self._write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self._write_fd, False)

    def set(self) -> None:
        super().set()
        with contextlib.suppress(BlockingIOError):  # already awake: the pipe holds a byte
            os.write(self._write_fd, b"x")

    def clear(self) -> None:
        super().clear()
        with contextlib.suppress(BlockingIOError):
            while os.read(self.read_fd, 64):
                pass


class QuietLinuxDriver(LinuxDriver):
    """:class:`~textual.drivers.linux_driver.LinuxDriver` whose input thread does not poll."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One pipe for the driver's life: Textual calls close() on a suspend (ctrl+z) and starts the
        # input thread again on resume, so the pipe outlives close().
        self.exit_event = _WakingEvent()

    def run_input_thread(self) -> None:
        """Wait for input (or the stop) and dispatch events, as Textual's loop does, without polling."""
        exit_event = self.exit_event
        assert isinstance(exit_event, _WakingEvent)
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ, "input")
        selector.register(exit_event.read_fd, selectors.EVENT_READ, "wake")
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(timeout: float | None, final: bool = False) -> None:
            ready = [key for key, mask in selector.select(timeout) if key.data == "input"]
            for n, _key in enumerate(ready):
                data = decode(os.read(fileno, 1024 * 4), final=final and n == len(ready) - 1)
                if not data:  # stdin is a pipe that ended
                    break
                for event in parser.feed(data):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not exit_event.is_set():
                # Textual's parser keeps the moment a half-read sequence (a lone Escape) times out; a
                # parser without it (another Textual) is ticked as Textual does.
                pending = getattr(parser, "_timeout_time", ESCAPE_TIMEOUT)
                process(ESCAPE_TIMEOUT if pending is not None else None)
            selector.unregister(fileno)
            process(ESCAPE_TIMEOUT, final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
