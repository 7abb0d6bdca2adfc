"""The terminal driver's input thread sleeps until a key or the stop, and still delivers every key.

Run on a real pseudo-terminal: bytes typed into its master side reach the thread through Textual's parser
(a lone Escape too, which needs the parser's timeout), the thread does not wake while nothing is typed
(Textual's own wakes ten times a second), and stopping it wakes it, also after a stop and a start again
(ctrl+z suspends the app that way).
"""

from __future__ import annotations

import os
import pty
import selectors
import threading
import time
import tty
from collections.abc import Iterator

import pytest
from textual import events
from textual.app import App
from textual.message import Message

from unknot.ui import quiet_driver
from unknot.ui.quiet_driver import QuietLinuxDriver
from unknot.ui.window import WindowApp


class Recording(QuietLinuxDriver):
    """The driver, keeping what its input thread dispatches instead of sending it to an app."""

    def __init__(self, app: App[object], fileno: int) -> None:
        super().__init__(app)
        self.fileno = fileno
        self.keys: list[str] = []
        self.got_key = threading.Event()

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Key):
            self.keys.append(message.key)
            self.got_key.set()


class CountingSelector(selectors.SelectSelector):
    """Counts how often the thread wakes from its wait."""

    calls = 0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(timeout)
        CountingSelector.calls += 1
        return ready


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, int]]:
    monkeypatch.setattr(quiet_driver.selectors, "SelectSelector", CountingSelector)
    master, slave = pty.openpty()
    tty.setraw(slave)  # as the driver sets the terminal: each byte as it is typed
    yield master, slave
    os.close(master)
    os.close(slave)


def start(driver: Recording) -> threading.Thread:
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    return thread


def wait_for_keys(driver: Recording, count: int) -> None:
    for _ in range(200):  # each wait returns as soon as a key comes; the count bounds a lost one
        if len(driver.keys) >= count:
            return
        driver.got_key.wait(0.05)
        driver.got_key.clear()


def stop(driver: Recording, thread: threading.Thread) -> None:
    driver.exit_event.set()
    thread.join(30)
    assert not thread.is_alive(), "the stop did not wake the input thread"
    driver.exit_event.clear()


async def test_keys_arrive_and_the_thread_sleeps_between_them(terminal: tuple[int, int]) -> None:
    master, slave = terminal
    driver = Recording(App(), slave)
    thread = start(driver)
    os.write(master, b"a")
    wait_for_keys(driver, 1)
    os.write(master, b"\x1b")  # a lone Escape: it comes out when the parser's wait for more runs out
    wait_for_keys(driver, 2)
    assert driver.keys == ["a", "escape"]
    woken = CountingSelector.calls
    time.sleep(0.5)  # nothing typed: Textual's thread would wake five times here
    assert CountingSelector.calls == woken
    stop(driver, thread)


async def test_a_stopped_thread_starts_again_and_sleeps(terminal: tuple[int, int]) -> None:
    master, slave = terminal
    driver = Recording(App(), slave)
    stop(driver, start(driver))  # as ctrl+z does; the stop's wake-up byte is read away by clear()
    driver.close()  # a suspend closes the driver, then starts its input thread again
    thread = start(driver)
    os.write(master, b"q")
    wait_for_keys(driver, 1)
    woken = CountingSelector.calls
    time.sleep(0.3)  # a byte left in the wake-up pipe would have it spin here
    assert CountingSelector.calls == woken
    assert driver.keys == ["q"]
    stop(driver, thread)


def test_the_app_runs_on_it_in_a_terminal() -> None:
    from tests.ui_support import build_app

    app = build_app()
    assert isinstance(app, WindowApp)
    assert app.get_driver_class() is QuietLinuxDriver
