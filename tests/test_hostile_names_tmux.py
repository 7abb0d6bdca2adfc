"""Hostile file names never reach the terminal raw: the bytes a real terminal received, checked.

A routine's id is its file's stem, and a file name can hold escape sequences: OSC 52 (write the
clipboard), OSC 0 (set the title), CSI 2J (clear the screen), a C1 control (U+009B, and the raw byte
0x9B), a bidi override (U+202E). Each command that shows ids or paths (``list``, ``show``, ``validate``,
the unknown-id hint) runs under ``script``, which records every byte written to its terminal, and the
picker (the full-screen app) runs in tmux with ``pipe-pane`` recording the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tmux import TmuxSession, available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
]

ROUTINE = (
    "name: {name}\ntransition: 1s\nsegments:\n  - {{region: lumbar, technique: swedish, duration: 3s}}\n"
)
HOSTILE = {
    b"clip\x1b]52;c;aGVsbG8=\x07": "Clipboard",
    b"title\x1b]0;pwned\x07": "Title",
    b"clear\x1b[2J": "Clear",
    "c1\u009b31m".encode(): "Control one",
    b"raw\x9b32m": "Raw byte",
    "bidi\u202egnp".encode(): "Bidi",
}
BROKEN = b"broken\x1b]0;owned\x07"
# What the names hold that a terminal would act on; none may arrive as it is.
PAYLOADS = (
    b"\x1b]52;",
    b"\x1b]0;pwned",
    b"\x1b]0;owned",
    b"clear\x1b[2J",
    b"\xc2\x9b",
    b"\x9b3",
    b"\xe2\x80\xae",
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    routines = tmp_path / "routines"
    routines.mkdir()
    folder = os.fsencode(routines)
    for stem, name in HOSTILE.items():
        with open(folder + b"/" + stem + b".yaml", "w", encoding="utf-8") as file:
            file.write(ROUTINE.format(name=name))
    with open(folder + b"/" + BROKEN + b".yaml", "w", encoding="utf-8") as file:
        file.write("name: Broken\nsegments: 5\n")
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(routines),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
        "TERM": "xterm-256color",
    }


def terminal_bytes(args: list[str], env: dict[str, str], tmp_path: Path) -> bytes:
    """Every byte ``unknot ARGS`` wrote to its terminal (stdout and stderr), recorded by ``script``."""
    log = tmp_path / "typescript"
    # The arguments go through the environment, so the command line script records holds none of them.
    values = {f"ARG{i}": arg for i, arg in enumerate(args)}
    command = " ".join(["'" + sys.executable + "'", "-m", "unknot", *(f'"${name}"' for name in values)])
    subprocess.run(
        ["script", "-q", "-e", "-c", command, str(log)], env={**env, **values}, check=False, timeout=60
    )
    return log.read_bytes()


def assert_clean(data: bytes, *, own_escapes: bool) -> None:
    for payload in PAYLOADS:
        assert payload not in data, payload
    if not own_escapes:  # the line commands write no escapes of their own: there is no ESC at all
        assert b"\x1b" not in data and b"\x9b" not in data


def test_list_show_validate_and_the_hint_escape_hostile_names(env: dict[str, str], tmp_path: Path) -> None:
    routines = Path(env["UNKNOT_ROUTINES_DIR"])
    listed = terminal_bytes(["list"], env, tmp_path)
    assert_clean(listed, own_escapes=False)
    assert b"clip\\x1b]52;c;aGVsbG8=\\x07" in listed and b"bidi\\u202egnp" in listed
    assert b"raw\\udc9b32m" in listed  # a byte that is not UTF-8 shows as its escape too

    shown = terminal_bytes(["show", "clear\x1b[2J"], env, tmp_path)
    assert_clean(shown, own_escapes=False)
    assert b"Clear  (clear\\x1b[2J)" in shown

    broken = os.fsdecode(os.fsencode(routines) + b"/" + BROKEN + b".yaml")
    validated = terminal_bytes(["validate", broken], env, tmp_path)
    assert_clean(validated, own_escapes=False)
    assert b"broken\\x1b]0;owned\\x07.yaml:2:11: " in validated

    hinted = terminal_bytes(["show", "bidi"], env, tmp_path)
    assert_clean(hinted, own_escapes=False)
    assert b"did you mean 'bidi\\u202egnp'?" in hinted

    plain = terminal_bytes(["run", "title\x1b]0;pwned\x07", "--plain", "--yes", "--mute"], env, tmp_path)
    assert_clean(plain, own_escapes=True)


def test_the_picker_escapes_hostile_names(env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "pane.bytes"
    unknot = [sys.executable, "-m", "unknot", "--debug"]
    with TmuxSession.start(unknot, size=(120, 60), env=env, term="xterm-256color") as tm:
        tm._tmux("pipe-pane", "-o", "-t", "main", f"cat >> '{log}'")
        tm.wait_for("Choose a routine")
        # The broken one is listed by its escaped id: walk the list from the top until it shows (the
        # picker opens on si-joint-10, which can scroll the top of a long list out of view).
        # Each Down is followed by a wait for the screen to move (a deadline), so a loaded machine that
        # draws late is not sent keys ahead of what it shows.
        tm.send_keys("Home")
        for _ in range(40):
            before = tm.capture_pane()
            if "broken\\x1b]0;owned\\x07" in before:
                break
            tm.send_keys("Down")
            tm.wait_until(lambda screen, before=before: screen != before, what="the highlight to move")
        assert "broken\\x1b]0;owned\\x07" in tm.capture_pane()
        # Pick one of them: the reminder names it; then back out and quit.
        tm.send_keys("Enter")
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Escape")
        tm.wait_for("(your routine)")
        time.sleep(0.5)
        tm.send_keys("q")
        tm.wait_for_exit()
    data = log.read_bytes()
    assert len(data) > 1000  # the app's screens were recorded
    assert_clean(data, own_escapes=True)
