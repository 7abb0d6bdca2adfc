"""The settings file: defaults, each kind of bad file as PATH:LINE:COL, `unknot config`, save_setting."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.settings_support import write
from unknot.cli import main
from unknot.errors import SettingsError
from unknot.settings import (
    BINDING_IDS,
    OWN_THEMES,
    Settings,
    default_routine,
    load_settings,
    save_setting,
    settings_path,
    with_get_ready,
)

pytestmark = pytest.mark.usefixtures("config_dir")  # every test gets its own config folder


def test_no_file_means_the_defaults(config_dir: Path) -> None:
    assert settings_path() == config_dir / "config.toml"
    settings = load_settings()
    assert settings == Settings()
    assert (settings.volume, settings.voice, settings.default_routine) == (100, False, "si-joint-10")
    assert settings.get_ready is None and settings.theme is None and dict(settings.keys) == {}


def test_a_valid_file(config_dir: Path) -> None:
    write(
        config_dir,
        'volume = 40\nvoice = true\ndefault_routine = "thorough-20"\nget_ready = "8s"\ntheme = "nord"\n'
        '\n[keys]\n"player.pause" = "k"\n"reminder.begin" = "b"\n',
    )
    settings = load_settings()
    assert settings.volume == 40 and settings.voice is True
    assert settings.default_routine == "thorough-20"
    assert settings.get_ready == 8 and settings.theme == "nord"
    assert dict(settings.keys) == {"player.pause": "k", "reminder.begin": "b"}


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("volume = 50\nvoice = \n", 2, 9, "invalid value"),
        ("volume = 50\n[keys\n", 2, 6, "expected ']'"),
        ('theme = "unterminated\n', 1, 22, "illegal character"),
        ("volume = 50\nvolum = 60\n", 2, 1, "unknown setting 'volum'; did you mean 'volume'?"),
        ("[sound]\nx = 1\n", 1, 1, "unknown setting 'sound'"),
        ('volume = "loud"\n', 1, 10, "volume: must be a whole number"),
        ("volume = true\n", 1, 10, "volume: must be a whole number"),
        ("voice = 1\n", 1, 9, "voice: must be true or false"),
        ("\n\n  volume   =   101\n", 3, 16, "volume: must be from 0 to 100, not 101"),
        ("volume = -1\n", 1, 10, "must be from 0 to 100"),
        ("get_ready = 600\n", 1, 13, "get_ready: must be from 0 to 120 seconds"),
        ('get_ready = "soon"\n', 1, 13, "get_ready: must be a number of seconds"),
        ("theme = 3\n", 1, 9, "theme: must be a name in quotes"),
        ('keys = "p"\n', 1, 8, "keys: must be a table"),
        (
            'volume = 1\n[keys]\n"player.next" = "n"\n"pause" = "p"\n',
            4,
            1,
            "'pause' is not a binding id; did you mean 'player.pause'?",
        ),
        (
            '[keys]\n"player.pasue" = "k"\n',
            2,
            1,
            "unknown binding id 'player.pasue'; did you mean 'player.pause'?",
        ),
        (
            "[keys]\n'app.xyzzy' = \"k\"\n",
            2,
            1,
            "unknown binding id 'app.xyzzy'; the binding ids are",
        ),
        ('[keys]\n"player.pause" = 5\n', 2, 18, "'player.pause' must be a key name"),
    ],
)
def test_each_bad_file_points_at_line_and_column(
    config_dir: Path, text: str, line: int, column: int, words: str
) -> None:
    path = write(config_dir, text)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    error = caught.value
    assert (error.path, error.line, error.column) == (path, line, column), str(error)
    assert words in error.message
    assert str(error).startswith(f"{path}:{line}:{column}: ")


def test_a_file_that_is_not_utf8(config_dir: Path) -> None:
    path = write(config_dir, "")
    path.write_bytes(b'volume = 1\ntheme = "\xff"\n')
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert (caught.value.line, caught.value.column) == (2, 10)
    assert "UTF-8" in caught.value.message


def test_save_setting_round_trip_keeps_the_other_keys(config_dir: Path) -> None:
    path = write(config_dir, 'volume = 30\n[keys]\n"player.pause" = "k"\n')
    settings = save_setting("theme", 'nord "dark"')
    assert settings.theme == 'nord "dark"' and settings.volume == 30
    assert load_settings() == settings
    text = path.read_text(encoding="utf-8")
    assert text.startswith("volume = 30\n")  # the user's file: no header is put above their first line
    assert tomllib.loads(text) == {"volume": 30, "theme": 'nord "dark"', "keys": {"player.pause": "k"}}

    save_setting("keys.player.next", "x")
    save_setting("keys.player.pause", None)
    assert dict(load_settings().keys) == {"player.next": "x"}
    save_setting("volume", None)
    assert load_settings().volume == 100
    assert "volume" not in path.read_text(encoding="utf-8")


def test_save_setting_creates_the_folder_and_refuses_bad_values(config_dir: Path) -> None:
    save_setting("voice", True)
    assert (config_dir / "config.toml").exists() and load_settings().voice is True
    assert (config_dir / "config.toml").read_text(encoding="utf-8").startswith("# unknot settings")
    with pytest.raises(ValueError, match="volume: must be from 0 to 100"):
        save_setting("volume", 500)
    with pytest.raises(ValueError, match="did you mean 'theme'"):
        save_setting("thme", "x")
    with pytest.raises(ValueError, match=re.escape("binding id 'player.pasue'; did you mean 'player.pause'")):
        save_setting("keys.player.pasue", "k")
    assert load_settings().volume == 100


def test_save_setting_leaves_a_bad_file_alone(config_dir: Path) -> None:
    path = write(config_dir, "volume = [\n")
    with pytest.raises(SettingsError):
        save_setting("theme", "nord")
    assert path.read_text(encoding="utf-8") == "volume = [\n"


def test_get_ready_overrides_the_routine_transition(config_dir: Path) -> None:
    from unknot.routine_files.discovery import resolve

    routine = resolve(str(Path(__file__).parent / "data" / "short.yaml"))
    assert with_get_ready(routine, Settings()) is routine
    changed = with_get_ready(routine, Settings(get_ready=7))
    assert changed.transition == 7 and changed.content_hash == routine.content_hash


def test_config_prints_the_path_and_the_effective_values(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out == f"{config_dir / 'config.toml'}\n"

    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"# {config_dir / 'config.toml'} (no such file yet")
    assert "volume = 100\n" in out and 'default_routine = "si-joint-10"\n' in out

    write(config_dir, 'volume = 55\ntheme = "nord"\n[keys]\n"player.pause" = "k"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "volume = 55\n" in out and 'theme = "nord"\n' in out and '"player.pause" = "k"\n' in out
    # What it prints is itself a valid settings file.
    assert tomllib.loads(out)["volume"] == 55


def test_config_with_a_bad_file_exits_2_with_path_line_col(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, "volume = 50\nvoise = true\n")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{path}:2:1: unknown setting 'voise'; did you mean 'voice'?"


def test_the_binding_ids_are_the_ones_the_app_declares() -> None:
    """BINDING_IDS (core, no Textual) must be exactly the ids of the UI's Binding(id=...) declarations."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import unknot.ui

    declared: set[str] = set()
    for info in pkgutil.walk_packages(unknot.ui.__path__, "unknot.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                bindings = cls.__dict__.get("BINDINGS", [])
                declared.update(b.id for b in bindings if isinstance(b, Binding) and b.id)
    assert len(set(BINDING_IDS)) == len(BINDING_IDS)
    assert set(BINDING_IDS) == declared

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    listed = readme.split("Binding ids:", 1)[1].split(". A bad settings file", 1)[0]
    assert set(re.findall(r"`([a-z]+\.[a-z]+)`", listed)) == declared


def test_own_themes_are_the_ones_the_app_registers() -> None:
    from textual.theme import Theme

    from unknot.ui import themes

    assert {t.name for t in vars(themes).values() if isinstance(t, Theme)} == set(OWN_THEMES)


@pytest.mark.parametrize("theme", ["nord", "textual-light", "unknot-high-contrast"])
def test_config_is_quiet_about_a_known_theme(
    config_dir: Path, capsys: pytest.CaptureFixture[str], theme: str
) -> None:
    write(config_dir, f'theme = "{theme}"\ndefault_routine = "quick-relief-5"\n')
    assert main(["config"]) == 0
    assert capsys.readouterr().err == ""


def test_config_warns_about_an_unknown_theme_and_default_routine(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, 'volume = 50\ndefault_routine = "quick-relief5"\ntheme = "nrod"\n')
    assert main(["config"]) == 0
    captured = capsys.readouterr()
    assert tomllib.loads(captured.out)["theme"] == "nrod"  # stdout is still the settings, as TOML
    assert captured.err.splitlines() == [
        f"{path}:2:19: warning: default_routine: unknown routine 'quick-relief5'; did you mean "
        "'quick-relief-5'? (`unknot run` with no id stops with this error)",
        f"{path}:3:9: warning: theme: no theme is called 'nrod' (did you mean 'nord'?); the app uses "
        "its default",
    ]


def test_run_without_an_id_and_an_unknown_default_routine_exits_2(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, '\ndefault_routine   =  "quick-relief5"\n')
    with pytest.raises(SettingsError) as caught:
        default_routine(load_settings())
    assert str(caught.value) == (
        f"{path}:2:22: default_routine: unknown routine 'quick-relief5'; did you mean 'quick-relief-5'?"
    )
    assert main(["run", "--plain", "--yes", "--mute"]) == 2
    assert capsys.readouterr().err.strip() == str(caught.value)
    assert main(["run", "--mute"]) == 2  # the full-screen app stops at the same line, before it starts
    assert capsys.readouterr().err.strip() == str(caught.value)

    write(config_dir, 'default_routine = "quick-relief-5"\n')
    assert default_routine(load_settings()).id == "quick-relief-5"
    assert default_routine(Settings()).id == "si-joint-10"
