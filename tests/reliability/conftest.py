"""The reliability suite's figures: each test reports one line, listed together at the end of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Figure = Callable[[str], None]


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Figure:
    """Report a figure: printed (shown with ``-s``) and listed in the terminal summary."""

    def report(text: str) -> None:
        print(text)
        # A test's user properties travel with its report, from a pytest-xdist worker too.
        request.node.user_properties.append(("figure", text))

    return report


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
