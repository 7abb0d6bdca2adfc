"""The session clock: monotonic, and on Linux the one that keeps counting through a suspend."""

from __future__ import annotations

import sys
import time

import pytest

from unknot.session import clock
from unknot.session.engine import Session


def test_the_session_clock_never_goes_back() -> None:
    readings = [clock.session_clock() for _ in range(1000)]
    assert readings == sorted(readings)
    before = clock.session_clock()
    time.sleep(0.05)
    assert 0.04 <= clock.session_clock() - before < 1.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux's")
def test_on_linux_it_is_boottime_which_counts_suspended_time() -> None:
    # CLOCK_MONOTONIC (time.monotonic) stands still while the machine sleeps; BOOTTIME does not, so the
    # runner sees a suspend as a gap and pauses the session where it began.
    assert clock.session_clock is not time.monotonic
    assert abs(clock.session_clock() - time.clock_gettime(time.CLOCK_BOOTTIME)) < 0.5


def test_sessions_run_on_it_unless_told_otherwise() -> None:
    from unknot.routine_files.discovery import resolve

    assert Session(resolve("quick-relief-5")).clock is clock.session_clock
