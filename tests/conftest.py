"""Suite-wide hooks: the reliability figures are listed at the end of every run that has any.

This lives at the top of the suite, not beside the reliability tests, because under pytest-xdist the
controller that writes the summary loads only the conftest files on the paths it was given.
"""

from __future__ import annotations

import pytest


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
