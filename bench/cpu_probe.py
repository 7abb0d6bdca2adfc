"""Runs ``unknot`` as usual, and on signals reports where its CPU goes (used by ``bench/cpu_parts.py``).

SIGUSR1 starts a window; SIGUSR2 ends it and writes JSON to ``UNKNOT_CPU_PROBE_OUT``: each thread's CPU
(its own CPU clock, exact, not the 10 ms ticks of /proc) and the main thread's CPU inside each part named in
``PARTS`` (``time.thread_time`` around the outermost call), in seconds per minute, plus the garbage
collector's time per generation. The probe's own cost is a few microseconds a call.
"""

from __future__ import annotations

import functools
import gc
import importlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

PARTS = (
    ("textual.screen", "Screen._on_timer_update"),  # a frame: the compositor and the write
    ("unknot.ui.screens.player", "PlayerScreen._on_wake"),  # the player's wake-up, all of it
    ("unknot.ui.screens.player", "PlayerScreen._render_all"),  # ... updating its widgets
    ("unknot.session.runner", "SessionRunner.wake"),  # ... the session, the events log, the checkpoint
    ("unknot.session.progress", "StoreCheckpoints.save"),  # ... the checkpoint alone
    ("unknot.web.phone_state", "PhoneBridge.on_events"),  # the phone page: deciding what to send
    ("unknot.web.phone", "PhoneServer.publish"),  # ... and sending it
    ("aiohttp.web_ws", "WebSocketResponse._send_heartbeat"),  # ... and its pings
    ("textual.screen", "Screen._refresh_layout"),  # a new layout (a step change)
)
totals: dict[str, list[float]] = {}


def _wrap(module: str, qualname: str) -> None:
    owner: Any = importlib.import_module(module)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    function: Callable[..., Any] = getattr(owner, name)
    record = totals.setdefault(qualname, [0.0, 0])

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            record[0] += time.thread_time() - start
            record[1] += 1

    setattr(owner, name, timed)


def _gc_timer() -> None:
    started: list[float] = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.thread_time()
        else:
            record = totals.setdefault(f"gc generation {info['generation']}", [0.0, 0])
            record[0] += time.thread_time() - started[0]
            record[1] += 1

    gc.callbacks.append(callback)


def _threads() -> dict[str, float]:
    clocks = {}
    for thread in threading.enumerate():
        if thread.ident is not None:
            clocks[f"thread {thread.name}"] = time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return clocks


def install(out: str) -> None:
    """Wrap the parts and set the two signals' handlers."""
    for module, qualname in PARTS:
        _wrap(module, qualname)
    _gc_timer()
    mark: dict[str, Any] = {}

    def begin(*_: object) -> None:
        mark.update(wall=time.monotonic(), threads=_threads(), parts={k: list(v) for k, v in totals.items()})

    def end(*_: object) -> None:
        minutes = (time.monotonic() - mark["wall"]) / 60
        threads = {k: (v - mark["threads"].get(k, 0.0)) / minutes for k, v in _threads().items()}
        parts = {}
        for key, (seconds, calls) in totals.items():
            before = mark["parts"].get(key, [0.0, 0])
            parts[key] = {"s_per_min": (seconds - before[0]) / minutes, "calls": calls - before[1]}
        with open(out, "w", encoding="utf-8") as file:
            json.dump({"minutes": minutes, "threads": threads, "parts": parts}, file, indent=1)

    signal.signal(signal.SIGUSR1, begin)
    signal.signal(signal.SIGUSR2, end)


if __name__ == "__main__":
    import unknot.session.progress
    import unknot.ui.screens.player
    import unknot.web.phone_state  # noqa: F401  (the parts must be importable before they are wrapped)
    from unknot.cli import main

    install(os.environ["UNKNOT_CPU_PROBE_OUT"])
    sys.exit(main(sys.argv[1:]))
