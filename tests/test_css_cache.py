"""The shared stylesheet (unknot.ui.css_cache): each piece of CSS parsed once per theme, the same rules."""

from __future__ import annotations

from typing import Any

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from tests.ui_support import build_app, short_routine
from unknot.ui import css_cache
from unknot.ui.css_cache import SharedStylesheet
from unknot.ui.screens.player import PlayerScreen

CSS = "Static { color: $accent; padding: 1 2; } #countdown.-last { background: $warning 30%; }"
DARK = {"accent": "#ffa62b", "warning": "#ffa62b"}
LIGHT = {"accent": "#0178d4", "warning": "#ba3c5b"}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSS texts Textual's parser is run on from here on (the shared rules start empty)."""
    monkeypatch.setattr(css_cache, "_PARSED", type(css_cache._PARSED)())
    seen: list[str] = []
    parse = textual_stylesheet.parse  # type: ignore[attr-defined]  # the parser as the stylesheet calls it

    def counting(scope: str, css: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return seen


def sheet(kind: type[Stylesheet], variables: dict[str, str], css: str = CSS) -> Stylesheet:
    made = kind(variables=variables)
    made.add_source(css, read_from=("test.tcss", ""))
    made.parse()
    return made


def test_the_rules_are_textuals_own_and_parsed_once_per_theme(parses: list[str]) -> None:
    for variables in (DARK, LIGHT):
        shared, plain = sheet(SharedStylesheet, variables), sheet(Stylesheet, variables)
        assert shared.css == plain.css  # the same rules, the theme's colours put in
    assert sheet(SharedStylesheet, DARK).css != sheet(SharedStylesheet, LIGHT).css
    parses.clear()
    again = sheet(SharedStylesheet, DARK)
    again.set_variables(LIGHT)
    again.reparse()  # what a theme change does
    assert parses == []  # both themes' rules were already parsed
    assert again.css == sheet(Stylesheet, LIGHT).css


def test_broken_css_is_refused_on_reparse_and_the_rules_stay(parses: list[str]) -> None:
    shared = sheet(SharedStylesheet, DARK)
    before = shared.css
    shared.add_source("Static { colour: red; }", read_from=("broken.tcss", ""))
    with pytest.raises(StylesheetParseError):
        shared.reparse()
    assert shared.css == before


async def test_a_second_app_parses_no_css_and_shows_the_same(parses: list[str]) -> None:
    drawn: list[list[Any]] = []
    for _ in range(2):
        parses.clear()
        app = build_app(start=short_routine())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PlayerScreen)
            assert isinstance(app.stylesheet, SharedStylesheet)
            drawn.append([strip.text for strip in app.screen._compositor.render_strips()])
            styles = app.screen.query_one("#countdown").styles
            drawn.append([styles.color, styles.background, styles.height])
    assert parses == []  # the first app parsed everything it showed
    assert drawn[0:2] == drawn[2:4]
