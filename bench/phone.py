"""Bench rows for the phone page: CPU per minute of ``unknot run --phone`` with a page connected, side by
side with termdown and with the same routine without the page, and the time from a tap to the new state on
the page. On loopback only.

The page is played by an aiohttp WebSocket client in this process that reads every message, as the page's
script does (the drawing happens on the phone, not in unknot's process, so unknot's CPU is the same).

Alone: ``.venv/bin/python bench/phone.py`` prints the rows (``UNKNOT_BENCH_WINDOW`` seconds per window).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from tests.tmux import TmuxSession  # noqa: E402

URL = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+")
TAPS = 20


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid`` so far, from each one's schedstat (nanoseconds).

    /proc/<pid>/stat counts 10 ms ticks: 0.02 s/min per 30 s window, a tenth of what is measured here.
    """
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that just ended
                total += int((task / "schedstat").read_text(encoding="ascii").split()[0])
    except FileNotFoundError:
        return run.cpu_seconds(pid)  # the process is gone: the caller finds out
    return total / 1e9 if total else run.cpu_seconds(pid)  # no schedstat in this kernel: ticks


class Page:
    """A connected phone page: a thread with its own loop, reading every message the app pushes."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.messages = 0
        self.latencies: list[float] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),), daemon=True)
        self._stop: asyncio.Event | None = None
        self._ws: object = None

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(20):
            raise RuntimeError("the phone page did not connect")

    async def _run(self) -> None:
        import aiohttp

        self._stop = asyncio.Event()
        base, token = self.url.split("/?token=")
        async with aiohttp.ClientSession() as client, client.ws_connect(f"{base}/ws?token={token}") as ws:
            self._ws = ws
            self._inbox: asyncio.Queue[dict[str, object]] = asyncio.Queue()
            reader = asyncio.create_task(self._read(ws))
            self.ready.set()
            await self._stop.wait()
            reader.cancel()

    async def _read(self, ws: object) -> None:
        async for message in ws:  # type: ignore[attr-defined]
            self.messages += 1
            await self._inbox.put(json.loads(message.data))

    async def _tap(self, pause: bool) -> float:
        """Tap Pause/Resume; the seconds until the page holds the new state.

        While paused nothing else is pushed (the session sleeps), so the first state that says "paused" or
        "running" as asked for is the tap's own.
        """
        while not self._inbox.empty():
            self._inbox.get_nowait()
        before = time.perf_counter()
        await self._ws.send_str(json.dumps({"control": "toggle_pause"}))  # type: ignore[attr-defined]
        while (await self._inbox.get()).get("paused") is not pause:
            pass
        return time.perf_counter() - before

    def tap(self, pause: bool) -> float:
        return asyncio.run_coroutine_threadsafe(self._tap(pause), self.loop).result(10)

    def close(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(10)


PHONE_COMMAND = [run.UNKNOT, "run", "si-joint-10", "--mute", "--phone", "--phone-host", "127.0.0.1"]


def start_with_phone(env: dict[str, str], command: list[str] = PHONE_COMMAND) -> tuple[TmuxSession, str]:
    tm = TmuxSession.start(command, size=run.SIZE, env=env)
    screen = tm.wait_for("Same Wi-Fi only", timeout=30)
    found = URL.search(screen)
    if found is None:
        tm.kill()
        raise RuntimeError(f"no phone URL on the screen:\n{screen}")
    tm.send_keys("Escape")
    deadline = time.monotonic() + 30
    while "· unknot" not in tm.title():  # then into the player, as the CPU row does
        screen = tm.capture_pane()
        if re.search(r"pain[^\n]*\?", screen, re.IGNORECASE):
            tm.send_keys("Escape")
        elif run.REMINDER in screen:
            tm.send_keys("Enter")
        if time.monotonic() > deadline:
            tm.kill()
            raise RuntimeError(f"unknot did not reach the player:\n{screen}")
        time.sleep(0.3)
    return tm, found[0]


def bench_phone(scratch: Path, termdown: str) -> list[run.Row]:
    env = {"UNKNOT_DATA_DIR": str(scratch / "phone-data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    tm, url = start_with_phone(env)
    page = Page(url)
    sessions = {"unknot": tm}
    try:
        page.start()
        # Taps first (each pauses or resumes; an even number leaves it running), then the quiet minutes.
        taps = [page.tap(pause=i % 2 == 0) for i in range(TAPS)]
        sessions["termdown"] = TmuxSession.start([termdown, "3600"], size=run.SIZE, env=env)
        alone = {**env, "UNKNOT_DATA_DIR": str(scratch / "phone-data-alone")}
        sessions["no phone"] = run.start_unknot_player([run.UNKNOT, "run", "si-joint-10", "--mute"], alone)
        time.sleep(2.0)
        pids = {name: s.pane_pid() for name, s in sessions.items()}
        per_minute: dict[str, list[float]] = {name: [] for name in pids}
        received = page.messages
        for i in range(run.CPU_RUNS):
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            started = time.monotonic()
            time.sleep(run.WINDOW)
            minutes = (time.monotonic() - started) / 60
            for name, pid in pids.items():
                per_minute[name].append((cpu_seconds(pid) - before[name]) / minutes)
            figures = ", ".join(f"{name} {values[-1]:.3f}" for name, values in per_minute.items())
            run.log(f"  phone CPU {i + 1}/{run.CPU_RUNS} (s/min): {figures}")
        pushed = (page.messages - received) / (run.CPU_RUNS * run.WINDOW)
        if not all(s.alive() for s in sessions.values()):
            raise RuntimeError("an app ended during the measurement")
    finally:
        page.close()
        for s in sessions.values():
            s.kill()
    a, b, c = (run.median(per_minute[name]) for name in ("unknot", "termdown", "no phone"))
    how = (
        f"tmux 100x30, a page connected over 127.0.0.1 ({pushed:.1f} messages/s read); CPU from each "
        f"thread's schedstat, median of {run.CPU_RUNS} windows of {run.WINDOW:.0f} s, all three at once"
    )
    taps_ms = sorted(1000 * t for t in taps)
    return [
        run.Row(
            "CPU per minute with a phone page connected: unknot run --phone vs termdown",
            f"{a:.3f} s/min",
            f"{b:.3f} s/min",
            a / b if b else None,
            "<= 0.8x",
            a <= 0.8 * b,
            how,
        ),
        run.Row(
            "CPU per minute, for scale: unknot run --phone vs the same routine without the phone page",
            f"{a:.3f} s/min",
            f"{c:.3f} s/min",
            a / c if c else None,
            "(reported)",
            None,
            "what the page itself costs, in the same seconds",
        ),
        run.Row(
            "a tap on the page to the new state on the page (Pause/Resume, through the app's player)",
            f"median {statistics.median(taps_ms):.1f} ms, worst {taps_ms[-1]:.1f} ms",
            "100 ms",
            None,
            "<= 100 ms",
            taps_ms[-1] <= 100,
            f"{TAPS} taps over 127.0.0.1",
        ),
    ]


def main() -> int:
    termdown = run.ensure_termdown()
    with tempfile.TemporaryDirectory(prefix="unknot-bench-phone-") as tmp:
        rows = bench_phone(Path(tmp), termdown)
    print(run.table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
