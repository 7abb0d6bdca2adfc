"""A store filled with generated sessions (fixed seed), the way the player would have recorded them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from unknot.routine_files.discovery import resolve
from unknot.session.store import Store
from unknot.session.store_records import SessionRecord, StepOutcome

ROUTINES = ("quick-relief-5", "si-joint-10", "desk-break-hips")
START = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # a Monday


def fill(store: Store, *, weeks: int = 8, seed: int = 19) -> int:
    """Record about 3 to 6 sessions a week for ``weeks`` weeks; returns how many."""
    rng = random.Random(seed)
    count = 0
    for day in range(weeks * 7):
        if rng.random() > 0.62:
            continue
        routine = resolve(rng.choice(ROUTINES))
        started = START + timedelta(days=day, hours=rng.choice((0, 5, 11, 14)), minutes=rng.randrange(60))
        steps = []
        for step in routine.steps:
            roll = rng.random()
            outcome = "hurts" if roll < 0.06 else "skipped" if roll < 0.09 else "done"
            worked = step.seconds if outcome == "done" else rng.randrange(step.seconds)
            steps.append(StepOutcome(step.index, step.region, step.side, worked, outcome))
        regions: dict[str, int] = {}
        for s in steps:
            regions[s.region] = regions.get(s.region, 0) + s.seconds
        before = rng.choice((None, *range(2, 9), *range(3, 7)))
        after = (
            None if before is None or rng.random() < 0.15 else max(0, min(10, before + rng.randint(-4, 2)))
        )
        active = sum(s.seconds for s in steps)
        store.finish(
            SessionRecord(
                routine_id=routine.id,
                routine_name=routine.name,
                started_at=started,
                ended_at=started + timedelta(seconds=routine.total_seconds),
                active_seconds=active,
                region_seconds=regions,
                skipped=[s.step for s in steps if s.outcome == "skipped" and s.step is not None],
                hurts=[s.step for s in steps if s.outcome == "hurts" and s.step is not None],
                completed=True,
                pain_before=before,
                pain_after=after,
                steps=tuple(steps),
                pain_where=rng.choice((None, "left", "right", "both", "middle"))
                if before is not None
                else None,
            )
        )
        count += 1
    return count


def filled_store(path: Path, **kwargs: int) -> Store:
    """A new store at ``path`` with generated sessions."""
    store = Store.open(path)
    fill(store, **kwargs)
    return store
