"""Another program holds ``BEGIN EXCLUSIVE`` on unknot.db for 15 s during a session: what the session sees.

Runs a session on the real clock through the same runner, store and checkpoints as the front ends, with a
second process holding the database's write lock from the 2nd to the 17th second. Prints how long each
save kept the loop, whether the countdown kept moving every second, any ``paused`` event, and when
progress reached the file again. Then does the same with a real ``unknot run --plain --events`` process.

    .venv/bin/python scripts/measure_busy_save.py
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unknot.model.routine import Routine, Segment
from unknot.session.clock import session_clock
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.ownership import SessionLock
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.store import Store
from unknot.sound.audio import SilentPlayer

HOLD_FROM, HOLD_FOR, RUN_FOR = 2.0, 15.0, 21.0
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def hold(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(HOLD_FOR)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def in_process(folder: Path) -> None:
    db = folder / "unknot.db"
    store = Store.open(db)
    lock = SessionLock(db)
    assert lock.acquire()
    routine = Routine(
        id="m", name="M", transition=1, content_hash="h", segments=(Segment("lumbar", "swedish", 60),)
    )
    checkpoints = StoreCheckpoints(store, owner=lock.token)
    durations: list[tuple[float, float, bool]] = []  # (session time, seconds in save, saved)
    real_save = checkpoints.save

    def timed(session: Session) -> None:
        started = time.perf_counter()
        ok = False
        try:
            real_save(session)
            ok = True
        finally:
            durations.append((session_clock() - began, time.perf_counter() - started, ok))

    checkpoints.save = timed  # type: ignore[method-assign]
    warnings: list[str] = []
    runner = SessionRunner(
        Session(routine), SoundCues(SilentPlayer()), checkpoints=checkpoints, on_warning=warnings.append
    )
    began = session_clock()
    events = list(runner.begin())
    shown: list[float] = []
    holder = None
    while session_clock() - began < RUN_FOR:
        if holder is None and session_clock() - began >= HOLD_FROM:
            holder = hold(db)
        wake = runner.next_wakeup()
        assert wake is not None
        time.sleep(max(0.0, wake - session_clock()))
        events += runner.wake()
        shown.append(runner.session.remaining())
    assert holder is not None
    holder.wait()
    during = [d for t, d, _ in durations if HOLD_FROM <= t <= HOLD_FROM + HOLD_FOR]
    failed = [t for t, _, ok in durations if not ok]
    after = [t for t, _, ok in durations if ok and t > HOLD_FROM + HOLD_FOR]
    others = [d for t, d, _ in durations if not HOLD_FROM <= t <= HOLD_FROM + HOLD_FOR]
    print(f"in process: {len(durations)} saves; {len(during)} while the lock was held, {len(failed)} busy")
    median = sorted(during)[len(during) // 2]
    print(f"  longest save while locked: {max(during) * 1000:.1f} ms (median {median * 1000:.1f})")
    print(f"  longest save otherwise: {max(others) * 1000:.2f} ms")
    steps = [a - b for a, b in itertools.pairwise(shown)]
    print(f"  countdown: {shown[0]:.1f} -> {shown[-1]:.1f} s over {len(shown)} wake-ups;")
    print(f"  each wake-up moved it {min(steps):.3f} to {max(steps):.3f} s")
    print(f"  paused events: {sum(e.name == 'paused' for e in events)}; warnings: {warnings}")
    print(
        f"  first save after the lock went: {after[0] - (HOLD_FROM + HOLD_FOR):.2f} s after it went"
        if after
        else "  never saved after"
    )
    saved = store.load_progress()
    assert saved is not None
    print(f"  saved progress now: {saved.snapshot['done']:.1f} s into the segment")
    store.close()


def real_process(folder: Path) -> None:
    routines = folder / "routines"
    routines.mkdir()
    (routines / "m.yaml").write_text(
        "name: M\ntransition: 1s\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s}\n"
    )
    env = {
        **os.environ,
        "UNKNOT_DATA_DIR": str(folder / "data"),
        "UNKNOT_ROUTINES_DIR": str(routines),
        "UNKNOT_CONFIG_DIR": str(folder / "config"),
    }
    events = folder / "events.jsonl"
    app = subprocess.Popen(
        [sys.executable, "-m", "unknot", "run", "m", "--plain", "--mute", "--events", str(events)],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert app.stdin is not None
    app.stdin.write("\n")  # the reminder
    app.stdin.flush()
    time.sleep(HOLD_FROM)
    db = folder / "data" / "unknot.db"
    holder = hold(db)
    holder.wait()
    time.sleep(2.5)
    conn = sqlite3.connect(db)
    done = json.loads(conn.execute("SELECT snapshot FROM progress").fetchone()[0])["done"]
    conn.close()
    holder = hold(db)  # and quit while another program holds the lock again
    asked = time.perf_counter()
    app.stdin.write("q\n")
    app.stdin.flush()
    out, err = app.communicate(timeout=10)
    left = time.perf_counter() - asked
    holder.kill()
    holder.wait()
    names = [json.loads(line)["event"] for line in events.read_text().splitlines()]
    print(f"real unknot --plain: events {names}; exit {app.returncode}")
    print(f"  saved progress 2.5 s after the lock went: {done:.1f} s into the segment")
    print(f"  stderr: {err.strip()!r}")
    print(f"  quit while locked again: the process ended {left * 1000:.0f} ms after q")
    print(f"  last line: {out.strip().splitlines()[-1]!r}")


def main() -> None:
    with tempfile.TemporaryDirectory() as top:
        (Path(top) / "a").mkdir()
        in_process(Path(top) / "a")
        (Path(top) / "b").mkdir()
        real_process(Path(top) / "b")


if __name__ == "__main__":
    main()
