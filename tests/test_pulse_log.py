"""libpulse's own lines never reach the terminal, even where it cannot make its folders.

With ``~/.config`` (here a file where the folder should be) and ``$XDG_RUNTIME_DIR/pulse`` not usable,
libpulse prints ``Failed to create secure directory (...)`` to file descriptor 2 when a sound device is
opened: first shown here with miniaudio alone, then not in ``unknot config``'s output nor on the real
app's screen in tmux (see :mod:`unknot.sound.pulse_log`). No sound server is needed: the lines come from
libpulse looking for one. Autospawn is off, so no daemon is ever started.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tmux import TmuxSession, available
from unknot.sound.pulse_log import TARGETS, quiet_pulse_log

needs_libpulse = pytest.mark.skipif(
    ctypes.util.find_library("pulse") is None,
    reason="libpulse is not installed (.ci/run installs pulseaudio)",
)
COMPLAINTS = ("Failed to create secure directory", "cookie", "ALSA lib")
OPEN_DEVICE = """
import miniaudio
from unknot.sound.mixer import open_device
try:
    open_device(miniaudio).close()
except Exception as exc:
    print("no device:", exc)
"""


def unusable_places(tmp_path: Path) -> dict[str, str]:
    """Variables for a child whose config folder and runtime folder libpulse cannot use (even as root)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".config").write_text("a file where the folder should be\n")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    (runtime / "pulse").write_text("a file where libpulse's folder should be\n")
    client = tmp_path / "client.conf"
    client.write_text("autospawn = no\n")
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "config.toml").write_text('ask_pain = "never"\n')
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_CLIENTCONFIG": str(client),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_CONFIG_DIR": str(settings),
    }


def child_env(tmp_path: Path) -> dict[str, str]:
    # Nothing of ours or the machine's that points libpulse elsewhere (a server, a log target).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSE_", "ALSA_"))}
    return {**env, **unusable_places(tmp_path)}


def test_the_log_goes_to_the_system_log_unless_the_user_chose_a_target() -> None:
    env: dict[str, str] = {}
    quiet_pulse_log(env)
    assert env == {"PULSE_LOG_SYSLOG": "1"}
    quiet_pulse_log(env)  # idempotent
    assert env == {"PULSE_LOG_SYSLOG": "1"}
    chosen = {"PULSE_LOG_JOURNAL": "1"}
    quiet_pulse_log(chosen)
    assert chosen == {"PULSE_LOG_JOURNAL": "1"}
    assert set(TARGETS) == {"PULSE_LOG_SYSLOG", "PULSE_LOG_JOURNAL"}


@needs_libpulse
def test_libpulse_does_complain_on_the_terminal_in_these_places(tmp_path: Path) -> None:
    # The control: without unknot's setting, these places do put libpulse's lines on stderr.
    done = subprocess.run(
        [sys.executable, "-c", OPEN_DEVICE],
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Failed to create secure directory" in done.stderr, done.stderr


@needs_libpulse
def test_unknot_config_prints_none_of_it_and_still_says_why_there_is_no_sound(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unknot", "config"],
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for complaint in COMPLAINTS:
        assert complaint not in done.stderr and complaint not in done.stdout, done.stderr
    assert done.stderr == ""
    # Our own words about sound are still there: which backend plays, or why none does.
    assert "# sound: on (" in done.stdout or "# No sound device" in done.stdout, done.stdout


@needs_libpulse
@pytest.mark.skipif(not available(), reason="tmux is not installed (.ci/run installs it)")
def test_the_apps_screen_shows_none_of_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith(("PULSE_", "ALSA_"))]:
        monkeypatch.delenv(name)  # the tmux server starts from this process's environment
    command = [sys.executable, "-m", "unknot", "run", "quick-relief-5"]
    with TmuxSession.start(command, size=(100, 30), env=unusable_places(tmp_path)) as tm:
        tm.wait_for("Consult a qualified professional", timeout=30)
        tm.send_keys("Enter")
        # The status line names the sound only once every backend was tried: by then libpulse has spoken.
        screen = tm.wait_for_any(["No sound device", "Failed to create secure"], timeout=30)[1]
        for complaint in COMPLAINTS:
            assert complaint not in screen, screen
        assert "Sharp, shooting, tingling or numb?" in screen  # the player, drawn whole
        tm.send_keys("q")
        tm.wait_for_exit(timeout=20)
