"""The session flow both front ends share (unknot.session.flow, opening, place), on a fake clock.

A session is run by the runner the flow builds, saved through its checkpoints into a real store, found
again, offered, and settled; what the app's prompt and plain mode's question show comes from here.
"""

from __future__ import annotations

import argparse
import shutil
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.ui_support import DATA, FakeClock, RecordingPlayer
from unknot.errors import UsageError
from unknot.model.routine import Routine
from unknot.routine_files.discovery import UnknownRoutine, resolve_saved
from unknot.routine_files.loader import load_routine
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.events import Phase
from unknot.session.flow import (
    Begin,
    FindSaved,
    Offer,
    Saved,
    build_runner,
    clear_saved,
    default_choice,
    find_saved,
    on_start,
    resume_offers,
    settle,
)
from unknot.session.opening import NOTHING_TO_RESUME, open_session, routine_from_args
from unknot.session.ownership import SessionLock
from unknot.session.place import SavedPlace
from unknot.session.snapshot import Snapshot
from unknot.session.store import Store
from unknot.session.store_records import Progress, StoreError
from unknot.settings import Settings


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(DATA / "short.yaml", folder / "short.yaml")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "unknot.db")


def find_in(folder: Path) -> FindSaved:
    """Finds a saved routine in ``folder`` (the user's routines) instead of the real user folder."""
    return lambda routine_id, source: resolve_saved(routine_id, source, user_dir=folder)


def run_and_save(store: Store, routine: Routine, seconds: float, *, pain: int | None = 3) -> Progress:
    """Run ``routine`` for ``seconds`` on a fake clock with the runner the flow builds, then quit (save)."""
    clock = FakeClock(0)
    checkpoints = Begin(routine).checkpoints(store, owner=None, pain_before=pain, pain_where="left")
    runner = build_runner(
        Session(routine, clock),
        cues=SoundCues(RecordingPlayer()),
        checkpoints=checkpoints,
        settings=Settings(),
        events_out=None,
        on_warning=lambda message: pytest.fail(message),
        awake_clock=None,
    )
    runner.begin()
    while (wake := runner.next_wakeup()) is not None and wake <= seconds:
        clock.now = wake
        runner.wake()
    clock.now = seconds
    assert runner.save()
    progress = store.load_progress()
    assert progress is not None
    return progress


def test_the_place_of_a_saved_session_is_read_from_its_typed_snapshot() -> None:
    stored = {"step": 3, "length": 90.0, "done": 48.0, "phase": "segment", "records": [["done", 1.0]] * 9}
    place = SavedPlace.of(stored)
    assert place == SavedPlace(step=3, steps=9, left=42.0, getting_ready=False)
    assert place.where == "at segment 4 of 9, 0:42 left"
    typed = Snapshot.from_dict({**stored, "phase": "get_ready", "length": 10.0, "done": 7.0})
    ready = SavedPlace.of(typed, steps=9)
    assert ready is not None and ready.where == "before segment 4 of 9, 0:03 of get-ready left"
    assert SavedPlace.of({**stored, "step": "two"}) is None  # damaged: no place, rather than a guess
    assert SavedPlace.of({key: value for key, value in stored.items() if key != "done"}) is None


def test_a_session_saved_by_the_flow_is_found_restored_and_placed(store: Store, routines: Path) -> None:
    routine = load_routine(routines / "short.yaml")
    progress = run_and_save(store, routine, 8.5)  # 2 s ready, 3 s work, 2 s ready, 1.5 s into step 2
    saved = find_saved(progress, Settings(), FakeClock(500), find=find_in(routines))
    assert saved.routine is not None and saved.session is not None and not saved.problem
    assert saved.place is not None and saved.place.where == "at segment 2 of 3, 0:02 left"
    session = saved.session
    assert session.index == 1 and session.clock() == 500  # on the clock it was given
    session.begin()
    assert session.paused and session.phase is Phase.SEGMENT and session.remaining() == pytest.approx(1.5)
    assert [offer.choice for offer in resume_offers(saved)] == ["resume", "restart", "discard"]
    assert default_choice(saved) == "resume"


def test_a_changed_routine_is_offered_only_start_over_and_discard(store: Store, routines: Path) -> None:
    progress = run_and_save(store, load_routine(routines / "short.yaml"), 8.5)
    path = routines / "short.yaml"
    path.write_text(path.read_text().replace("description: Three quick steps", "description: Changed"))
    saved = find_saved(progress, Settings(), FakeClock(), find=find_in(routines))
    assert saved.session is None and saved.routine is not None and not saved.gone
    assert "changed" in saved.problem and saved.place is None  # no place in a routine that changed
    assert resume_offers(saved) == [Offer("restart"), Offer("discard")]
    assert default_choice(saved) == "discard"


def test_a_routine_gone_cannot_even_be_started_over(store: Store, routines: Path, tmp_path: Path) -> None:
    progress = run_and_save(store, load_routine(routines / "short.yaml"), 3.0)
    (routines / "short.yaml").unlink()
    saved = find_saved(progress, Settings(), FakeClock(), find=find_in(tmp_path / "empty"))
    assert saved.gone and saved.session is None
    assert saved.problem.startswith("the routine 'short' cannot be loaded (unknown routine 'short'")
    assert resume_offers(saved) == [Offer("restart", enabled=False), Offer("discard")]


def test_the_finder_is_given_the_id_and_the_file_the_session_came_from(store: Store, routines: Path) -> None:
    progress = run_and_save(store, load_routine(routines / "short.yaml"), 3.0)
    asked: list[tuple[str, str | None]] = []

    def find(routine_id: str, source: str | None) -> Routine:
        asked.append((routine_id, source))
        raise UnknownRoutine(routine_id, [])

    assert find_saved(progress, Settings(), FakeClock(), find=find).gone
    assert asked == [("short", str(routines / "short.yaml"))]


def saved_of(store: Store, routines: Path) -> Saved:
    progress = run_and_save(store, load_routine(routines / "short.yaml"), 8.5)
    return find_saved(progress, Settings(), FakeClock(), find=find_in(routines))


def test_each_answer_starts_what_it_says(store: Store, routines: Path) -> None:
    saved = saved_of(store, routines)
    other = load_routine(DATA / "short.yaml")
    cleared: list[str] = []

    def clear() -> None:
        cleared.append("cleared")

    begin = settle("resume", saved, other, clear)
    assert begin is not None and begin.resuming and begin.saved is saved and not cleared
    assert begin.session(Settings(), FakeClock()) is saved.session  # the restored one, not a new one
    restart = settle("restart", saved, other, clear)
    assert restart == Begin(saved.routine) and cleared == ["cleared"]  # type: ignore[arg-type]
    discard = settle("discard", saved, other, clear)
    assert discard == Begin(other) and len(cleared) == 2
    assert settle("discard", saved, None, clear) is None and len(cleared) == 3  # back to the list
    assert settle("later", saved, other, clear) is None and len(cleared) == 3  # nothing is lost
    assert settle(None, saved, other, clear) is None and len(cleared) == 3  # Esc, in the app


def test_a_fresh_session_gets_the_settings_get_ready_on_the_clock_given(routines: Path) -> None:
    routine = load_routine(routines / "short.yaml")
    clock = FakeClock(42)
    session = Begin(routine).session(Settings(get_ready=7), clock)
    assert session.routine.transition == 7 and session.clock() == 42 and session.index == 0


def test_starting_a_routine_while_one_is_saved_always_asks(store: Store, routines: Path) -> None:
    routine = load_routine(routines / "short.yaml")
    assert on_start(None, routine) == "start"
    progress = run_and_save(store, routine, 3.0)
    other = load_routine(DATA / "short.yaml")
    assert on_start(progress, routine) == "offer_resume"  # the same routine: go on with it?
    assert on_start(progress, routine, running=True) == "ask_switch"  # it is the one on screen
    renamed = replace(other, id="another")
    assert on_start(progress, renamed) == "ask_switch"  # another: asked, naming both


def test_a_resumed_session_keeps_its_start_time_ratings_and_the_owner(store: Store, routines: Path) -> None:
    saved = saved_of(store, routines)
    assert saved.routine is not None
    resumed = Begin(saved.routine, saved)
    checkpoints = resumed.checkpoints(store, owner="me", pain_before=9)  # asked before: not asked again
    assert checkpoints.started_at == saved.progress.started_at
    assert (checkpoints.pain_before, checkpoints.pain_where, checkpoints.owner) == (3, "left", "me")
    fresh = Begin(saved.routine).checkpoints(store, owner="me", pain_before=5, pain_where="both")
    assert (fresh.pain_before, fresh.pain_where, fresh.owner) == (5, "both", "me")


def test_the_runner_built_waits_for_set_up_when_the_settings_say_so(routines: Path) -> None:
    session = Session(load_routine(routines / "short.yaml"), FakeClock())
    runner = build_runner(
        session,
        cues=SoundCues(RecordingPlayer()),
        checkpoints=None,
        settings=Settings(setup="wait"),
        events_out=None,
        on_warning=print,
        awake_clock=None,
    )
    assert runner.session is session and session.setup_wait


def test_a_store_that_refuses_to_forget_says_so_instead_of_raising() -> None:
    class Refusing:
        def clear_progress(self) -> None:
            raise StoreError("the database is read-only")

    said: list[str] = []
    clear_saved(Refusing(), said.append)  # type: ignore[arg-type]
    clear_saved(None, said.append)
    assert said == ["the database is read-only"]


# ---------------------------------------------------------------------- from the command line


@pytest.fixture
def folders(tmp_path: Path, routines: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(routines))
    return tmp_path


def args(command: str, routine: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(command=command, routine=routine)


def test_run_opens_the_store_takes_the_lock_and_loads_the_routine(folders: Path) -> None:
    with ExitStack() as stack:
        opened = open_session(args("run", "short"), stack)
        assert opened.asked is not None and opened.asked.id == "short"
        assert opened.pending is None and opened.settings == Settings()
        assert not SessionLock(opened.store.path).acquire()  # held for this session
    with ExitStack() as stack:  # let go when the stack closes
        assert open_session(args("run", "short"), stack).asked is not None


def test_resume_with_nothing_saved_and_an_unknown_id_are_usage_errors(folders: Path) -> None:
    with ExitStack() as stack, pytest.raises(UsageError, match="no session in progress") as info:
        open_session(args("resume"), stack)
    assert str(info.value) == NOTHING_TO_RESUME
    with pytest.raises(UsageError, match="did you mean 'short'"):
        routine_from_args(args("run", "shrot"), Settings())
    assert routine_from_args(args("resume"), Settings()) is None


def test_another_window_owning_the_session_stops_run_and_resume(folders: Path, routines: Path) -> None:
    with Store.open() as store:
        routine = load_routine(routines / "short.yaml")
        store.save_progress(
            routine_id=routine.id,
            routine_name=routine.name,
            routine_hash=routine.content_hash,
            snapshot=Session(routine).snapshot().to_dict(),
            started_at=datetime.now(UTC),
        )
        other = SessionLock(store.path)
        assert other.acquire()
    try:
        for command in ("run", "resume"):
            with ExitStack() as stack, pytest.raises(UsageError, match="Short test routine"):
                open_session(args(command, "short" if command == "run" else None), stack)
    finally:
        other.release()
