"""One key map for the app and plain mode: a key does the same in both, and the README says so.

Plain mode used to read ``p`` as pause and ``b`` as back while the app's ``p`` went back a step. Its keys
now come from the app's own bindings (``unknot.keymap.LINE_CONTROLS`` over the settings' ``[keys]``):
checked against the player's ``Binding`` declarations, against a rebinding in a real settings file run
through plain mode, and against the README's key table and plain-mode paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from tests import plain_support
from tests.ui_support import DATA
from unknot.keymap import DEFAULT_KEYS, LINE_CONTROLS, keys_of, line_controls, typed_character
from unknot.plain.commands import COMMANDS, KEYS_HELP, commands_for, parse_command
from unknot.ui.screens.player import PlayerScreen

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
# How the app's player names the control of a binding that is not one of the runner's controls.
APP_ACTIONS = {"quit": "leave", "help": "app.toggle_help"}


def test_plain_mode_reads_each_player_key_as_the_app_does() -> None:
    bindings = {b.id: b for b in PlayerScreen.BINDINGS if isinstance(b, Binding)}
    for binding_id, control in LINE_CONTROLS.items():
        binding = bindings[binding_id]
        assert binding.action == APP_ACTIONS.get(control, f"control('{control}')"), binding_id
        for key in keys_of(binding.key):
            character = typed_character(key)
            assert character is not None and COMMANDS[character] == control, (binding_id, key)
    assert parse_command("p") == ["previous"] and parse_command(" ") == ["toggle_pause"]
    assert "b" not in COMMANDS  # no key of plain mode's own left that the app reads otherwise
    app_keys = {c for b in bindings.values() for k in keys_of(b.key) if (c := typed_character(k))}
    assert set(COMMANDS) - app_keys == {"t"}  # time left: plain mode's only key of its own, free in the app


def test_a_rebinding_in_the_settings_moves_the_key_in_plain_mode_too() -> None:
    keymap = {"player.pause": "k", "player.previous": "ctrl+b"}
    commands = commands_for(keymap)
    assert commands["k"] == "toggle_pause" and " " not in commands
    assert "p" not in commands  # previous is on a key no line can hold: the word "back" still works
    assert parse_command("back", commands=commands) == ["previous"]
    assert parse_command("p", commands=commands) == ["unknown"]
    assert line_controls({}) == {k: v for k, v in COMMANDS.items() if k != "t"}
    assert set(DEFAULT_KEYS) >= set(LINE_CONTROLS)


@pytest.mark.usefixtures("config_dir")
def test_plain_mode_runs_on_the_settings_keys(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[keys]\n"player.pause" = "k"\n', encoding="utf-8")
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Begin comes at 102 (short.yaml: 2 s of get-ready); k pauses at 103.5, then k resumes, then ? and q.
    keys = [(103.5, "k"), (110.0, "k"), (111.0, "?"), (112.0, "q")]
    status, out, _ = plain_support.run(["run", str(DATA / "short.yaml"), "--yes"], keys)
    assert status == 0, out
    assert "Paused (Enter, or k then Enter, goes on)" in out and "Resumed" in out
    assert "Keys (then Enter): k pause/resume (Enter alone goes on from a pause), n next, p back," in out


def test_the_readme_lists_the_same_keys_for_both() -> None:
    table = README.split("**In the player**", 1)[1].split("**Read from the floor.**", 1)[0]
    assert "| n / p | next / previous segment |" in table and "| space | pause / resume |" in table
    plain = README.split("**Plain mode**", 1)[1].split("**Accessibility.**", 1)[0]
    said = " ".join(plain.split())
    assert "the app's keys" in said
    assert "space pauses and resumes" in said and "`p` back" in said
    assert not re.search(r"`b` back|`p` \(or space\) pauses", said)
    assert KEYS_HELP.startswith("Keys (then Enter): space pause/resume")
