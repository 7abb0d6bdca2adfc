"""Wherever a person practises: NO_COLOR, a high-contrast theme that is remembered, keys of one's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.filter import Monochrome

from tests.fakes import RecordingPlayer
from tests.ui_support import FakeClock, short_routine
from unknot.routine_files.discovery import discover
from unknot.settings import Settings, load_settings, save_setting
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.player import PlayerScreen


def app_with(settings: Settings, config: Path | None = None, clock: FakeClock | None = None) -> UnknotApp:
    services = Services(
        clock=clock or FakeClock(),
        discover=lambda: discover(user_dir=Path("/nonexistent")),
        make_player=lambda bell: RecordingPlayer(),
        settings=settings,
        save_setting=(lambda key, value: save_setting(key, value, config)) if config else None,
    )
    return make_app(services, start=short_routine())


async def test_no_color_turns_every_colour_to_grey(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_with(Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert any(isinstance(f, Monochrome) for f in app._filters)


async def test_the_high_contrast_theme_is_offered_and_remembered(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    app = app_with(load_settings(config), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "unknot-high-contrast" in app.available_themes
        app.theme = "unknot-high-contrast"
        await pilot.pause()
    assert load_settings(config).theme == "unknot-high-contrast"
    again = app_with(load_settings(config), config)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "unknot-high-contrast"
        assert again.current_theme.background == "#000000"


async def test_a_settings_file_broken_while_the_app_runs_is_reported_not_fatal(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    app = app_with(load_settings(config), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        config.write_text("volume = [\n", encoding="utf-8")  # broken by hand in an editor meanwhile
        app.theme = "unknot-high-contrast"
        await pilot.pause()
        assert app.is_running
        assert any("could not be remembered" in str(n.message) for n in app._notifications)
    assert config.read_text(encoding="utf-8") == "volume = [\n"  # left as it was


async def test_a_rebound_key_pauses_and_the_footer_shows_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save_setting("keys.player.pause", "k", config)
    clock = FakeClock()
    app = app_with(load_settings(config), config, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await pilot.press("space")  # no longer the pause key
        assert not screen.session.paused
        await pilot.press("k")
        assert screen.session.paused
        keys = [key for key, b in screen.active_bindings.items() if b.binding.id == "player.pause"]
        assert keys == ["k"]


async def test_the_get_ready_setting_overrides_every_routine() -> None:
    app = app_with(Settings(get_ready=9))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.session.routine.transition == 9 and screen.session.remaining() == 9
