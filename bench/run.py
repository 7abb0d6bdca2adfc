"""``make bench``: unknot measured side by side with a baseline, in one run, on this machine.

Every row is a ratio of two things measured in the same run, alternating A/B/A/B, as the median of at
least five runs; time, CPU and memory are whole-process figures from the OS (``/usr/bin/time -v`` for
peak memory, ``/proc/<pid>/stat`` for CPU, ``os.wait4`` for short commands). The apps run in real
terminals (tmux, 100x30). The table is printed and written to ``bench/results.md`` with the date and
the machine. Takes about three minutes; the cue timing row alone is a real two-minute routine.

Rows:
  * start to first frame of ``unknot run si-joint-10`` vs a bare Textual app with the same widgets
    (``bench/bare_app.py``), and their peak memory;
  * CPU seconds per minute of a running routine vs ``termdown`` counting down in the same size terminal
    (and, for scale, the bare app counting down);
  * CPU seconds per minute of the floor view (the block-digit countdown) in a 200x60 terminal vs
    ``termdown`` at 200x60, read over the same windows (``bench/run.py --floor``: this row alone);
  * cue timing from ``--events`` of a two-minute routine of 5 s segments: lateness (``t - due``) and
    drift from the plan (``due`` vs ``unknot show --json``), second half vs first half;
  * ``unknot validate`` on 1,000 generated routine files, and ``unknot list``, vs ``python -c pass``;
  * ``unknot export --audio`` of a 10-minute routine, with and without speech, vs its length.
  * CPU per minute with a phone page connected vs termdown, and a tap to the page's new state
    (``bench/phone.py``, which also runs alone).

``UNKNOT_BENCH_RUNS`` sets the runs per row (7; the CPU row takes 5), ``UNKNOT_BENCH_WINDOW`` each CPU
window in seconds (45).

The sound rows (``bench/sound.py``): start to first frame and CPU per minute with sound through miniaudio
beside simpleaudio (the old backend) and the bare app, on a private PulseAudio daemon.
``UNKNOT_BENCH_ONLY=sound`` runs just those, once each (``UNKNOT_BENCH_RUNS``, ``UNKNOT_BENCH_WINDOW``
still apply, with no minimum), and prints them without writing ``bench/results.md``: a quick check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tmux import TmuxSession  # noqa: E402  (the repository's root must be on the path first)

BIN = Path(sys.executable).parent
UNKNOT = str(BIN / "unknot") if (BIN / "unknot").exists() else "unknot"
PYTHON = sys.executable
BARE_APP = str(ROOT / "bench" / "bare_app.py")
RESULTS = ROOT / "bench" / "results.md"
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
RUNS = max(5, int(os.environ.get("UNKNOT_BENCH_RUNS", "7")))
CPU_RUNS = 5
WINDOW = float(os.environ.get("UNKNOT_BENCH_WINDOW", "45"))
SIZE = (100, 30)
FLOOR_SIZE = (200, 60)
"""The floor view's row: a big window, where the countdown is 45 rows of block digits."""
REMINDER = "Consult a qualified professional"
MARKER = "bare app ready"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Row:
    """One line of the table: A against B, with the ratio A/B and the target."""

    measure: str
    a: str
    b: str
    ratio: float | None
    target: str
    ok: bool | None
    note: str = ""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100), linear between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# ----------------------------------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "arch": platform.machine() or subprocess.run(["uname", "-m"], capture_output=True, text=True).stdout,
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "load": load,
        "kernel": platform.release(),
    }


def ensure_termdown() -> str:
    """termdown in the bench's venv (installed with pip when missing)."""
    path = BIN / "termdown"
    if not path.exists():
        log("installing termdown into the venv for the CPU baseline")
        done = subprocess.run(
            [PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "termdown"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pip install termdown failed:\n{done.stdout}{done.stderr}")
    return str(path)


# --------------------------------------------------------------------------------------- process figures


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` from /proc, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_kb(time_output: Path) -> float | None:
    with contextlib.suppress(OSError):
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_output.read_text())
        if match:
            return float(match.group(1))
    return None


def run_counted(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run ``command`` to its end: (wall seconds, CPU seconds, peak RSS in KiB), from ``os.wait4``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0,):
        raise RuntimeError(f"{command[:3]} exited with {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, float(usage.ru_maxrss)


# ------------------------------------------------------------------------------------ first frame, memory


def first_frame(command: list[str], marker: str, env: dict[str, str], scratch: Path) -> tuple[float, float]:
    """Spawn ``command`` in a 100x30 tmux, time until ``marker`` is on the screen, quit; (s, peak KiB)."""
    output = scratch / "time.txt"
    output.unlink(missing_ok=True)
    wrapped = [GNU_TIME, "-v", "-o", str(output), *command] if GNU_TIME else command
    start = time.perf_counter()
    with TmuxSession.start(wrapped, size=SIZE, env=env) as tm:
        while marker not in tm.capture_pane():
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"no first frame from {command[:3]}:\n{tm.capture_pane()}")
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        peak = None
        if GNU_TIME is None:  # no GNU time: the high-water mark so far, from /proc
            status = Path(f"/proc/{tm.pane_pid()}/status").read_text(encoding="ascii")
            peak = float(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        tm.send_keys("C-q")
        tm.wait_for_exit(15)
    if peak is None:
        peak = peak_rss_kb(output)
    if peak is None:
        raise RuntimeError("no peak memory figure from /usr/bin/time")
    return seconds, peak


def bench_startup(scratch: Path) -> list[Row]:
    data = scratch / "data"
    env = {"UNKNOT_DATA_DIR": str(data), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    unknot = [UNKNOT, "run", "si-joint-10"]
    bare = [PYTHON, BARE_APP]
    # One untimed start of each, so both find the OS caches and the compiled bytecode warm.
    first_frame(unknot, REMINDER, env, scratch)
    first_frame(bare, MARKER, env, scratch)
    times: dict[str, list[float]] = {"unknot": [], "bare": []}
    peaks: dict[str, list[float]] = {"unknot": [], "bare": []}
    for i in range(RUNS):
        for name, command, marker in (("unknot", unknot, REMINDER), ("bare", bare, MARKER)):
            seconds, peak = first_frame(command, marker, env, scratch)
            times[name].append(seconds)
            peaks[name].append(peak)
        log(f"  start {i + 1}/{RUNS}: unknot {times['unknot'][-1]:.3f} s, bare {times['bare'][-1]:.3f} s")
    t_a, t_b = median(times["unknot"]), median(times["bare"])
    m_a, m_b = median(peaks["unknot"]), median(peaks["bare"])
    return [
        Row(
            "start to first frame: `unknot run si-joint-10` vs bare Textual app",
            f"{t_a * 1000:.0f} ms",
            f"{t_b * 1000:.0f} ms",
            t_a / t_b,
            "<= 1.2x",
            t_a / t_b <= 1.2,
            f"tmux 100x30, spawn to marker on screen; median of {RUNS}, A/B alternating",
        ),
        Row(
            "peak memory (maxrss): `unknot run si-joint-10` vs bare Textual app",
            f"{m_a / 1024:.1f} MiB",
            f"{m_b / 1024:.1f} MiB",
            m_a / m_b,
            "<= 1.3x",
            m_a / m_b <= 1.3,
            "/usr/bin/time -v, quit right after the first frame" if GNU_TIME else "VmHWM at first frame",
        ),
    ]


# ------------------------------------------------------------------------------------------ CPU per minute


def start_unknot_player(command: list[str], env: dict[str, str], size: tuple[int, int] = SIZE) -> TmuxSession:
    """Start unknot in tmux and get it into the player (Enter past the reminder, Escape a pain prompt)."""
    tm = TmuxSession.start(command, size=size, env=env)
    deadline = time.monotonic() + 30
    while "· unknot" not in tm.title():
        screen = tm.capture_pane()
        if re.search(r"pain[^\n]*\?", screen, re.IGNORECASE):
            tm.send_keys("Escape")
            time.sleep(0.3)
        elif REMINDER in screen:
            tm.send_keys("Enter")
            time.sleep(0.3)
        if time.monotonic() > deadline:
            tm.kill()
            raise RuntimeError(f"unknot did not reach the player:\n{screen}")
        time.sleep(0.02)
    return tm


def routine_seconds(env: dict[str, str]) -> int:
    shown = subprocess.run(
        [UNKNOT, "show", "--json", "si-joint-10"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return int(json.loads(shown.stdout)["total_seconds"])


def bench_cpu(scratch: Path, termdown: str, *, only_floor: bool = False) -> list[Row]:
    env = {"UNKNOT_DATA_DIR": str(scratch / "cpu-data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    floor_env = {**env, "UNKNOT_DATA_DIR": str(scratch / "floor-data")}  # its own session in progress
    total = routine_seconds(env)
    sessions: dict[str, TmuxSession] = {}
    try:
        if not only_floor:
            sessions["unknot"] = start_unknot_player([UNKNOT, "run", "si-joint-10", "--mute"], env)
            sessions["termdown"] = TmuxSession.start([termdown, str(total)], size=SIZE, env=env)
            sessions["bare"] = TmuxSession.start(
                [PYTHON, BARE_APP, "--countdown", str(total)], size=SIZE, env=env
            )
        # The floor view at 200x60 beside termdown at 200x60, read over the same windows as the rest.
        sessions["floor"] = start_unknot_player(
            [UNKNOT, "run", "si-joint-10", "--mute"], floor_env, size=FLOOR_SIZE
        )
        sessions["termdown-floor"] = TmuxSession.start([termdown, str(total)], size=FLOOR_SIZE, env=env)
        time.sleep(2.0)  # all past their start-up
        pids = {name: tm.pane_pid() for name, tm in sessions.items()}
        per_minute: dict[str, list[float]] = {name: [] for name in pids}
        for i in range(CPU_RUNS):
            # All three run throughout, so each window reads all three over the same seconds: the same
            # load for each, and windows three times longer than taking them in turn, which matters
            # because /proc counts CPU in 10 ms ticks (a 15 s window of 0.5 s/min is only 12 ticks).
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            time.sleep(WINDOW)
            for name, pid in pids.items():
                per_minute[name].append((cpu_seconds(pid) - before[name]) * 60 / WINDOW)
            figures = ", ".join(f"{name} {values[-1]:.3f}" for name, values in per_minute.items())
            log(f"  CPU {i + 1}/{CPU_RUNS} (s/min): {figures}")
        ended = [name for name, tm in sessions.items() if not tm.alive()]
        if ended:
            raise RuntimeError(f"{ended} ended during the measurement")
    finally:
        for tm in sessions.values():
            tm.kill()
    f, t = median(per_minute["floor"]), median(per_minute["termdown-floor"])
    floor = Row(
        "CPU per minute with the floor view (block-digit countdown): unknot vs termdown, tmux 200x60",
        f"{f:.3f} s/min",
        f"{t:.3f} s/min",
        f / t if t else None,
        "<= 0.8x",
        f <= 0.8 * t,
        f"/proc utime+stime; median of {CPU_RUNS} windows of {WINDOW:.0f} s, read with the rows above",
    )
    if only_floor:
        return [floor]
    a, b, c = (median(per_minute[name]) for name in ("unknot", "termdown", "bare"))
    how = f"tmux 100x30, /proc utime+stime; median of {CPU_RUNS} windows of {WINDOW:.0f} s, all three at once"
    return [
        floor,
        Row(
            "CPU per minute of a running routine: unknot vs termdown (same time, same terminal)",
            f"{a:.3f} s/min",
            f"{b:.3f} s/min",
            a / b if b else None,
            "<= 1.0x",
            a <= b,
            how,
        ),
        Row(
            "CPU per minute, for scale: bare Textual app counting down vs termdown",
            f"{c:.3f} s/min",
            f"{b:.3f} s/min",
            c / b if b else None,
            "(reported)",
            None,
            "the same widgets updated once a second: Textual's own floor",
        ),
    ]


# ----------------------------------------------------------------------------------------------- cue timing

CUE_STEPS = 17  # 17 x (2 s get-ready + 5 s) = 119 s


def cue_routine(folder: Path) -> Path:
    from unknot.model import catalog

    regions = sorted(catalog.REGIONS)
    techniques = sorted(catalog.TECHNIQUES)
    rng = random.Random(7)
    lines = [
        "name: Cue timing bench",
        "transition: 2s",
        "lint:",
        "  ignore: [no-warm-up, region-over-40, short-segment, unpaired-side]",
        "segments:",
    ]
    for _ in range(CUE_STEPS):
        lines += [
            f"  - region: {rng.choice(regions)}",
            f"    technique: {rng.choice(techniques)}",
            "    duration: 5s",
        ]
    path = folder / "cue-bench.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class CueResult:
    late_ms: list[float]  # t - due of each segment_start and finished
    plan_ms: list[float]  # due - planned start
    all_late_ms: list[float]  # t - due of every event
    paused: bool


def run_cue_timing(scratch: Path) -> CueResult:
    folder = scratch / "cue"
    folder.mkdir()
    routine = cue_routine(folder)
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    shown = subprocess.run(
        [UNKNOT, "show", "--json", str(routine)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    plan = json.loads(shown.stdout)
    events_file = folder / "events.jsonl"
    tm = start_unknot_player([UNKNOT, "run", str(routine), "--mute", "--events", str(events_file)], env)
    try:
        deadline = time.monotonic() + plan["total_seconds"] + 30
        while '"finished"' not in events_file.read_text(encoding="utf-8"):
            if time.monotonic() > deadline or not tm.alive():
                raise RuntimeError(f"the cue routine did not finish:\n{tm.capture_pane()}")
            time.sleep(0.5)
    finally:
        tm.kill()
    events = [json.loads(line) for line in events_file.read_text(encoding="utf-8").splitlines() if line]
    starts = {i: s["start"] for i, s in enumerate(plan["segments"])}
    late, drift = [], []
    for event in events:
        if event["event"] == "segment_start":
            planned = starts[event["segment"]]
        elif event["event"] == "finished":
            planned = plan["total_seconds"]
        else:
            continue
        late.append((event["t"] - event["due"]) * 1000)
        drift.append((event["due"] - planned) * 1000)
    return CueResult(
        late, drift, [(e["t"] - e["due"]) * 1000 for e in events], any(e["event"] == "paused" for e in events)
    )


def cue_rows(result: CueResult) -> list[Row]:
    late = result.late_ms
    half = len(late) // 2
    first, second = late[:half], late[half:]
    p50, p99, worst = percentile(late, 50), percentile(late, 99), max(late)
    growth = percentile(second, 99) / percentile(first, 99) if percentile(first, 99) > 0 else None
    drift = [abs(d) for d in result.plan_ms]
    return [
        Row(
            "cue lateness `t - due` (segment_start + finished, 2-min routine of 5 s segments)",
            f"p50 {p50:.1f} / p99 {p99:.1f} / max {worst:.1f} ms",
            f"{len(late)} cues",
            None,
            "p99 <= 20 ms",
            p99 <= 20,
            f"all {len(result.all_late_ms)} events: p99 {percentile(result.all_late_ms, 99):.1f} ms",
        ),
        Row(
            "cue lateness growth: second half vs first half (p99)",
            f"{percentile(second, 99):.1f} ms",
            f"{percentile(first, 99):.1f} ms",
            growth,
            "no growth",
            growth is None or percentile(second, 99) <= max(percentile(first, 99) * 1.5, 5.0),
            f"medians {median(second):.1f} vs {median(first):.1f} ms",
        ),
        Row(
            "cue schedule drift: `due` vs planned start (`unknot show --json`)",
            f"p50 {percentile(drift, 50):.1f} / p99 {percentile(drift, 99):.1f} / max {max(drift):.1f} ms",
            "0 ms (never paused)" if not result.paused else "paused!",
            None,
            "0 when never paused",
            max(drift) <= 1.0 and not result.paused,
            "events rounded to 0.1 ms",
        ),
    ]


# ------------------------------------------------------------------------------------------ validate, list


def generated_routines(folder: Path, count: int) -> list[str]:
    from unknot.model import catalog

    regions = sorted(catalog.REGIONS)
    techniques = sorted(catalog.TECHNIQUES)
    rng = random.Random(1000)
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        lines = [f"name: Generated routine {i}", f"transition: {rng.choice([2, 5, 10])}s", "segments:"]
        for _ in range(rng.randint(1, 8)):
            lines += [
                f"  - region: {rng.choice(regions)}",
                f"    technique: {rng.choice(techniques)}",
                f"    duration: {rng.choice(['30s', '45s', '1m', '1m30s', '2:00', 90])}",
            ]
            if rng.random() < 0.3:
                lines.append("    sides: both")
        path = folder / f"routine-{i:04d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def alternate(a: Callable[[], float], b: Callable[[], float]) -> tuple[list[float], list[float]]:
    a(), b()  # warm
    xs, ys = [], []
    for _ in range(RUNS):
        xs.append(a())
        ys.append(b())
    return xs, ys


def bench_commands(scratch: Path) -> list[Row]:
    files = generated_routines(scratch / "generated", 1000)
    env = {"UNKNOT_DATA_DIR": str(scratch / "data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    baseline = [PYTHON, "-c", "pass"]
    validate, bare = alternate(
        lambda: run_counted([UNKNOT, "validate", *files], env)[0], lambda: run_counted(baseline)[0]
    )
    listing, bare2 = alternate(
        lambda: run_counted([UNKNOT, "list"], env)[0], lambda: run_counted(baseline)[0]
    )
    builtins = [str(path) for path in sorted((ROOT / "routines").glob("*.yaml"))]
    checking, bare3 = alternate(
        lambda: run_counted([UNKNOT, "validate", *builtins], env)[0], lambda: run_counted(baseline)[0]
    )
    v, p, li, p2 = median(validate), median(bare), median(listing), median(bare2)
    vb, p3 = median(checking), median(bare3)
    return [
        Row(
            "`unknot validate` on 1,000 generated routine files vs `python -c pass`",
            f"{v * 1000:.0f} ms",
            f"{p * 1000:.0f} ms",
            v / p,
            "< 1 s",
            v < 1.0,
            f"one process, all 1,000 paths; median of {RUNS}, A/B alternating",
        ),
        Row(
            "`unknot list` start to exit vs `python -c pass`",
            f"{li * 1000:.0f} ms",
            f"{p2 * 1000:.0f} ms",
            li / p2,
            "(ratio reported)",
            None,
            "4 built-in routines, fresh data folder",
        ),
        Row(
            "`unknot validate routines/*.yaml` start to exit vs `python -c pass`",
            f"{vb * 1000:.0f} ms",
            f"{p3 * 1000:.0f} ms",
            vb / p3,
            "(ratio reported)",
            None,
            "the 4 built-in routines; neither command imports Textual",
        ),
    ]


# ------------------------------------------------------------------------------------------- audio export


def bench_export(scratch: Path) -> list[Row]:
    """``unknot export --audio`` of a routine of exactly 10 minutes: wall time against its length.

    With speech (espeak-ng on PATH) and without (PATH holding no speech engine), MP3; the ratio is how
    many times faster than real time the file is made. Each built-in's MP3 with speech goes in the note.
    """
    env = {"UNKNOT_DATA_DIR": str(scratch / "data"), "UNKNOT_CONFIG_DIR": str(scratch / "config")}
    ten = scratch / "ten-minutes.yaml"
    made = subprocess.run(
        [UNKNOT, "build", "--minutes", "10", "--stdout"], capture_output=True, text=True, check=True, env=env
    )
    ten.write_text(made.stdout, encoding="utf-8")
    mute_path = scratch / "no-speech-bin"
    mute_path.mkdir(exist_ok=True)
    out = str(scratch / "export.mp3")

    def export(ref: str, speech: bool) -> float:
        extra = {} if speech else {"PATH": str(mute_path)}
        return run_counted([UNKNOT, "export", ref, "--audio", out], {**env, **extra})[0]

    speech_times, silent_times = alternate(lambda: export(str(ten), True), lambda: export(str(ten), False))
    with_speech, without = median(speech_times), median(silent_times)
    builtins = sorted(path.stem for path in (ROOT / "routines").glob("*.yaml"))
    each = []
    for ref in builtins:
        length = json.loads(
            subprocess.run([UNKNOT, "show", ref, "--json"], capture_output=True, text=True, check=True).stdout
        )["total_seconds"]
        each.append(f"{ref} {length / export(ref, True):.0f}x")
    return [
        Row(
            "`unknot export --audio x.mp3` of a 10-minute routine, with speech, vs its length",
            f"{with_speech:.2f} s",
            "600 s",
            600 / with_speech,
            ">= 60x real time",
            600 / with_speech >= 60,
            f"ratio = times faster than real time; median of {RUNS}; built-ins: {', '.join(each)}",
        ),
        Row(
            "`unknot export --audio x.mp3` of a 10-minute routine, no speech engine, vs its length",
            f"{without:.2f} s",
            "600 s",
            600 / without,
            ">= 300x real time",
            600 / without >= 300,
            f"PATH without espeak-ng; median of {RUNS}, alternating with the row above",
        ),
    ]


# -------------------------------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    head = "| measure | unknot (A) | baseline (B) | A/B | target | result | how |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        result = {True: "ok", False: "MISSED", None: "-"}[row.ok]
        lines.append(
            f"| {row.measure} | {row.a} | {row.b} | {ratio} | {row.target} | {result} | {row.note} |"
        )
    return "\n".join(lines)


def sound_rows(scratch: Path, runs: int, cpu_runs: int, window: float) -> list[Row]:
    from bench.sound import bench_sound

    helpers = {
        "first_frame": first_frame,
        "start_unknot_player": start_unknot_player,
        "cpu_seconds": cpu_seconds,
        "median": median,
        "log": log,
        "tmux": TmuxSession,
        "reminder": lambda: REMINDER,
        "marker": lambda: MARKER,
    }
    return bench_sound(
        scratch,
        unknot=UNKNOT,
        python=PYTHON,
        bare_app=BARE_APP,
        runs=runs,
        cpu_runs=cpu_runs,
        window=window,
        helpers=helpers,
        row=Row,
    )


def floor_only() -> int:
    """``bench/run.py --floor``: just the floor view's CPU row (about 4 minutes; prints, writes nothing)."""
    termdown = ensure_termdown()
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        print(table(bench_cpu(Path(tmp), termdown, only_floor=True)))
    return 0


def main() -> int:
    begun = time.monotonic()
    if shutil.which("tmux") is None:
        print("make bench needs tmux (apt-get install tmux)", file=sys.stderr)
        return 2
    if os.environ.get("UNKNOT_BENCH_ONLY") == "sound":
        runs = int(os.environ.get("UNKNOT_BENCH_RUNS", "1"))
        window = float(os.environ.get("UNKNOT_BENCH_WINDOW", "10"))
        with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
            print(table(sound_rows(Path(tmp), runs, runs, window)))
        return 0
    info = machine()
    termdown = ensure_termdown()
    # Compile unknot's bytecode first, as pip does when it installs a wheel: Textual's is already
    # compiled in site-packages, and with PYTHONDONTWRITEBYTECODE set an editable install never would be.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src" / "unknot")], check=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        scratch = Path(tmp)
        log("start to first frame and peak memory")
        rows += bench_startup(scratch)
        # The two-minute cue routine runs in its own terminal while the CPU windows are measured: the
        # apps are idle between wake-ups, and two cores keep them from getting in each other's way.
        log("cue timing (a 2-minute routine) and, meanwhile, CPU per minute")
        cue: dict[str, CueResult | BaseException] = {}

        def cue_thread() -> None:
            try:
                cue["result"] = run_cue_timing(scratch)
            except BaseException as exc:
                cue["result"] = exc

        worker = threading.Thread(target=cue_thread)
        worker.start()
        rows += bench_cpu(scratch, termdown)
        worker.join()
        outcome = cue["result"]
        if isinstance(outcome, BaseException):
            raise outcome
        rows += cue_rows(outcome)
        log("validate and list")
        rows += bench_commands(scratch)
        log("audio export")
        rows += bench_export(scratch)
        log("CPU per minute with a phone page connected, and taps")
        from bench.phone import bench_phone

        rows += bench_phone(scratch, termdown)
        log("sound: miniaudio beside simpleaudio and the bare app, on a private PulseAudio")
        rows += sound_rows(scratch, RUNS, CPU_RUNS, WINDOW)
    took = time.monotonic() - begun
    text = table(rows)
    print()
    print(text)
    header = (
        "# unknot bench results\n\n"
        f"Generated by `make bench` (`bench/run.py`) on {info['date']} in {took:.0f} s.\n\n"
        f"Machine: {info['arch']}, {info['cpu']} ({info['cores']} cores), Linux {info['kernel']}, "
        f"Python {info['python']}; load average at the start {info['load']}.\n\n"
        "Each ratio is unknot (A) over the baseline (B), both measured in this run, alternating A/B, "
        f"median of {RUNS} runs unless said otherwise. Figures come from the OS: wall time around the "
        "process, `/usr/bin/time -v` for peak memory, `/proc/<pid>/stat` for CPU. unknot's bytecode is "
        "compiled first, as an installed wheel's is. The machine may be shared, so absolute figures move "
        "between runs; the ratios move much less.\n\n"
    )
    RESULTS.write_text(header + text + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(floor_only() if "--floor" in sys.argv[1:] else main())
