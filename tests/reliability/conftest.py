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
