"""Plain mode driven through pipes: the reminder first, events in order, pause, quit, resume, signals."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import plain_support
from unknot.plain import mode as plain
from unknot.routine_files.discovery import resolve
from unknot.session.engine import Session
from unknot.session.store import Store
from unknot.session.texts import reminder_text

DATA = Path(__file__).resolve().parent / "data"
LINE = re.compile(r"^(\d+):(\d\d) (.*)$")

# The whole of short.yaml, as plain mode prints it: each step's 2 s get-ready, then its 3 s of work.
FULL_RUN = [
    "Get ready: Lower back, Swedish, 3 seconds, hands, standing",
    "Begin",
    "2 seconds left",
    "Halfway",
    "1 second left",
    "Done",
    "Get ready: Left piriformis, Trigger point, 3 seconds, tennis ball, on your back."
    " Set up: tennis ball; lie on your back, knees bent, feet flat",
    "Begin",
    "Find the spot",  # a trigger point's phases, a second each in a 3 s step
    "2 seconds left",
    "Hold",
    "Halfway",
    "1 second left",
    "Release",
    "Done",
    "Switch sides",
    "Get ready: Right piriformis, Trigger point, 3 seconds, tennis ball, on your back",
    "Begin",
    "Find the spot",  # a trigger point's phases, a second each in a 3 s step
    "2 seconds left",
    "Hold",
    "Halfway",
    "1 second left",
    "Release",
    "Done",
    "Finished: Short test routine",
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    routines = tmp_path / "routines"
    routines.mkdir()
    shutil.copy(DATA / "short.yaml", routines / "short.yaml")  # so `resume` finds it by its id
    environ = dict(os.environ)
    environ.pop("NO_COLOR", None)
    environ.update(
        UNKNOT_DATA_DIR=str(tmp_path / "data"),
        UNKNOT_ROUTINES_DIR=str(routines),
        UNKNOT_CONFIG_DIR=str(tmp_path / "config"),
        PYTHONUNBUFFERED="1",
    )
    return environ


class Plain:
    """``unknot ... --plain`` in a subprocess, its stdout read line by line as it comes."""

    def __init__(self, env: dict[str, str], *args: str, keys: bool = True) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "unknot", *args, "--plain", "--mute"],
            stdin=subprocess.PIPE if keys else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self._queue.put(raw.decode("utf-8").rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 20.0) -> tuple[int, str]:
        """Read lines until an event line whose text starts with ``text``; its (seconds, text)."""
        event = parse(self.wait_for_line(lambda line: (parse(line) or (0, ""))[1].startswith(text), timeout))
        assert event is not None
        return event

    def wait_for_line(self, wanted: str | Callable[[str], bool], timeout: float = 20.0) -> str:
        """Read lines until one that starts with ``wanted`` (or that ``wanted`` accepts)."""
        accepts = wanted if callable(wanted) else (lambda line: line.startswith(wanted))
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no {wanted!r} in:\n" + "\n".join(self.lines))
            self.lines.append(line)
            if accepts(line):
                return line

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def arrived(self) -> list[str]:
        """The lines printed so far and not read yet, without waiting."""
        new = []
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return new
            if line is None:
                self._queue.put(None)
                return new
            self.lines.append(line)
            new.append(line)

    def close(self) -> None:
        """End stdin: no more keys."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def finish(self, timeout: float = 30.0) -> tuple[int, str, str]:
        """Wait for the exit; (status, all of stdout, stderr)."""
        status = self.proc.wait(timeout=timeout)
        while (line := self._queue.get(timeout=5)) is not None:
            self.lines.append(line)
        assert self.proc.stderr is not None
        return status, "\n".join(self.lines), self.proc.stderr.read().decode()


def parse(line: str) -> tuple[int, str] | None:
    match = LINE.match(line)
    return (int(match[1]) * 60 + int(match[2]), match[3]) if match else None


def events(output: str) -> list[tuple[int, str]]:
    return [e for e in map(parse, output.splitlines()) if e is not None]


@pytest.fixture
def here(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The same folders as ``env``, for plain mode run in this process."""
    for name in ("UNKNOT_DATA_DIR", "UNKNOT_ROUTINES_DIR", "UNKNOT_CONFIG_DIR"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("NO_COLOR", raising=False)
    return env


def test_a_whole_run_with_stdin_closed(here: dict[str, str]) -> None:
    status, out, keys = plain_support.run(["run", str(DATA / "short.yaml"), "--yes"])
    assert status == 0
    assert out.startswith(reminder_text())
    assert "\x1b" not in out
    timeline = events(out)
    assert [text for _, text in timeline] == FULL_RUN
    assert timeline[0] == (0, FULL_RUN[0])
    assert timeline[1] == (2, "Begin")
    assert timeline[-1] == (15, "Finished: Short test routine")
    assert [t for t, _ in timeline] == sorted(t for t, _ in timeline)
    # The summary, then the week's count (stdin is not a terminal: no ratings are asked).
    assert out.rstrip().endswith("Total time: 0:15\n1st session this week.")
    assert "Nothing skipped." in out
    # One wait per moment worth a line: it never polls (5 s of get-ready and 9 s of work, a wait each second).
    assert all(wait is not None and wait <= 1.0 for wait in keys.waits)
    with Store.open(Path(here["UNKNOT_DATA_DIR"]) / "unknot.db") as store:
        assert store.load_progress() is None
        (done,) = store.history()
        assert done.completed and done.routine_id == "short"


@pytest.mark.slow  # a real 15 s routine in real time: `make test` runs it, `make test-fast` does not
def test_the_real_process_runs_a_routine_to_its_end(env: dict[str, str]) -> None:
    """The same run through the real stdin, clock and process exit (short.yaml lasts 15 s)."""
    status, out, err = Plain(env, "run", str(DATA / "short.yaml"), "--yes", keys=False).finish()
    assert status == 0, err
    assert [text for _, text in events(out)] == FULL_RUN


def test_pause_quit_and_resume_at_the_same_segment(here: dict[str, str]) -> None:
    # Begin comes at 102; space at 103.5, 90 s paused, then "pause" resumes, and q a second later.
    status, out, _ = plain_support.run(
        ["run", "short", "--yes"], [(103.5, " "), (193.5, "pause"), (194.5, "q")]
    )
    assert status == 0
    timeline = events(out)
    paused_at = next(t for t, text in timeline if text == "Paused (Enter, or space then Enter, goes on)")
    assert (paused_at, "Resumed") in timeline  # the time stood still while paused
    texts = [text for _, text in timeline]
    assert texts[texts.index("Resumed") - 1].startswith("Paused (")  # and nothing happened meanwhile
    assert "Quit; progress is kept" in out and "Finished" not in out

    with Store.open(Path(here["UNKNOT_DATA_DIR"]) / "unknot.db") as store:
        progress = store.load_progress()
    assert progress is not None
    assert (progress.routine_id, progress.snapshot["step"], progress.snapshot["phase"]) == (
        "short",
        0,
        "segment",
    )
    assert progress.snapshot["done"] == 2.5  # 1.5 s before the pause and 1 s after it

    # Resumed an hour later: it comes back paused, and the clock stands still until a key.
    status, out, _ = plain_support.run(["resume"], [(5000.0, ""), (5600.0, "")], start=5000.0)
    assert status == 0
    assert out.startswith(reminder_text())
    timeline = events(out)
    at, text = timeline[0]
    assert at == 4  # 2 s of get-ready and 2.5 s of work, shown in whole seconds
    assert text.startswith("Paused where you left off: segment 1 of 3, Lower back, Swedish, 0:0")
    assert text.endswith("Enter (or space then Enter) goes on; q quits, keeping your progress.")
    assert timeline[1] == (4, "Resumed")  # ten minutes later, Enter alone goes on from where it was
    rest = [text for _, text in timeline[2:]]
    assert rest == FULL_RUN[FULL_RUN.index("Done") :]  # 0.5 s of the first step was left
    assert "Total time: 0:15" in out


def save_a_session(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Save short.yaml's session as the app leaves it: paused 8 s in, left piriformis with 2 s left."""
    for name in ("UNKNOT_DATA_DIR", "UNKNOT_ROUTINES_DIR"):
        monkeypatch.setenv(name, env[name])
    routine = resolve("short")
    now = [100.0]
    session = Session(routine, clock=lambda: now[0])
    session.begin()
    now[0] += 2 + 3 + 2 + 1  # into the second step's work: left piriformis, 2 s left
    session.poll()
    session.pause()
    with Store.open() as store:
        store.save_progress(
            routine_id=routine.id,
            routine_name=routine.name,
            routine_hash=routine.content_hash,
            snapshot=session.snapshot().to_dict(),
            started_at=datetime.now(UTC),
        )


def saved_step() -> int | None:
    with Store.open() as store:
        progress = store.load_progress()
    return None if progress is None else int(progress.snapshot["step"])


def test_a_session_the_app_saved_resumes_paused(
    env: dict[str, str], here: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_a_session(env, monkeypatch)
    where = "Paused where you left off: segment 2 of 3, Left piriformis, Trigger point, 0:02 left."

    # --yes with no keys at all: it stays paused where it was, and the progress is kept as it was.
    status, out, err = Plain(env, "resume", "--yes", keys=False).finish()
    assert status == 0, err
    assert "back to the session, paused" in out
    timeline = events(out)
    assert timeline[0][0] == 8 and timeline[0][1].startswith(where)
    assert len(timeline) == 1 and "No more keys on stdin while paused" in out
    with Store.open() as store:
        progress = store.load_progress()
    assert progress is not None
    assert (progress.snapshot["step"], progress.snapshot["done"]) == (1, 1.0)

    # A key goes on from the pause, and the routine runs to its end.
    status, out, _ = plain_support.run(["resume", "--yes"], [(100.0, " ")])
    assert status == 0
    timeline = events(out)
    assert timeline[0][1].startswith(where) and timeline[1] == (8, "Resumed")
    assert [text for _, text in timeline[2:]] == FULL_RUN[FULL_RUN.index("Halfway", 8) :]
    with Store.open() as store:
        assert store.load_progress() is None and len(store.history()) == 1


QUESTION = (
    "A session of 'Short test routine' is in progress at segment 2 of 3, 0:02 left: r resume it (or just "
    "Enter), s start it over, d discard it and start '{asked}', q leave it for later."
)


@pytest.mark.parametrize("answer", ["", "r", "resume"])
def test_run_asks_about_the_session_in_progress_and_resumes_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    save_a_session(env, monkeypatch)
    run = Plain(env, "run", "quick-relief-5")
    run.send(f"{answer}\n\nq\n")  # the answer, the reminder's Enter, then q
    status, out, err = run.finish()
    assert status == 0, err
    assert out.splitlines()[0] == QUESTION.format(asked="Quick relief, 5 min")
    assert "Press Enter to go back to the session (it comes back paused)" in out
    assert "Paused where you left off: segment 2 of 3, Left piriformis" in out
    assert "replaces the saved progress" not in err
    assert saved_step() == 1


@pytest.mark.parametrize(
    ("answer", "first"),
    [
        ("s", "Get ready: Lower back, Swedish, 3 seconds, hands, standing"),  # short.yaml from its beginning
        ("d", "Get ready: Lower back, Swedish, 30 seconds, hands, standing"),  # the routine asked for
    ],
)
def test_run_starts_over_or_discards_the_session_in_progress(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, answer: str, first: str
) -> None:
    save_a_session(env, monkeypatch)
    run = Plain(env, "run", "quick-relief-5")
    run.send(f"{answer}\n\n")
    assert run.wait_for("Get ready") == (0, first)
    run.send("q\n")
    status, out, err = run.finish()
    assert status == 0, err
    assert "Paused where you left off" not in out
    with Store.open() as store:
        progress = store.load_progress()
    assert progress is not None and progress.snapshot["step"] == 0
    assert progress.routine_id == ("short" if answer == "s" else "quick-relief-5")


def test_q_at_the_question_keeps_the_session_and_a_wrong_answer_asks_again(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_a_session(env, monkeypatch)
    run = Plain(env, "run", "short")
    run.send("x\nq\n")
    status, out, err = run.finish()
    assert status == 0, err
    assert "Please type r, s, d, q then Enter" in out
    assert "Nothing changed: the session in progress is kept." in out
    assert reminder_text() not in out and saved_step() == 1


def test_the_question_without_an_answer_exits_2_and_yes_skips_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_a_session(env, monkeypatch)
    status, out, err = Plain(env, "run", "short", keys=False).finish()
    assert status == 2 and "add --yes" in err
    assert out.startswith("A session of 'Short test routine' is in progress")
    assert saved_step() == 1

    run = Plain(env, "run", "short", "--yes")  # scripts: the asked routine replaces it, with a note
    run.wait_for("Get ready: Lower back")
    run.send("q\n")
    status, out, err = run.finish()
    assert status == 0 and "A session of" not in out
    assert "replaces the saved progress of 'Short test routine'" in err
    assert saved_step() == 0


def test_a_session_that_cannot_go_on_is_not_offered_to_resume(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_a_session(env, monkeypatch)
    path = Path(env["UNKNOT_ROUTINES_DIR"]) / "short.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Short test routine", "Changed"))
    run = Plain(env, "run", "quick-relief-5")
    run.send("\n\n")  # Enter: the routine asked for, as nothing can go on
    assert run.wait_for("Get ready") == (0, "Get ready: Lower back, Swedish, 30 seconds, hands, standing")
    run.send("q\n")
    status, out, _ = run.finish()
    assert status == 0
    first = out.splitlines()[0]
    assert "cannot go on where it stopped (the routine's file has changed" in first
    assert " r resume" not in first and "s start it over" in first
    assert "d discard it and start 'Quick relief, 5 min' (or just Enter)" in first


def test_sigterm_saves_and_exits_and_enter_acknowledges_the_reminder(env: dict[str, str]) -> None:
    run = Plain(env, "run", "short")
    run.wait_for_line("Press Enter to begin")
    assert run.proc.poll() is None  # waiting at the reminder, nothing timed yet
    assert "Begin" not in run.lines
    run.send("\n")
    run.wait_for("Begin")
    run.send("+\n")
    run.wait_for("+15 seconds: 0:1", timeout=5)
    run.send("-\n")
    run.wait_for("-15 seconds: 0:0", timeout=5)
    run.proc.send_signal(signal.SIGTERM)
    status, out, _ = run.finish()
    assert status == 128 + signal.SIGTERM
    assert "Stopped (SIGTERM); progress is kept" in out
    with Store.open(Path(env["UNKNOT_DATA_DIR"]) / "unknot.db") as store:
        progress = store.load_progress()
    assert progress is not None and progress.snapshot["phase"] == "segment"


def test_keys_typed_with_the_enter_of_the_reminder_are_kept(env: dict[str, str]) -> None:
    run = Plain(env, "run", "short")
    run.send("\n \n")  # one write: the Enter and the pause key (space) arrive in the same read
    run.wait_for("Get ready")
    paused_at, _ = run.wait_for("Paused", timeout=5)
    assert paused_at == 0
    run.send("q\n")
    status, out, _ = run.finish()
    assert status == 0
    assert "Begin" not in out  # it stayed paused in the first get-ready until q
    assert "Quit; progress is kept" in out


def test_stdin_ending_at_the_reminder_without_yes_exits_2(env: dict[str, str]) -> None:
    status, out, err = Plain(env, "run", "short", keys=False).finish()
    assert status == 2
    assert "use --yes" in err and reminder_text() in out


def test_q_at_the_reminder_goes_back_and_resume_without_progress_fails(env: dict[str, str]) -> None:
    run = Plain(env, "run", "short")
    run.send("q\n")
    status, out, _ = run.finish()
    assert status == 0 and "Begin" not in out
    status, _, err = Plain(env, "resume", "--yes", keys=False).finish()
    assert status == 2 and "no session in progress" in err


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        ("p", ["previous"]),  # as in the app: p goes back a step, space pauses
        (" ", ["toggle_pause"]),
        ("pause", ["toggle_pause"]),
        ("back", ["previous"]),
        ("?", ["help"]),
        ("t", ["time"]),
        ("", []),
        ("  N ", ["next"]),
        ("nn", ["next", "next"]),
        ("+", ["plus"]),
        ("-", ["minus"]),
        ("h", ["hurts"]),
        ("q", ["quit"]),
        ("quit", ["quit"]),
        ("what", ["unknown"]),
    ],
)
def test_parse_command(line: str, commands: list[str]) -> None:
    assert plain.parse_command(line) == commands


def test_enter_alone_goes_on_from_a_pause_only() -> None:
    assert plain.parse_command("", paused=True) == ["resume"]
    assert plain.parse_command("", paused=False) == []
    assert plain.parse_command(" ", paused=True) == ["toggle_pause"]
    assert plain.parse_command("n", paused=True) == ["next"]


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert plain.use_colour(Tty())  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not plain.use_colour(Tty())  # type: ignore[arg-type]
    assert not plain.use_colour(sys.stdout) or sys.stdout.isatty()


@pytest.mark.slow
def test_setup_wait_holds_at_a_change_until_enter(env: dict[str, str]) -> None:
    config = Path(env["UNKNOT_CONFIG_DIR"])
    config.mkdir()
    (config / "config.toml").write_text('setup = "wait"\n')
    run = Plain(env, "run", "short", "--yes")
    # The lower back needs no change (standing, hands); the piriformis does: a tennis ball, on your back.
    assert run.wait_for("Get ready: Left piriformis")[1].endswith(
        "Set up: tennis ball; lie on your back, knees bent, feet flat"
    )
    held_at, _ = run.wait_for("Ready? space to start")
    assert held_at == 7  # 2 s + 3 s + 2 s of get-ready
    time.sleep(2.5)
    assert [e for e in map(parse, run.arrived()) if e is not None] == []  # still holding
    run.send("\n")
    begun_at, _ = run.wait_for("Begin")
    assert begun_at == held_at  # the hold is no one's time: the clock counts running time
    assert run.wait_for("Find the spot")[0] == begun_at
    run.wait_for("Switch sides")
    run.wait_for("Finished")
    status, _, err = run.finish()
    assert status == 0, err
