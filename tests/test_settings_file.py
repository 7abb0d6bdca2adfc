"""The settings file keeps the user's words: comments, blank lines and order survive a setting the app
remembers; a symlinked config.toml stays a symlink; a damaged file is reported at PATH:LINE:COL and left
alone; an unknown key gets "did you mean"; the keys and defaults are declared once."""

from __future__ import annotations

import dataclasses
import os
import stat
import tomllib
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from tests.settings_support import write
from tests.ui_support import FakeClock, RecordingPlayer, short_routine
from unknot.cli import main
from unknot.errors import SettingsError
from unknot.routine_files.discovery import discover
from unknot.settings import KEYS, Settings, load_settings, save_setting, settings_path
from unknot.ui.app import Services, UnknotApp, make_app

pytestmark = pytest.mark.usefixtures("config_dir")  # every test gets its own config folder

# Comments above and beside keys, blank lines, keys in no particular order, a table with its own comments.
COMMENTED = """\
# My unknot settings (kept in my dotfiles).

flash = "countdown"   # a whole-screen flash is too much at night

# Quieter: the laptop sits on the floor beside the mat.
volume   = 35
theme = "nord"        # dark, easier on the eyes
voice = true


# Nobody else uses this machine.
ask_pain = "after"

[keys]
# k is easier to reach from the floor
"player.pause" = "k"  # not space
"""


def the_app() -> UnknotApp:
    """The app as ``unknot`` starts it as far as settings go: loaded from, and remembered in, the file."""
    services = Services(
        clock=FakeClock(),
        discover=lambda: discover(user_dir=Path("/nonexistent")),
        make_player=lambda bell: RecordingPlayer(),
        settings=load_settings(),
        save_setting=save_setting,
    )
    return make_app(services, start=short_routine())


async def choose(pilot: Pilot[None], typed: str, wanted: str) -> None:
    """Type into the open command palette; press enter once the highlighted command is ``wanted``."""
    await pilot.press(*typed)
    for _ in range(500):  # the palette searches in a worker: wait for its answer, not for a set time
        await pilot.pause(0.01)
        commands = pilot.app.screen.query_one(CommandList)
        index = commands.highlighted
        if index is not None and wanted in str(commands.get_option_at_index(index).prompt).lower():
            break
    else:
        raise AssertionError(f"the command palette never offered {wanted!r}")
    await pilot.press("enter")
    await pilot.pause()


async def pick_theme_in_the_app(theme: str) -> None:
    """Start the app, change the theme the way a user does (ctrl+p, "theme", the theme's name), quit."""
    app = the_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await choose(pilot, "theme", "theme")
        await choose(pilot, theme, theme)
        assert app.theme == theme


async def test_a_theme_picked_in_the_app_changes_that_value_alone(config_dir: Path) -> None:
    path = write(config_dir, COMMENTED)
    await pick_theme_in_the_app("unknot-high-contrast")
    text = path.read_text(encoding="utf-8")
    # Every comment, blank line, spacing and the order are the user's; only the theme's value changed.
    assert text == COMMENTED.replace('theme = "nord"', 'theme = "unknot-high-contrast"')
    settings = load_settings()
    assert (settings.theme, settings.volume, settings.flash, settings.voice) == (
        "unknot-high-contrast",
        35,
        "countdown",
        True,
    )
    assert settings.ask_pain == "after" and dict(settings.keys) == {"player.pause": "k"}


async def test_a_theme_new_to_the_file_is_added_and_nothing_else_moves(config_dir: Path) -> None:
    original = COMMENTED.replace('theme = "nord"        # dark, easier on the eyes\n', "")
    path = write(config_dir, original)
    await pick_theme_in_the_app("unknot-high-contrast")
    lines = path.read_text(encoding="utf-8").splitlines()
    added = [line for line in lines if line.startswith("theme")]
    assert added == ['theme = "unknot-high-contrast"']
    # With the new line taken out, the user's lines are all there in their order (tomlkit may add a
    # blank line to keep the new key apart from the [keys] table).
    kept = [line for line in lines if line not in added]
    assert [line for line in kept if line] == [line for line in original.splitlines() if line]
    assert kept.index("[keys]") - kept.index('ask_pain = "after"') >= 2
    assert load_settings().theme == "unknot-high-contrast"


def test_a_symlinked_config_stays_a_symlink_and_its_target_gets_the_value(
    tmp_path: Path, config_dir: Path
) -> None:
    dotfiles = tmp_path / "dotfiles" / "unknot"
    dotfiles.mkdir(parents=True)
    target = dotfiles / "config.toml"
    target.write_text(COMMENTED, encoding="utf-8")
    target.chmod(0o600)  # a private dotfile stays private
    config_dir.mkdir(parents=True)
    link = settings_path()
    link.symlink_to(os.path.relpath(target, config_dir))  # as GNU Stow makes them: relative
    before = link.readlink()

    save_setting("theme", "gruvbox")  # what the app calls when the theme changes

    assert link.is_symlink() and link.readlink() == before
    assert target.read_text(encoding="utf-8") == COMMENTED.replace('"nord"', '"gruvbox"')
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert load_settings().theme == "gruvbox"
    # The temporary file went to the target's folder and was renamed over the target: nothing is left.
    assert sorted(p.name for p in dotfiles.iterdir()) == ["config.toml"]
    assert sorted(p.name for p in config_dir.iterdir()) == ["config.toml"]


def test_a_symlink_whose_target_is_missing_gets_its_target_written(tmp_path: Path, config_dir: Path) -> None:
    target = tmp_path / "dotfiles" / "unknot" / "config.toml"  # the folder is not there yet either
    config_dir.mkdir(parents=True)
    settings_path().symlink_to(target)
    assert load_settings() == Settings()
    save_setting("volume", 60)
    assert settings_path().is_symlink()
    assert tomllib.loads(target.read_text(encoding="utf-8")) == {"volume": 60}
    assert target.read_text(encoding="utf-8").startswith("# unknot settings")


DAMAGED = 'volume = 40  # fine\ntheme = "nord\nvoice = true\n'


def test_a_damaged_file_says_where_and_is_never_overwritten(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, DAMAGED)
    expected = f"{path}:2:14: illegal character '\\n' (this file is TOML: key = value, one a line)"
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err == expected + "\n" and "Traceback" not in err
    with pytest.raises(SettingsError) as caught:
        save_setting("theme", "gruvbox")
    assert str(caught.value) == expected
    assert path.read_text(encoding="utf-8") == DAMAGED
    assert sorted(p.name for p in config_dir.iterdir()) == ["config.toml"]  # no temporary left either


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        (
            '[keys]\npause = "p"\n\n[keys]\nquit = "x"\n',
            "4:1",
            "the table [keys] appears twice; put all its lines under one [keys]",
        ),
        (
            'theme = "nord"\nvolume = 30\ntheme = "dracula"\n',
            "3:1",
            "'theme' is set twice; keep one of the two lines",
        ),
        ('[keys]\n  pause = "p"\n  pause = "x"\n', "3:3", "'pause' is set twice; keep one of the two lines"),
    ],
)
def test_a_name_written_twice_is_named_with_the_fix(
    config_dir: Path, capsys: pytest.CaptureFixture[str], text: str, place: str, message: str
) -> None:
    # tomllib says "Cannot declare ('keys',) twice" and "Cannot overwrite a value": a Python tuple, no name.
    path = write(config_dir, text)
    assert main(["config"]) == 2
    assert capsys.readouterr().err == f"{path}:{place}: {message}\n"


async def test_the_app_leaves_a_damaged_file_alone(config_dir: Path) -> None:
    app = the_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path = write(config_dir, DAMAGED)  # damaged in an editor while the app runs
        app.theme = "unknot-high-contrast"
        await pilot.pause()
        assert any(":2:14: illegal character" in str(n.message) for n in app._notifications)
    assert path.read_text(encoding="utf-8") == DAMAGED


def test_an_unknown_key_says_where_and_what_was_meant(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, '# for the floor\nflash = "off"\nvolumne = 40\n')
    expected = f"{path}:3:1: unknown setting 'volumne'; did you mean 'volume'?"
    assert main(["config"]) == 2
    assert capsys.readouterr().err == expected + "\n"
    assert main(["run", "--plain", "--yes", "--mute"]) == 2  # nothing starts on a file it cannot read
    err = capsys.readouterr().err
    assert err.strip() == expected and "Traceback" not in err
    with pytest.raises(SettingsError, match="unknown setting 'volumne'"):
        save_setting("theme", "nord")  # the app cannot remember a theme in it either, and leaves it be
    assert path.read_text(encoding="utf-8") == '# for the floor\nflash = "off"\nvolumne = 40\n'
    path.unlink()
    with pytest.raises(ValueError, match="unknown setting 'volumne'; did you mean 'volume'"):
        save_setting("volumne", 40)
    assert not path.exists()


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ('flash = "blink"', 9, 'flash: must be one of "screen", "countdown" or "off", not "blink"'),
        ('setup = "later"', 9, 'setup: must be "timed" or "wait", not "later"'),
        (
            'ask_pain = "sometimes"',
            12,
            'ask_pain: must be one of "both", "after" or "never", not "sometimes"',
        ),
        ('voice = "yes"', 9, 'voice: must be true or false, not "yes"'),
        ("volume = 150", 10, "volume: must be from 0 to 100, not 150"),
        ("breathing_pacer = 0", 19, "breathing_pacer: must be true or false, not 0"),
    ],
)
def test_a_bad_value_says_what_is_allowed(
    config_dir: Path, capsys: pytest.CaptureFixture[str], line: str, column: int, message: str
) -> None:
    path = write(config_dir, f"# mine\n{line}  # as I like it\n")
    assert main(["config"]) == 2
    assert capsys.readouterr().err == f"{path}:2:{column}: {message}\n"


def test_removing_a_setting_takes_its_line_and_keeps_the_rest(config_dir: Path) -> None:
    path = write(config_dir, COMMENTED)
    assert save_setting("voice", None).voice is False
    assert path.read_text(encoding="utf-8") == COMMENTED.replace("voice = true\n", "")
    save_setting("keys.player.next", "x")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.replace("voice = true\n", "")) and text.endswith('"player.next" = "x"\n')
    assert dict(load_settings().keys) == {"player.pause": "k", "player.next": "x"}


@pytest.mark.parametrize(
    "text",
    ['keys = { "player.pause" = "k" }  # inline\n', 'keys."player.pause" = "k"  # dotted\n'],
)
def test_a_key_binding_is_added_to_the_table_however_it_is_written(config_dir: Path, text: str) -> None:
    path = write(config_dir, text)
    save_setting("keys.player.next", "x")
    written = path.read_text(encoding="utf-8")
    assert "# inline" in written or "# dotted" in written
    assert dict(load_settings().keys) == {"player.pause": "k", "player.next": "x"}
    save_setting("keys.player.pause", None)
    assert dict(load_settings().keys) == {"player.next": "x"}


def test_every_key_is_declared_once_with_its_default_and_check() -> None:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    assert tuple(fields) == KEYS
    defaults = {name: getattr(Settings(), name) for name in KEYS}
    assert defaults == {
        "volume": 100,
        "voice": False,
        "default_routine": "si-joint-10",
        "get_ready": None,
        "setup": "timed",
        "breathing_pacer": True,
        "theme": None,
        "ask_pain": "both",
        "flash": "screen",
        "keys": {},
    }
    for name, field in fields.items():
        check = field.metadata["check"]
        default = defaults[name]
        # Every default passes its own check, and a value of the wrong kind does not.
        assert default is None or check(dict(default) if name == "keys" else default) is None, name
        assert check(["a list"]) is not None, name
