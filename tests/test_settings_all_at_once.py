"""Every bad setting in config.toml is reported in one run, each at PATH:LINE:COL with its fix, exit 2.

A person fixing the file should not have to run unknot again to find the next problem: an unknown key, bad
values and bad lines of ``[keys]`` (an unknown binding id, a key that is no key, two actions on one key)
are all said at once, in the order of the file. A file that is not TOML stops at its first syntax error,
since nothing after it can be read.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.settings_support import write
from unknot.cli import main
from unknot.errors import SettingsError, SettingsErrors
from unknot.settings import load_settings

pytestmark = pytest.mark.usefixtures("config_dir")

BROKEN = """\
# my settings
volume = 150
flash = "blink"
volumne = 40
theme = "nord"

[keys]
"player.pasue" = "k"
"player.hurts" = "notakey"
"player.mute" = "n"
"player.quit" = "q"
"""


def test_every_bad_setting_is_reported_at_once_in_file_order(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, BROKEN)
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:2:10: volume: must be from 0 to 100, not 150",
        f'{path}:3:9: flash: must be one of "screen", "countdown" or "off", not "blink"',
        f"{path}:4:1: unknown setting 'volumne'; did you mean 'volume'?",
        f"{path}:8:1: keys: unknown binding id 'player.pasue'; did you mean 'player.pause'?",
        f"{path}:9:18: keys: 'notakey' is not a key name; key names are letters, digits, f1-f24, space,"
        " enter, escape, tab, the arrows, or a character's name such as question_mark",
        f"{path}:10:17: keys: 'n' is bound to both 'player.mute' and 'player.next'; give one of them"
        " another key",
    ]
    assert "Traceback" not in err
    assert main(["run", "--plain", "--yes", "--mute"]) == 2  # nothing starts; the same list is printed
    assert capsys.readouterr().err == err


def test_the_error_reads_as_its_first_problem_and_holds_them_all(config_dir: Path) -> None:
    path = write(config_dir, BROKEN)
    with pytest.raises(SettingsErrors) as caught:
        load_settings()
    error = caught.value
    assert isinstance(error, SettingsError)  # everything that catches one settings error catches this
    assert (error.path, error.line, error.column) == (path, 2, 10)
    assert [(e.line, e.column) for e in error.errors] == [(2, 10), (3, 9), (4, 1), (8, 1), (9, 18), (10, 17)]
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_one_bad_setting_is_still_one_plain_error(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, "volume = 40\nflash = 3\n")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert type(caught.value) is SettingsError
    assert main(["config"]) == 2
    assert (
        capsys.readouterr().err
        == f'{path}:2:9: flash: must be one of "screen", "countdown" or "off", not 3\n'
    )


def test_a_file_that_is_not_toml_stops_at_its_first_syntax_error(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(config_dir, 'volume = 150\nflash = "off\nvolumne = 4\n')
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"{path}:2:"), err
