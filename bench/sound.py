"""The sound rows of ``make bench``: the miniaudio backend beside simpleaudio and the bare Textual app.

The bench machine may have no sound device, and a backend with nowhere to play falls back to the bell, so
these rows run a private PulseAudio daemon with a null sink (``tests/pulse.py``) and point the apps at it.
"Old" is the same unknot with miniaudio hidden (``sys.modules["miniaudio"] = None``), so it plays through
simpleaudio as before this backend existed (the ``audio`` extra must be installed for that column).

Rows: start to first frame of ``unknot run si-joint-10`` with each backend vs the bare app; CPU per minute
of a running routine with sound (not ``--mute``) with each backend vs the bare app counting down, all
three read over the same seconds.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.pulse import start_pulse, stop_pulse

HIDE_MINIAUDIO = (
    "import sys; sys.modules['miniaudio'] = None; from unknot.cli import main; sys.exit(main(sys.argv[1:]))"
)


def bench_sound(
    scratch: Path,
    *,
    unknot: str,
    python: str,
    bare_app: str,
    runs: int,
    cpu_runs: int,
    window: float,
    helpers: dict[str, Callable[..., Any]],
    row: Callable[..., Any],
) -> list[Any]:
    """Measure and return the rows (``row`` builds one; ``helpers`` are run.py's measuring functions)."""
    first_frame, start_player = helpers["first_frame"], helpers["start_unknot_player"]
    cpu_seconds, median, log, tmux = (
        helpers["cpu_seconds"],
        helpers["median"],
        helpers["log"],
        helpers["tmux"],
    )
    server = start_pulse(scratch / "pulse")
    try:
        env = server.env(scratch / "sound-home", base={})
        env |= {"UNKNOT_DATA_DIR": str(scratch / "sound-data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
        commands = {"miniaudio": [unknot, "run", "si-joint-10"]}
        if importlib.util.find_spec("simpleaudio") is not None:
            commands["simpleaudio"] = [python, "-c", HIDE_MINIAUDIO, "run", "si-joint-10"]
        reminder, marker = helpers["reminder"](), helpers["marker"]()
        starts: dict[str, list[float]] = {name: [] for name in [*commands, "bare"]}
        for command in commands.values():  # one untimed start each: warm caches
            first_frame(command, reminder, env, scratch)
        for i in range(runs):
            for name, command in commands.items():
                starts[name].append(first_frame(command, reminder, env, scratch)[0])
            starts["bare"].append(first_frame([python, bare_app], marker, env, scratch)[0])
            log("  sound start " + ", ".join(f"{n} {v[-1]:.3f} s" for n, v in starts.items()) + f" ({i + 1})")
        rows = []
        bare_start = median(starts["bare"])
        for name in commands:
            value = median(starts[name])
            rows.append(
                row(
                    f"start to first frame with sound through {name} (PulseAudio) vs bare Textual app",
                    f"{value * 1000:.0f} ms",
                    f"{bare_start * 1000:.0f} ms",
                    value / bare_start,
                    "<= 1.2x" if name == "miniaudio" else "(old backend)",
                    value / bare_start <= 1.2 if name == "miniaudio" else None,
                    f"tmux 100x30, private PulseAudio null sink; median of {runs}",
                )
            )
        # Each in its own data folder: a session in progress in one must not be offered to the other.
        sessions = {
            name: start_player(command, env | {"UNKNOT_DATA_DIR": str(scratch / f"sound-{name}")})
            for name, command in commands.items()
        }
        try:
            sessions["bare"] = tmux.start([python, bare_app, "--countdown", "600"], size=(100, 30), env=env)
            time.sleep(2.0)
            pids = {name: tm.pane_pid() for name, tm in sessions.items()}
            per_minute: dict[str, list[float]] = {name: [] for name in pids}
            for i in range(cpu_runs):
                before = {name: cpu_seconds(pid) for name, pid in pids.items()}
                time.sleep(window)
                for name, pid in pids.items():
                    per_minute[name].append((cpu_seconds(pid) - before[name]) * 60 / window)
                log(
                    "  sound CPU "
                    + ", ".join(f"{n} {v[-1]:.3f}" for n, v in per_minute.items())
                    + f" ({i + 1})"
                )
        finally:
            for tm in sessions.values():
                tm.kill()
        bare_cpu = median(per_minute["bare"])
        for name in commands:
            value = median(per_minute[name])
            rows.append(
                row(
                    f"CPU per minute of a routine with sound through {name} vs bare app counting down",
                    f"{value:.3f} s/min",
                    f"{bare_cpu:.3f} s/min",
                    value / bare_cpu if bare_cpu else None,
                    "(reported)",
                    None,
                    f"cues played to a PulseAudio null sink; median of {cpu_runs} windows of {window:.0f} s",
                )
            )
        return rows
    finally:
        stop_pulse(server)
