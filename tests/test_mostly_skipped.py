"""A session that was mostly skipped is shown as such and does not count toward what helps.

The rule (``unknot.learning.mostly_skipped``): fewer than half of its steps ran to their end, a step
skipped with n or cut short with h not counting. Checked on the rule itself, then end to end: sessions run
on the engine (a fake clock) and recorded in a real store, then read back by the history, the table of
what helps and the sentence under it.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui_support import FakeClock, short_routine
from unknot.learning.history import rows
from unknot.learning.mostly_skipped import LABEL, mostly_skipped, steps_done
from unknot.learning.outcome_tables import table
from unknot.learning.outcomes import by_routine, headline, load
from unknot.session.engine import Session
from unknot.session.progress import StoreCheckpoints
from unknot.session.store import Store
from unknot.session.store_records import StepOutcome


def steps(*outcomes: str) -> tuple[StepOutcome, ...]:
    return tuple(StepOutcome(i, "lumbar", "none", 30, outcome) for i, outcome in enumerate(outcomes))


def test_fewer_than_half_done_is_mostly_skipped_and_hurts_is_not_done() -> None:
    assert mostly_skipped(steps("done", "skipped", "skipped"))
    assert mostly_skipped(steps("done", "hurts", "skipped"))
    assert mostly_skipped(steps("hurts", "hurts", "done", "skipped", "done"))
    assert not mostly_skipped(steps("done", "done", "skipped"))
    assert not mostly_skipped(steps("done", "skipped"))  # exactly half done counts as done
    assert not mostly_skipped(steps("done"))
    assert not mostly_skipped(())  # a session from before steps were recorded: cannot tell, counts
    assert steps_done(steps("done", "hurts", "done", "skipped")) == 2


def finish(store: Store, *, skip: int, before: int, after: int) -> None:
    """Run the short routine (3 steps) on the engine, pressing n on the first ``skip`` steps; record it."""
    clock = FakeClock()
    session = Session(short_routine(), clock)
    checkpoints = StoreCheckpoints(store, pain_before=before)
    session.begin()
    for _ in range(skip):
        clock.advance(1)
        session.poll()
        session.next()
    while not session.finished:
        clock.advance(1)
        session.poll()
    checkpoints.finish(session)
    assert checkpoints.finished_id is not None
    store.set_pain(checkpoints.finished_id, "after", after)


def test_a_mostly_skipped_session_is_listed_as_such_and_left_out_of_what_helps(tmp_path: Path) -> None:
    with Store.open(tmp_path / "unknot.db") as store:
        finish(store, skip=0, before=6, after=4)  # done in full: 2 points less
        finish(store, skip=1, before=6, after=3)  # one of three skipped: still counts, 3 less
        finish(store, skip=2, before=6, after=9)  # two of three skipped with n: mostly skipped
        history = store.history()  # newest first
        sessions = load(store)
    assert [row[-1] for row in rows(history)] == [LABEL, "yes", "yes"]
    assert all(s.completed for s in history)  # each reached its end: "completed" alone could not tell
    (row,) = by_routine(sessions)
    assert (row.sessions, row.rated, row.mostly_skipped) == (3, 2, 1)
    assert row.median_change == -2.5 and (row.least_change, row.most_change) == (-3, -2)
    assert row.less_pain_share == 1.0  # the mostly skipped session's +3 is not in it
    header, cells = table(sessions, "routine")
    assert dict(zip(header, cells[0], strict=True))["RATED"] == "2"
    assert headline([row]) == (
        "short lowered your pain by 2.5 points on average over 2 sessions"
        " (1 mostly skipped session not counted)"
    )


def test_a_routine_only_ever_skipped_says_so_rather_than_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "unknot.db") as store:
        finish(store, skip=3, before=5, after=5)
        finish(store, skip=2, before=5, after=6)
        sessions = load(store)
    (row,) = by_routine(sessions)
    assert (row.sessions, row.rated, row.mostly_skipped, row.median_change) == (2, 0, 2, None)
    assert headline([row]) == "2 mostly skipped sessions not counted"
