"""Suite-wide hooks: the long tests start first, and the reliability figures are listed at the end.

This lives at the top of the suite, not beside the reliability tests, because under pytest-xdist the
controller that writes the summary loads only the conftest files on the paths it was given.
"""

from __future__ import annotations

import gc
import os

import pytest

pytest_plugins = ["tests.settings_support"]  # the config_dir fixture, for the settings tests
LONG_MARKERS = ("slow", "tmux")
QUICK_FLASH_SECONDS = 0.05


@pytest.fixture
def quick_flash(monkeypatch: pytest.MonkeyPatch) -> float:
    """The player's cue flash lasts 50 ms instead of 0.4 s: for tests that only wait for it to fade.

    The flash runs on Textual's real-time timer, so a test that looks at the screen after a cue waits it
    out; with this fixture that wait is a fraction of a second. Returns the flash's length.
    """
    from unknot.ui.screens import player_flash

    monkeypatch.setattr(player_flash, "FLASH_SECONDS", QUICK_FLASH_SECONDS)
    return QUICK_FLASH_SECONDS


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` starts two workers per core (PYTEST_XDIST_AUTO_NUM_WORKERS still decides, when set).

    Most of the suite's time is waiting, not computing: tmux journeys and sound sessions run in real time,
    Pilot tests wait out real-time timers, subprocesses start up. With one worker per core the cores idle
    through those waits; with two, another test computes meanwhile (on 2 cores, ``make test-fast`` took
    85 s with 4 workers against 116 s with 2). ``make test-fast`` asks for three (UNKNOT_WORKERS_PER_CORE):
    what it leaves out is the tests that compute most, and what is left waits on Pilot's real-time pauses
    (on 2 cores, idle: 61 s with 4 workers, 57 s with 6, 90 s with 2).
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses == "logical":
        return None  # xdist's own rule
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    per_core = os.environ.get("UNKNOT_WORKERS_PER_CORE", "2")
    return (int(per_core) if per_core.isdigit() and int(per_core) > 0 else 2) * cores


GC_THRESHOLDS = (7000, 10, 10)
"""Python's collector in each test process: a tenth as often as its default (700, 10, 10)."""


def pytest_configure(config: pytest.Config) -> None:
    # The suite builds hundreds of Textual apps, each a heap of reference cycles, while Textual's
    # class-level caches keep some 400,000 objects alive (strips, each with its own small caches): every
    # full collection walks them all, about 0.1 s, and at the default thresholds one came every second
    # of CPU or so, a sixth of the Pilot tests' CPU. Collecting a tenth as often does the same work in
    # larger batches (a worker grows by some 20 MB). Nothing in the suite counts on when garbage goes.
    gc.set_threshold(*GC_THRESHOLDS)
    # xdist's `load` starts each worker on a block of consecutive tests (a quarter of its share): with the
    # long tests first (below), one worker would get all of them. One test at a time instead (a worker
    # still keeps two in hand), unless --maxschedchunk says otherwise.
    if getattr(config.option, "maxschedchunk", 0) is None:
        config.option.maxschedchunk = 1


def pytest_collection_finish(session: pytest.Session) -> None:
    # What exists once the tests are collected (modules, classes, the tests themselves) lives until the
    # process ends: kept out of every later collection, a full one walks two fifths fewer objects
    # (pytest itself runs five at the end, to report exceptions raised in finalizers).
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests (``slow``, ``tmux``) first, each group in its usual order.

    pytest-xdist hands tests out in this order, one at a time to whichever worker is free, so the long
    ones spread over the workers from the start and the run ends on short tests that fill the gaps,
    instead of one worker finishing a minute-long test alone at the end. The sort is stable and the same
    on every worker, as xdist requires.
    """
    items.sort(key=lambda item: not any(item.get_closest_marker(name) for name in LONG_MARKERS))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    figures = [
        (report.location[2], value)
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if getattr(report, "when", "") == "call"
        for key, value in getattr(report, "user_properties", [])
        if key == "figure"
    ]
    if not figures:
        return
    terminalreporter.section("reliability figures")
    width = max(len(name) for name, _ in figures)
    for name, text in figures:
        terminalreporter.write_line(f"{name:<{width}}  {text}")
