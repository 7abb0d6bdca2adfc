"""kill -9 at random moments, then ``unknot resume``: the database is intact and almost nothing is lost.

Each run starts ``unknot run`` in its own tmux terminal and data folder, passes the reminder, waits a random
0.5-4 s (a third of the runs pause first, at a random moment), reads the screen, and ``kill -9``s the app.
Then: ``PRAGMA integrity_check`` is ``ok``, ``unknot resume`` comes back (past the reminder) paused on the
same step in the same phase, and the time left is within 1.5 s of the time left at the kill.

The time left at the kill is known to a few milliseconds: the events log's first line marks the moment
the session began (the test sees it appear), and from there the plan says where the session stands at any
moment; a pause's exact moment is in the log too. The loss is the resumed time left minus that.

``UNKNOT_KILL_RUNS`` sets the number of runs (50), ``UNKNOT_KILL_PARALLEL`` how many run at once (8: a
run mostly waits, so two cores keep up; 50 runs take about 40 s). Resumed apps are then closed the way a
terminal window is (SIGHUP); one that is still running a second later is counted and killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.conftest import Figure
from tests.tmux import TmuxSession, available, running
from unknot.model.routine import Routine, format_seconds
from unknot.routine_files.loader import load_routine
from unknot.session.cues import step_title

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="needs tmux (apt-get install tmux)"),
]

# `make test` checks what no load can change: the session resumes exactly where its last save left it, in
# an intact database. How much a kill loses depends on how busy the machine is, so the bound on that loss
# (and a run that the machine stalled long enough to pause) is checked only when UNKNOT_KILL_STRICT=1, as
# `make bench` runs it, 50 runs 8 at a time.
STRICT = os.environ.get("UNKNOT_KILL_STRICT") == "1"
RUNS = int(os.environ.get("UNKNOT_KILL_RUNS", "50" if STRICT else "20"))
PARALLEL = int(os.environ.get("UNKNOT_KILL_PARALLEL", "8" if STRICT else "4"))
SEED = int(os.environ.get("UNKNOT_KILL_SEED", "20260101"))
MAX_LOSS = 1.5
HANGUP_GRACE = 1.0
REMINDER = "Consult a qualified professional"
RESUME_PROMPT = "A session is in progress"
# A pain prompt asks a question about pain (the reminder mentions pain too, but asks nothing).
PAIN_QUESTION = re.compile(r"pain[^\n]*\?", re.IGNORECASE)
UNKNOT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "unknot"
ROUTINE_ID = "killtest"
ROUTINE_YAML = """\
name: Kill test
transition: 2s
segments:
  - region: piriformis
    technique: trigger_point
    duration: 3s
    sides: both
    get_ready: 2s
  - region: lumbar
    technique: swedish
    duration: 3s
    get_ready: 2s
"""
# get_ready: each step is a move between the floor and upright, which would take 20 s.
# The title unknot gives the terminal window: "0:03 · Left piriformis · unknot".
TITLE = re.compile(r"^(\d+):(\d\d) · (.+) · unknot$")
# Keep kills away from phase boundaries by this much (before, after), so that the screen read just before
# the kill and the state the app holds at the kill are the same step.
BOUNDARY_GUARD = (0.25, 0.3)
# How long the screen read just before the kill may wait for the player to show: a deadline, not a delay
# (the read returns as soon as the title and the screen agree). A loaded machine can take seconds to draw
# the player after the session began; the kill then comes later, which the test allows for (it compares
# the resumed session with the saved one, and the plan's state at the moment of the kill).
READ_TIMEOUT = 30.0
# How long the app may take from its start to the player (it imports Textual and opens its database: on a
# loaded machine, seconds), and after how long a key the app has not answered is pressed again.
PROMPTS_TIMEOUT = 60.0
ANSWER_AGAIN_SECONDS = 5.0


def _unknot() -> str:
    return str(UNKNOT) if UNKNOT.exists() else "unknot"


# --------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Stretch:
    """One timed phase of the plan, in seconds from the moment the session began."""

    start: float
    end: float
    step: int
    phase: str  # "get_ready" or "segment"
    title: str


def plan(routine: Routine) -> list[Stretch]:
    stretches = []
    at = 0.0
    for step in routine.steps:
        stretches.append(Stretch(at, at + step.get_ready, step.index, "get_ready", step_title(step)))
        at += step.get_ready
        stretches.append(Stretch(at, at + step.seconds, step.index, "segment", step_title(step)))
        at += step.seconds
    return stretches


def where(stretches: list[Stretch], t: float) -> tuple[Stretch, float]:
    """The stretch at ``t`` seconds into the session and the seconds left in it."""
    for stretch in stretches:
        if t < stretch.end:
            return stretch, stretch.end - t
    return stretches[-1], 0.0


def safe_moment(stretches: list[Stretch], rng: random.Random, low: float, high: float) -> float:
    """A random moment in [low, high] not too near a phase boundary."""
    before, after = BOUNDARY_GUARD
    for _ in range(1000):
        t = rng.uniform(low, high)
        if all(not (s.start - before <= t <= s.start + after) for s in stretches[1:]):
            return t
    raise AssertionError(f"no safe moment in [{low}, {high}]")


# ------------------------------------------------------------------------------------------- the screen


@dataclass(frozen=True)
class Shown:
    """What the player shows: the step's title, get-ready or segment, the countdown, paused or not."""

    title: str
    phase: str
    seconds: int
    paused: bool


def shown_now(tm: TmuxSession) -> Shown | None:
    """The player as shown at this moment, or None when the screen and title do not (yet) tell the same."""
    title, screen = tm.title_and_screen()
    match = TITLE.match(title)
    if match is None:
        return None
    minutes, seconds, name = match.groups()
    getting_ready = f"Move to: {name}" in screen
    on_screen = getting_ready or re.search(rf"^ *{re.escape(name)}( {{2,}}|$)", screen, re.M) is not None
    if on_screen and format_seconds(int(minutes) * 60 + int(seconds)) == f"{minutes}:{seconds}":
        phase = "get_ready" if getting_ready else "segment"
        return Shown(name, phase, int(minutes) * 60 + int(seconds), "Paused" in screen)
    return None


def read_player(tm: TmuxSession, timeout: float = READ_TIMEOUT) -> Shown | None:
    """The player as shown, or None when it did not show within ``timeout`` seconds.

    The window title is written at once, the screen at the next refresh, and on a loaded machine the
    player may not have drawn yet when the session has begun: read until both tell the same, a generous
    deadline on that condition (a few reads when the machine keeps up).
    """
    deadline = time.monotonic() + timeout
    while True:
        shown = shown_now(tm)
        if shown is not None or time.monotonic() >= deadline:
            return shown
        time.sleep(0.01)


def pass_prompts(
    tm: TmuxSession, done: Callable[[], bool], *, cheap: bool = False, timeout: float = PROMPTS_TIMEOUT
) -> None:
    """Answer what comes before the player until ``done()``: the reminder and a resume prompt with Enter,
    a pain prompt with Escape.

    A ``cheap`` check (no tmux call) is made every 2 ms between screen reads, so its moment is precise.
    """
    deadline = time.monotonic() + timeout
    answered: dict[str, float] = {}
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"the player did not come; last screen:\n{tm.capture_pane()}")
        title, screen = tm.title_and_screen()
        key = None
        if PAIN_QUESTION.search(screen):
            key = "Escape"
        elif RESUME_PROMPT in screen:
            key = "Enter"  # its first choice resumes
        elif REMINDER in screen:
            key = "Enter"
        elif "pain" in screen.lower() and not TITLE.match(title):
            key = "Escape"
        # One key per screen, again only if the screen has not moved on after a while: a while that a
        # loaded machine needs to answer a key, or the second key would land on the next screen.
        if key is not None and time.monotonic() - answered.get(key, 0.0) > ANSWER_AGAIN_SECONDS:
            tm.send_keys(key)
            answered[key] = time.monotonic()
        # Each tmux call costs a process: read the screen ten times a second, check cheaply in between.
        for _tick in range(50 if cheap else 1):
            if cheap and done():
                return
            time.sleep(0.002 if cheap else 0.1)


# ------------------------------------------------------------------------------------------------ a run


@dataclass
class Outcome:
    index: int
    state: str  # what the kill hit: get_ready, segment or paused
    loss: float  # resumed time left minus time left at the kill, in seconds
    problem: str = ""
    lagging: bool = False  # the screen read just before the kill was a refresh behind
    closed: tuple[int, float] | None = None  # the resumed app's pid and when its terminal was closed
    stages: tuple[float, ...] = ()  # seconds: start to began, began to resume, resume to player


def first_line(path: Path) -> dict[str, object] | None:
    try:
        with path.open(encoding="utf-8") as file:
            line = file.readline()
    except FileNotFoundError:
        return None
    return json.loads(line) if line.endswith("\n") else None


def events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def saved_progress(db: Path) -> tuple[str, dict[str, object]]:
    """``PRAGMA integrity_check`` and the saved snapshot."""
    conn = sqlite3.connect(db)
    try:
        check = ",".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        row = conn.execute("SELECT snapshot FROM progress WHERE id = 1").fetchone()
    finally:
        conn.close()
    return check, (json.loads(row[0]) if row else {})


def one_run(index: int, base: Path, routines: Path, stretches: list[Stretch]) -> Outcome:
    rng = random.Random(SEED * 1000 + index)
    data = base / f"run{index:02d}"
    data.mkdir()
    env = {
        "UNKNOT_DATA_DIR": str(data),
        "UNKNOT_ROUTINES_DIR": str(routines),
        "UNKNOT_CONFIG_DIR": str(data / "config"),
    }
    log = data / "events.jsonl"
    kill_at = safe_moment(stretches, rng, 0.5, 4.0)
    pause_at = safe_moment(stretches, rng, 0.3, kill_at - 0.3) if rng.random() < 1 / 3 else None

    command = [_unknot(), "run", ROUTINE_ID, "--mute", "--events", str(log)]
    t_start = time.monotonic()
    with TmuxSession.start(command, size=(100, 30), env=env) as tm:
        pass_prompts(tm, lambda: log.exists() and log.stat().st_size > 0, cheap=True)
        began = time.monotonic()  # the events log's first line: the session's t = 0 (to a few ms)
        if pause_at is not None:
            time.sleep(max(0.0, began + pause_at - time.monotonic()))
            tm.send_keys("space")
        time.sleep(max(0.0, began + kill_at - time.monotonic()))
        shown = read_player(tm)
        pid = tm.pane_pid()
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic() - began
        tm.wait_for_exit(30)  # gone, so nothing more is written (a deadline: at once when idle)

    log_events = events(log)
    paused = [e for e in log_events if e["event"] == "paused"]
    if paused and pause_at is None and STRICT:
        # The runner pauses by itself after a gap in wake-ups (a stalled process): not expected on an idle
        # machine, and right on a machine so busy that the app did not run for seconds.
        return Outcome(index, "paused", 0.0, f"paused without a key at {paused[-1]['due']} s (a stall?)")
    if paused:
        stretch, left = where(stretches, float(str(paused[-1]["due"])))
        state = "paused"
    else:
        stretch, left = where(stretches, killed)
        state = stretch.phase
    if shown is None:
        return Outcome(index, state, 0.0, "could not read the player just before the kill")
    # The engine's state at the kill is the plan's; the screen may be a refresh behind it on a busy machine.
    lagging = (shown.title, shown.phase) != (stretch.title, stretch.phase)

    check, snapshot = saved_progress(data / "unknot.db")
    if check != "ok":
        return Outcome(index, state, 0.0, f"integrity_check: {check}")
    if not snapshot:
        return Outcome(index, state, 0.0, "no progress saved")
    saved_left = float(str(snapshot["length"])) - float(str(snapshot["done"]))

    t_resume = time.monotonic()
    with TmuxSession.start([_unknot(), "resume", "--mute"], size=(100, 30), env=env) as tm:
        resumed: list[Shown | None] = [None]

        def player_back() -> bool:
            resumed[0] = shown_now(tm)  # one look: pass_prompts answers the prompts in between
            return resumed[0] is not None and resumed[0].paused

        pass_prompts(tm, player_back)
        back = resumed[0]
        assert back is not None
        t_back = time.monotonic()
        pid = tm.pane_pid()
        tm.kill(grace=None)  # closing the terminal: unknot should save and leave (checked at the end)
    stages = (began - t_start, t_resume - began, t_back - t_resume)

    loss = saved_left - left
    problems = []
    saved_at = next(s for s in stretches if (s.step, s.phase) == (snapshot["step"], snapshot["phase"]))
    if (back.title, back.phase) != (saved_at.title, saved_at.phase):
        problems.append(
            f"resumed on {back.title} ({back.phase}), saved on {saved_at.title} ({saved_at.phase})"
        )
    if STRICT and (back.title, back.phase) != (stretch.title, stretch.phase):
        problems.append(
            f"resumed on {back.title} ({back.phase}), killed on {stretch.title} ({stretch.phase})"
        )
    if format_seconds(saved_left) != format_seconds(back.seconds) and abs(back.seconds - saved_left) > 1:
        problems.append(f"resumed countdown {back.seconds} s, saved {saved_left:.2f} s left")
    if STRICT and abs(loss) > MAX_LOSS:
        problems.append(f"{left:.2f} s left at the kill, {saved_left:.2f} s after resuming")
    return Outcome(index, state, loss, "; ".join(problems), lagging, (pid, time.monotonic()), stages)


def guarded_run(index: int, base: Path, routines: Path, stretches: list[Stretch]) -> Outcome:
    """One run; whatever goes wrong becomes that run's problem, so the other runs still finish."""
    try:
        return one_run(index, base, routines, stretches)
    except Exception as exc:
        return Outcome(index, "?", 0.0, f"{type(exc).__name__}: {exc}")


def hung_up(outcomes: list[Outcome]) -> int:
    """How many resumed apps still ran HANGUP_GRACE after their terminal closed; those are killed."""
    hung = 0
    for outcome in outcomes:
        if outcome.closed is None:
            continue
        pid, closed = outcome.closed
        while running(pid) and time.monotonic() < closed + HANGUP_GRACE:
            time.sleep(0.02)
        if running(pid):
            hung += 1
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return hung


def test_kill_9_and_resume(tmp_path: Path, figure: Figure) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / f"{ROUTINE_ID}.yaml").write_text(ROUTINE_YAML, encoding="utf-8")
    stretches = plan(load_routine(routines / f"{ROUTINE_ID}.yaml"))

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(lambda i: guarded_run(i, tmp_path, routines, stretches), range(RUNS)))
    took = time.monotonic() - start

    good = [o for o in outcomes if not o.problem]
    worst = max((abs(o.loss) for o in good), default=0.0)
    states = Counter(o.state for o in outcomes)
    figure(f"runs resumed {len(good)}/{RUNS}, worst loss {worst:.1f} s")
    spread = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    losses = sorted(round(o.loss, 2) for o in good)
    median = losses[len(losses) // 2] if losses else 0.0
    lagging = sum(o.lagging for o in outcomes)
    hung = hung_up(outcomes)
    figure(
        f"  (kills: {spread}; median loss {median:.2f} s; {lagging} screen reads a refresh behind; "
        f"{PARALLEL} at a time, {took:.1f} s)"
    )
    figure(
        f"  ({hung}/{RUNS} resumed apps still ran {HANGUP_GRACE:.0f} s after their terminal closed: killed)"
    )
    if os.environ.get("UNKNOT_KILL_VERBOSE"):
        print(losses)
        timed = [o.stages for o in outcomes if o.stages]
        print("mean stages", [round(sum(x) / len(timed), 2) for x in zip(*timed, strict=True)])
    bad = [f"run {o.index} ({o.state}): {o.problem}" for o in outcomes if o.problem]
    assert not bad, "\n".join(bad)
