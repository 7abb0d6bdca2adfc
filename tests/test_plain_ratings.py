"""Plain mode's ratings as lines: pain and where before, pain and the chair re-test after, Enter skips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui_support import FakeClock, short_routine
from unknot.plain import ratings as plain_ratings
from unknot.session.engine import Session
from unknot.session.progress import StoreCheckpoints
from unknot.session.store import Store


class Lines:
    """Typed lines, and what was said."""

    def __init__(self, *typed: str) -> None:
        self.typed: Iterator[str] = iter(typed)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def read(self) -> str | None:
        return next(self.typed, None)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    with Store.open(tmp_path / "unknot.db") as opened:
        yield opened


def _finished(store: Store, lines: Lines, ask: str) -> StoreCheckpoints:
    clock = FakeClock()
    session = Session(short_routine(), clock)
    checkpoints = StoreCheckpoints(store)
    plain_ratings.rate_before(lines.say, lines.read, checkpoints, ask)
    session.begin()
    clock.advance(60)
    session.poll()
    checkpoints.finish(session)
    return checkpoints


def test_both_asks_before_and_after_and_keeps_the_answers(store: Store) -> None:
    lines = Lines("12", "6", "x", "right", "3", "E")
    checkpoints = _finished(store, lines, "both")
    plain_ratings.finish(lines.say, lines.read, checkpoints, short_routine(), "both")
    [session] = store.history()
    assert (session.pain_before, session.pain_after) == (6, 3)
    assert store.rows("SELECT pain_where, retest FROM ratings") == [("right", "easier")]
    said = "\n".join(lines.said)
    assert "Please type a whole number from 0 to 10" in said  # 12
    assert "Please type one of: l left, r right, b both sides, m middle" in said  # x
    assert "1st session this week." in said and "Saved to your history." in said
    # The same anchors as the app's pain screen, said after each pain question, in words a reader reads out.
    scale = "The scale: 0 no pain, 3 mild, 5 moderate, 7 severe, 10 the worst you can imagine."
    assert lines.said.count(scale) == 2
    assert lines.said.index(scale) == lines.said.index(plain_ratings.PAIN_BEFORE) + 1


def test_pain_two_points_higher_after_gets_the_advice(store: Store) -> None:
    lines = Lines("3", "l", "6", "")
    checkpoints = _finished(store, lines, "both")
    plain_ratings.finish(lines.say, lines.read, checkpoints, short_routine(), "both")
    said = "\n".join(lines.said)
    assert "from 3 to 6" in said and "lighter or shorter" in said and "professional" in said


def test_enter_skips_and_no_pain_asks_no_where(store: Store) -> None:
    lines = Lines("0", "", "")
    checkpoints = _finished(store, lines, "both")
    plain_ratings.finish(lines.say, lines.read, checkpoints, short_routine(), "both")
    [session] = store.history()
    assert (session.pain_before, session.pain_after) == (0, None)
    assert store.rows("SELECT count(*) FROM ratings") == [(0,)]
    assert not any("Where" in line for line in lines.said)


def test_after_asks_only_after_and_never_asks_nothing(store: Store) -> None:
    lines = Lines("4", "s")
    checkpoints = _finished(store, lines, "after")
    plain_ratings.finish(lines.say, lines.read, checkpoints, short_routine(), "after")
    assert [(s.pain_before, s.pain_after) for s in store.history()] == [(None, 4)]
    assert store.rows("SELECT retest FROM ratings") == [("same",)]
    quiet = Lines("5", "5")
    checkpoints = _finished(store, quiet, "never")
    plain_ratings.finish(quiet.say, quiet.read, checkpoints, short_routine(), "never")
    assert next((s.pain_before, s.pain_after) for s in store.history()) == (None, None)
    assert quiet.said == ["2nd session this week."]


def test_without_a_terminal_only_the_count_is_said(store: Store) -> None:
    lines = Lines()
    checkpoints = _finished(store, lines, "both")
    plain_ratings.finish(lines.say, None, checkpoints, short_routine(), "both")
    assert lines.said[-1] == "1st session this week."


def test_where_the_pain_was_survives_a_resume(store: Store) -> None:
    clock = FakeClock()
    session = Session(short_routine(), clock)
    StoreCheckpoints(store, pain_before=5, pain_where="left").save(session)
    pending = store.load_progress()
    assert pending is not None
    resumed = StoreCheckpoints.resuming(store, pending)
    assert (resumed.pain_before, resumed.pain_where, resumed.started_at) == (5, "left", pending.started_at)
    restored = Session.restore(short_routine(), pending.snapshot, clock)
    restored.begin()
    clock.advance(60)
    restored.poll()
    resumed.finish(restored)
    assert store.rows("SELECT pain_where FROM ratings") == [("left",)]
    assert [s.pain_before for s in store.history()] == [5]
