"""Where a running session's CPU goes: per thread and per part of the main thread, in a real terminal.

``.venv/bin/python bench/cpu_parts.py [--phone] [SECONDS]`` runs ``unknot run si-joint-10 --mute`` in tmux
at 100x30 (with ``--phone``: the phone page on 127.0.0.1, a page connected and reading every message, as in
``bench/phone.py``), waits for the player, then reads one window (60 s unless told) through
``bench/cpu_probe.py`` and prints seconds of CPU per minute. Not a pass/fail row: the tool that found what
the rows cost (Textual's input thread polling, the garbage collector's full walks).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import phone, run  # noqa: E402


def measure(seconds: float, with_phone: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="unknot-cpu-parts-") as tmp:
        out = Path(tmp) / "parts.json"
        env = {
            "UNKNOT_DATA_DIR": f"{tmp}/data",
            "UNKNOT_CONFIG_DIR": f"{tmp}/config",
            "UNKNOT_CPU_PROBE_OUT": str(out),
        }
        command = [run.PYTHON, str(ROOT / "bench" / "cpu_probe.py"), "run", "si-joint-10", "--mute"]
        page = None
        if with_phone:
            tm, url = phone.start_with_phone(env, [*command, "--phone", "--phone-host", "127.0.0.1"])
            page = phone.Page(url)
            page.start()
        else:
            tm = run.start_unknot_player(command, env)
        try:
            time.sleep(2.0)
            pid = tm.pane_pid()
            os.kill(pid, signal.SIGUSR1)
            time.sleep(seconds)
            os.kill(pid, signal.SIGUSR2)
            deadline = time.monotonic() + 10
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        finally:
            if page is not None:
                page.close()
            tm.kill()
    return result


def main() -> int:
    args = sys.argv[1:]
    with_phone = "--phone" in args
    seconds = float(next((a for a in args if not a.startswith("-")), "60"))
    result = measure(seconds, with_phone)
    print(f"unknot run si-joint-10{' --phone, a page connected' if with_phone else ''}, {seconds:.0f} s:")
    for name, value in sorted(result["threads"].items()):  # type: ignore[union-attr]
        print(f"  {name:<42} {value:.4f} s/min")
    for name, part in result["parts"].items():  # type: ignore[union-attr]
        print(f"  {name:<42} {part['s_per_min']:.4f} s/min  {part['calls']:>5} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
