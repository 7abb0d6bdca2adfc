"""Trust under faults and attack (issue 17), at unit level: owners, busy and read-only stores, safe text,
the pause that says why, the events file that never blocks."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fakes import RecordingCues
from unknot.keymap import bound_key, key_problem, keymap_problems
from unknot.model.routine import Routine, Segment
from unknot.routine_files.loader import check_paths
from unknot.safetext import csv_cell, line_flaw, safe
from unknot.session import store_file
from unknot.session.engine import Session
from unknot.session.gaps import gap_reason
from unknot.session.ownership import SessionLock
from unknot.session.progress import StoreCheckpoints
from unknot.session.runner import SessionRunner
from unknot.session.store import Store
from unknot.session.store_records import NotOwner, SessionRecord, StoreBusy, StoreError

from .test_runner import FakeClock

HOSTILE = "c\x1b]52;c;aGk=\x07-\x1b]0;pwned\x07-\x1b[2J-\x9b31m-\u202eevil"


def routine(name: str = "R") -> Routine:
    return Routine(
        id="r", name=name, transition=2, content_hash="h", segments=(Segment("lumbar", "swedish", 20),)
    )


def save(store: Store, owner: str | None, *, claim: bool = True, step: int = 0) -> None:
    store.save_progress(
        routine_id="r",
        routine_name="R",
        routine_hash="h",
        snapshot={"step": step},
        started_at=datetime.now(UTC),
        owner=owner,
        claim=claim,
    )


def saved(runner: SessionRunner) -> bool:
    return runner.saved


# --- safe text ---------------------------------------------------------------------------------------------


def test_safe_escapes_every_kind_of_terminal_control() -> None:
    shown = safe(HOSTILE + "\u200b\u2028\u2066\n\t\x7f")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert all(c not in shown for c in "\u202e\u200b\u2028\u2066\n\t\x7f")
    assert shown.startswith("c\\x1b]52;c;aGk=\\x07-") and "\\u202eevil" in shown
    assert safe("Rücken – 背中") == "Rücken – 背中"  # letters of any script stay as they are


def test_line_flaw_names_each_kind() -> None:
    assert line_flaw("a\nb") == "contains a line break (U+000A)"
    assert line_flaw("a\u202eb") == "contains a bidirectional control (U+202E)"
    assert line_flaw("a\u200bb") == "contains an invisible (zero-width) character (U+200B)"
    assert line_flaw("Evening hips") is None


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('name: "Evil\\u202Egnp.exe"', "name contains a bidirectional control (U+202E)"),
        ('name: "Two\\nlines"', "name contains a line break (U+000A)"),
        ('name: Ok\ndescription: "hidden\\u200Bspace"', "description contains an invisible"),
    ],
)
def test_names_and_descriptions_refuse_forging_characters(tmp_path: Path, text: str, what: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text + "\nsegments:\n  - {region: lumbar, technique: swedish, duration: 30s}\n")
    [(_, loaded, errors)] = check_paths([path])
    assert loaded is None
    assert len(errors) == 1 and what in errors[0].message
    assert str(errors[0]).startswith(f"{path}:{errors[0].line}:{errors[0].column}: ")


def test_csv_cells_that_start_a_formula_are_written_as_text(tmp_path: Path) -> None:
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell("-1") == "'-1"
    assert csv_cell(12.5) == 12.5 and csv_cell("Evening") == "Evening" and csv_cell("\rx") == "'\rx"
    with Store.open(tmp_path / "unknot.db") as opened:
        for name in ('=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "\tx", "plain"):
            now = datetime.now(UTC)
            opened.finish(SessionRecord("r", name, now, now, 90, {}, [], [], True))
        out = io.StringIO()
        opened.export_csv(out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    names = [row[1] for row in rows[1:]]
    assert all(n.startswith("'") for n in names if n != "plain") and "plain" in names
    assert all(row[2] == "1.5" for row in rows[1:])  # numbers stay numbers


# --- one owner per session ---------------------------------------------------------------------------------


def test_a_second_lock_is_refused_and_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    first, second = SessionLock(db), SessionLock(db)
    assert first.acquire() and first.acquire()  # taking it again is a no-op
    assert not second.acquire()
    assert second.busy_message().startswith(
        f"This session is open in another unknot window (pid {os.getpid()})"
    )
    first.release()
    assert second.acquire()
    second.release()


def test_a_killed_owner_frees_the_lock_at_once(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys, time
                from pathlib import Path
                from unknot.session.ownership import SessionLock
                assert SessionLock(Path({str(db)!r})).acquire()
                print("held", flush=True)
                time.sleep(60)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = SessionLock(db)
        assert not lock.acquire()
        assert lock.holder() == holder.pid
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        assert lock.acquire()  # no stale lock to clear by hand
        lock.release()
    finally:
        holder.kill()
        holder.wait()


def test_a_checkpoint_never_overwrites_another_owners_row(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    with Store.open(db) as mine, Store.open(db) as theirs:
        save(mine, "mine", step=1)
        save(mine, "mine", claim=False, step=2)
        save(theirs, "theirs", step=5)  # took the session over (under the lock, in real use)
        with pytest.raises(NotOwner):
            save(mine, "mine", claim=False, step=3)
        progress = theirs.load_progress()
        assert progress is not None and progress.snapshot == {"step": 5}
        # Finishing my session records it once and leaves their row alone.
        now = datetime.now(UTC)
        mine.finish(SessionRecord("r", "R", now, now, 60, {}, [], [], True), owner="mine")
        assert len(mine.history()) == 1 and theirs.load_progress() is not None


def test_checkpoints_claim_once_then_keep_to_their_row(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    with Store.open(db) as opened:
        save(opened, "dead-owner")  # a session whose process was killed
        checkpoints = StoreCheckpoints(opened, owner="new")
        session = Session(routine(), FakeClock())
        checkpoints.save(session)  # resumed under the lock: the first save takes the row over
        assert checkpoints.claimed
        row = opened._conn.execute("SELECT owner FROM progress").fetchone()
        assert row == ("new",)


# --- saves never stall -------------------------------------------------------------------------------------


def test_a_busy_database_fails_fast_and_is_saved_at_the_next_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    with Store.open(db) as opened:
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        clock = FakeClock()
        checkpoints = StoreCheckpoints(opened, owner="me")
        warnings: list[str] = []
        runner = SessionRunner(
            Session(routine(), clock), RecordingCues(), checkpoints=checkpoints, on_warning=warnings.append
        )
        busy = 0
        real = opened._conn

        class Counting:
            """Counts the statements that found the database locked (each one blocked the loop)."""

            def __getattr__(self, name: str) -> object:
                return getattr(real, name)

            def execute(self, *args: object) -> object:
                nonlocal busy
                try:
                    return real.execute(*args)  # type: ignore[arg-type]
                except sqlite3.OperationalError:
                    busy += 1
                    raise

        opened._conn = Counting()  # type: ignore[assignment]
        events = []
        runner.begin()
        for _ in range(15):  # 15 s of session while the lock is held
            wake = runner.next_wakeup()
            assert wake is not None
            clock.now = wake + 0.002
            events += runner.wake()
        assert not saved(runner) and any("saved as soon as" in w for w in warnings)
        assert "paused" not in {e.name for e in events} and runner.session.running
        # Each checkpoint tried once (one BEGIN that gave up), never a wait-and-retry loop on the event
        # loop; how long one such try takes is SQLite's busy timeout, 50 ms (scripts/measure_busy_save.py).
        assert busy == 16  # the save at the start and one a second: each a single try
        assert real.execute("PRAGMA busy_timeout").fetchone()[0] == store_file.BUSY_TIMEOUT_MS == 50
        blocker.execute("ROLLBACK")
        blocker.close()
        wake = runner.next_wakeup()
        assert wake is not None
        clock.now = wake + 0.002
        runner.wake()
        assert saved(runner)  # the first checkpoint after the lock goes
        opened._conn = real
        progress = opened.load_progress()
        assert progress is not None and progress.snapshot == runner.session.snapshot().to_dict()
        assert runner.session.active + runner.session.elapsed() - runner.session.done >= 15


def test_time_inside_our_own_save_is_never_a_gap() -> None:
    clock = FakeClock()

    class SlowSaves:
        def save(self, session: Session) -> None:
            clock.now += 3.0  # a save that took 3 s (a slow disk)

        def finish(self, session: Session) -> None:
            pass

    runner = SessionRunner(Session(routine(), clock), RecordingCues(), checkpoints=SlowSaves())
    runner.begin()
    names: list[str] = []
    for _ in range(5):
        wake = runner.next_wakeup()
        assert wake is not None
        clock.now = max(clock.now, wake) + 0.002
        names += [e.name for e in runner.wake()]
    assert "paused" not in names


def test_a_read_only_data_folder_shows_the_session_and_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "unknot.db"
    with Store.open(db) as opened:
        save(opened, "x")
        now = datetime.now(UTC)
        opened.finish(SessionRecord("r", "R", now, now, 60, {}, [], [], True), owner="other")
    real_connect = store_file.connect

    def unwritable(target: Path | str) -> sqlite3.Connection:
        if str(target) == str(db):  # as a read-only folder makes it: the -shm cannot be made
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target)

    monkeypatch.setattr(store_file, "connect", unwritable)
    with Store.open(db) as ro:
        assert ro.read_only and ro.notice is not None and "nothing will be saved" in ro.notice
        assert ro.load_progress() is not None and len(ro.history()) == 1
        with pytest.raises(StoreError, match="cannot be written"):
            save(ro, "x")


def test_a_replaced_database_is_noticed_at_the_next_save(tmp_path: Path) -> None:
    db = tmp_path / "unknot.db"
    with Store.open(db) as opened:
        save(opened, "me")
        other = tmp_path / "other.db"
        Store.open(other).close()
        other.replace(db)
        with pytest.raises(StoreError, match="was replaced or removed"):
            save(opened, "me", claim=False)


def test_busy_is_its_own_error() -> None:
    assert issubclass(StoreBusy, StoreError) and issubclass(NotOwner, StoreError)


# --- the pause that says why -------------------------------------------------------------------------------


def test_gap_reasons() -> None:
    assert gap_reason(180, 179) == "this computer was asleep for 3 minutes"
    assert gap_reason(3.2, 0.0) == "the app was stopped for 3 seconds"
    assert gap_reason(3.2, None) == "the app was stopped for 3 seconds"


def test_a_sleep_pauses_with_its_reason_and_no_burst_of_cues() -> None:
    clock, awake = FakeClock(), FakeClock()
    cues = RecordingCues()
    runner = SessionRunner(Session(routine(), clock), cues, awake_clock=awake)
    runner.begin()
    wake = runner.next_wakeup()
    assert wake is not None
    clock.now = wake + 0.002
    awake.now = clock.now
    runner.wake()
    runner.next_wakeup()
    played = len(cues.calls)
    clock.now += 180  # the lid closed for three minutes: the awake clock stood still
    events = runner.wake()
    paused = [e for e in events if e.name == "paused"]
    assert paused and paused[0].detail == "this computer was asleep for 3 minutes"
    assert runner.pause_reason == paused[0].detail
    assert len(cues.calls) == played  # nothing that fell due in the gap was played afterwards
    runner.control("resume")
    assert runner.pause_reason is None


# --- key bindings ------------------------------------------------------------------------------------------


def test_key_names() -> None:
    assert key_problem("notakey") is not None and "not a key name" in str(key_problem("notakey"))
    assert "did you mean 'ctrl+p'" in str(key_problem("ctrl-p"))
    assert "did you mean 'escape'" in str(key_problem("esc"))
    assert "'question_mark'" in str(key_problem("?"))
    assert key_problem("k") is None and key_problem("ctrl+shift+f5") is None


def test_the_key_list_agrees_with_textual() -> None:
    import string

    from textual.keys import Keys, _character_to_key

    from unknot.keymap import KEY_NAMES, PUNCTUATION

    assert {c: _character_to_key(c) for c in string.punctuation} == PUNCTUATION
    named = {k.value.split("+")[-1] for k in Keys if not k.value.startswith("<")}
    assert named - {"@", "ctrl-at", "at"} <= KEY_NAMES | set(string.ascii_lowercase + string.digits)


def test_clashes_and_unreachable_actions() -> None:
    assert keymap_problems({}) == []
    assert keymap_problems({"player.pause": "p"})[0][1] == (
        "'p' is bound to both 'player.pause' and 'player.previous'; give one of them another key"
    )
    assert "could never be pressed" in keymap_problems({"player.quit": "ctrl+c"})[0][1]
    assert keymap_problems({"player.quit": "x", "picker.quit": "x"}) == []  # different screens
    assert bound_key({"player.pause": "k"}, "player.pause") == "k"
    assert bound_key({}, "player.pause") == "space" and bound_key({}, "reminder.back") == "Esc"


def test_the_default_keys_are_the_ones_the_app_declares() -> None:
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import unknot.ui
    from unknot.keymap import DEFAULT_KEYS

    declared: dict[str, str] = {}
    for info in pkgutil.walk_packages(unknot.ui.__path__, "unknot.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                for b in cls.__dict__.get("BINDINGS", []):
                    if isinstance(b, Binding) and b.id:
                        declared[b.id] = b.key
    assert declared == dict(DEFAULT_KEYS)


# --- the events file ---------------------------------------------------------------------------------------


TINY = (sys.executable, "-m", "unknot", "run", "tiny", "--plain", "--yes", "--mute")


def plain_env(tmp_path: Path) -> dict[str, str]:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny.yaml").write_text(
        "name: Tiny\ntransition: 0s\nsegments:\n  - {region: lumbar, technique: swedish, duration: 1s}\n"
    )
    return {
        **os.environ,
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_ROUTINES_DIR": str(routines),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
    }


def test_events_to_a_full_disk_finish_the_session_with_one_warning(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "unknot",
            "run",
            "tiny",
            "--plain",
            "--yes",
            "--mute",
            "--events",
            "/dev/full",
        ],
        env=plain_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Session complete" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "events file" in line]
    assert warnings == [
        "unknot: The events file cannot be written (No space left on device); no more events go to it."
    ]
    assert "Traceback" not in done.stderr


def test_events_to_a_fifo_with_no_reader_says_so_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    done = subprocess.run(
        [*TINY, "--events", str(fifo)],
        env=plain_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,  # it used to block in open() for ever
    )
    assert done.returncode == 2
    assert "is a named pipe (FIFO) that no program is reading" in done.stderr
    assert "Session complete" not in done.stdout


def test_events_to_a_fifo_with_a_reader_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.2)  # cat opens the pipe first, as a user's reader would
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "unknot",
                "run",
                "tiny",
                "--plain",
                "--yes",
                "--mute",
                "--events",
                str(fifo),
            ],
            env=plain_env(tmp_path),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        out, _ = reader.communicate(timeout=10)
    finally:
        reader.kill()
    assert done.returncode == 0, done.stderr
    assert '"event": "finished"' in out


def test_plain_mode_says_why_it_paused_after_the_process_was_stopped(tmp_path: Path) -> None:
    env = plain_env(tmp_path)
    (Path(env["UNKNOT_ROUTINES_DIR"]) / "long.yaml").write_text(
        "name: Long\ntransition: 0s\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s}\n"
    )
    args = [sys.executable, "-m", "unknot", "run", "long", "--plain", "--yes", "--mute"]
    app = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert app.stdin is not None and app.stdout is not None
    try:
        while "Begin" not in app.stdout.readline():
            pass
        app.send_signal(signal.SIGSTOP)  # as ctrl+z in a shell, or a stalled machine
        time.sleep(3.5)
        app.send_signal(signal.SIGCONT)
        line = app.stdout.readline()
        assert "Paused: the app was stopped for " in line
        assert line.rstrip().endswith("seconds (Enter, or space then Enter, goes on)")
        app.stdin.write("q\n")
        app.stdin.flush()
        assert "progress is kept" in app.stdout.read()
        assert app.wait(timeout=10) == 0
    finally:
        app.kill()
        app.wait()
