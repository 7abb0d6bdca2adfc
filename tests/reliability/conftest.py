"""The reliability suite's figures: each test reports one line, listed together at the end of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

_FIGURES: list[tuple[str, str]] = []

Figure = Callable[[str], None]


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Figure:
    """Report a figure: printed (shown with ``-s``) and listed in the terminal summary."""

    def report(text: str) -> None:
        print(text)
        _FIGURES.append((request.node.name, text))

    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    width = max(len(name) for name, _ in _FIGURES)
    for name, text in _FIGURES:
        terminalreporter.write_line(f"{name:<{width}}  {text}")
