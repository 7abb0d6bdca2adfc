"""The saved session's format: snapshots written by earlier versions restore; saving writes the same bytes.

The two JSON texts below were written by unknot before the snapshot became a typed dataclass (the engine
then returned a raw dict), from :func:`saved_routine` run on a fake clock: one saved paused in the last
step after a "this hurts" (with where the pain was), one saved while the second step ran.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from unknot.model.routine import Routine, Segment
from unknot.session.engine import Session
from unknot.session.events import Outcome, Phase
from unknot.session.progress import StoreCheckpoints
from unknot.session.snapshot import Snapshot, SnapshotMismatch
from unknot.session.store import Store

PAUSED = (
    '{"version": 1, "routine_id": "saved", "routine_hash": "5a1d", "source": '
    '"/home/me/.config/unknot/routines/saved.yaml", "phase": "segment", "step": 2, "done": 58.904, '
    '"length": 60.0, "paused": true, "waiting": false, "body": ["on_back", "tennis_ball"], "fired": '
    '["halfway", "phase:find", "phase:hold", "phase:release", "tick:2", "tick:3"], "finished": false, '
    '"active": 141.25, "records": [["done", 40.0], ["hurts", 12.346], ["pending", 58.904]], '
    '"pain_where": "left"}'
)
RUNNING = (
    '{"version": 1, "routine_id": "saved", "routine_hash": "5a1d", "source": '
    '"/home/me/.config/unknot/routines/saved.yaml", "phase": "segment", "step": 1, "done": 12.5, '
    '"length": 60.0, "paused": false, "waiting": false, "body": ["on_back", "tennis_ball"], "fired": '
    '["phase:find"], "finished": false, "active": 77.5, "records": [["done", 40.0], ["pending", 12.5], '
    '["pending", 0.0]]}'
)


def saved_routine() -> Routine:
    return Routine(
        id="saved",
        name="Saved",
        transition=5,
        content_hash="5a1d",
        source=Path("/home/me/.config/unknot/routines/saved.yaml"),
        segments=(
            Segment("lumbar", "swedish", 40, position="standing", tool="hands"),
            Segment("piriformis", "trigger_point", 60, sides="both", position="on_back", tool="tennis_ball"),
        ),
    )


def stored_text(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        text: str = conn.execute("SELECT snapshot FROM progress").fetchone()[0]
    finally:
        conn.close()
    return text


def test_a_session_saved_paused_by_the_earlier_code_restores_and_saves_the_same_bytes(tmp_path: Path) -> None:
    session = Session.restore(saved_routine(), json.loads(PAUSED), clock=lambda: 0.0)
    assert json.dumps(session.snapshot().to_dict()) == PAUSED  # saved again before the reminder is done
    assert [e.name for e in session.begin(0.0)] == ["paused"]
    assert (session.phase, session.index, session.step.side) == (Phase.SEGMENT, 2, "right")
    assert session.paused and session.remaining(0.0) == pytest.approx(60.0 - 58.904)
    assert session.body == ("on_back", "tennis_ball") and session.current_phase(0.0) == "release"
    assert [r.outcome for r in session.records] == [Outcome.DONE, Outcome.HURTS, Outcome.PENDING]
    # Saved through the checkpoints as the front ends save it: the row holds the very same text.
    with Store.open(tmp_path / "unknot.db") as store:
        StoreCheckpoints(store, pain_where="left").save(session)
    assert stored_text(tmp_path / "unknot.db") == PAUSED
    session.resume(0.0)
    session.poll(10.0)
    assert session.finished and session.summary().hurts == [1]
    assert session.summary().region_seconds == {"lumbar": 40, "piriformis": 72}


def test_a_session_saved_while_running_comes_back_paused_where_it_was() -> None:
    session = Session.restore(saved_routine(), json.loads(RUNNING), clock=lambda: 0.0)
    session.begin(0.0)
    assert (session.phase, session.index, session.paused) == (Phase.SEGMENT, 1, True)
    assert session.remaining(0.0) == pytest.approx(47.5) and session.fired == {"phase:find"}
    snapshot = session.snapshot()
    assert snapshot.paused and snapshot.done == 12.5 and snapshot.active == 77.5 and snapshot.left == 47.5
    events = [*session.resume(0.0), *session.poll(200.0)]
    assert [e.name for e in events if e.name in ("halfway", "segment_end")] == ["halfway", "segment_end"] * 2
    assert session.finished and session.summary().region_seconds == {"lumbar": 40, "piriformis": 120}


def test_a_snapshot_from_before_the_body_and_the_set_up_wait_were_kept_restores() -> None:
    old = {k: v for k, v in json.loads(RUNNING).items() if k not in ("body", "waiting", "version")}
    session = Session.restore(saved_routine(), old, clock=lambda: 0.0)
    session.begin(0.0)
    assert session.body == ("on_back", "tennis_ball")  # where the plan puts it while the step is worked
    assert not session.waiting and session.remaining(0.0) == pytest.approx(47.5)


@pytest.mark.parametrize("text", [PAUSED, RUNNING])
def test_the_typed_snapshot_reads_and_writes_the_stored_text_unchanged(text: str) -> None:
    snapshot = Snapshot.from_dict(json.loads(text))
    assert isinstance(snapshot.phase, Phase) and isinstance(snapshot.records[0][0], Outcome)
    assert json.dumps(snapshot.to_dict()) == text


def test_a_fresh_snapshot_round_trips_at_every_moment_of_a_session() -> None:
    clock = [0.0]
    session = Session(saved_routine(), lambda: clock[0])
    session.begin(0.0)
    for moment in range(0, 180, 7):
        clock[0] = moment + 0.3333
        session.poll()
        if moment == 63:
            session.hurts()
        if moment == 98:
            session.adjust(15)
        stored = json.dumps(session.snapshot().to_dict())
        assert json.dumps(Snapshot.from_dict(json.loads(stored)).to_dict()) == stored


def test_keys_a_later_version_adds_ride_along() -> None:
    newer = {**json.loads(PAUSED), "mood": ["calm", 3]}
    assert Snapshot.from_dict(newer).to_dict() == newer
    restored = Session.restore(saved_routine(), newer)
    assert restored.snapshot().to_dict() == newer


def test_a_damaged_snapshot_is_refused_with_the_reason() -> None:
    stored = json.loads(RUNNING)
    with pytest.raises(SnapshotMismatch, match="damaged"):
        Snapshot.from_dict({**stored, "done": "soon"})
    with pytest.raises(SnapshotMismatch, match="damaged"):
        Session.restore(saved_routine(), {k: v for k, v in stored.items() if k != "length"})
    with pytest.raises(SnapshotMismatch, match="outside"):
        Session.restore(saved_routine(), {**stored, "phase": "reminder"})
    with pytest.raises(SnapshotMismatch, match="steps"):
        Session.restore(saved_routine(), {**stored, "records": stored["records"][:2]})
