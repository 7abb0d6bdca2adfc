"""The app's input thread waits for a key without waking ten times a second, and still does all it did."""

from __future__ import annotations

import os
import pty
import queue
import selectors
import signal
import sys
import threading
import tty
from collections.abc import Iterator
from typing import Any

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from unknot.ui.quiet_input import POLL_SECONDS, QuietLinuxDriver, parser_wait, quiet_driver


def test_the_wait_is_for_ever_unless_the_parser_waits_on_an_escape() -> None:
    parser = XTermParser()
    assert parser_wait(parser, now=100.0) is None
    list(parser.feed("\x1b"))  # a lone Escape, or the start of a sequence: the parser gives it a moment
    due = parser._timeout_time
    assert due is not None
    assert parser_wait(parser, now=due - 0.05) == pytest.approx(0.05)
    assert parser_wait(parser, now=due + 1) == 0.0
    del parser._timeout_time  # a Textual that keeps it elsewhere: Textual's own polling
    assert parser_wait(parser, now=0.0) == POLL_SECONDS


def test_only_textuals_linux_driver_is_replaced() -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    assert quiet_driver(LinuxDriver) is QuietLinuxDriver
    assert quiet_driver(HeadlessDriver) is HeadlessDriver


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A pseudo-terminal in raw mode as the driver's stdin; yields the end that types into it."""
    typing_end, stdin_end = pty.openpty()
    tty.setraw(stdin_end)
    stdin = os.fdopen(stdin_end, "r")
    monkeypatch.setattr(sys, "__stdin__", stdin)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    try:
        yield typing_end
    finally:
        for sig, handler in handlers.items():  # the driver installs its own for ctrl+z
            signal.signal(sig, handler)
        stdin.close()
        os.close(typing_end)


async def test_keys_and_a_lone_escape_come_through_and_stop_wakes_it_at_once(
    terminal: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float | None] = []
    waited = threading.Condition()
    select = selectors.SelectSelector.select

    def recorded(self: selectors.SelectSelector, timeout: float | None = None) -> Any:
        with waited:
            waits.append(timeout)
            waited.notify_all()
        return select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", recorded)
    received: queue.Queue[Message] = queue.Queue()

    class Recording(QuietLinuxDriver):
        def process_message(self, message: Message) -> None:
            received.put(message)

    driver = Recording(app=None)  # messages go to the queue, not to an app
    thread = threading.Thread(target=driver.run_input_thread)
    thread.start()
    try:
        os.write(terminal, b"a")
        key = received.get(timeout=10)
        assert isinstance(key, events.Key) and key.key == "a"
        # Textual's thread waits 0.1 s at a time; this one waited for the key with no timeout at all.
        assert waits and all(wait is None for wait in waits)
        os.write(terminal, b"\x1b")
        key = received.get(timeout=10)
        assert isinstance(key, events.Key) and key.key == "escape"
        # For the Escape it waited only as long as the parser's own timeout, then for ever again.
        timed = [wait for wait in waits if wait is not None]
        assert timed and all(0 <= wait <= 1 for wait in timed)
        with waited:  # back to waiting for ever ...
            assert waited.wait_for(lambda: waits[-1] is None, timeout=10)
    finally:
        driver.exit_event.set()  # ... until told to stop (quit, ctrl+z): the pipe wakes it
        thread.join(10)
        driver.close()
    assert not thread.is_alive()
    assert waits[-1] == POLL_SECONDS  # Textual's last look at the input, as before


def test_textuals_input_loop_is_still_the_one_this_driver_follows() -> None:
    # QuietLinuxDriver.run_input_thread is Textual's loop with another wait, and relies on disable_input
    # setting exit_event: a Textual that changes either must be read again before this test is updated.
    import hashlib
    import inspect

    def digest(function: object) -> str:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]  # type: ignore[arg-type]

    assert digest(LinuxDriver.run_input_thread) == "d796af6d69db337d"
    assert digest(LinuxDriver.disable_input) == "6154c5a7c1743fe9"
