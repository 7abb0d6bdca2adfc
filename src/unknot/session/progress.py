"""Checkpoints kept in the store: the bridge between the session runner and SQLite."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from unknot.session.engine import Session
from unknot.session.runner import CheckpointError
from unknot.session.snapshot import PAIN_WHERE_KEY
from unknot.session.store import Store
from unknot.session.store_records import (
    NotOwner,
    Progress,
    SessionRecord,
    StepOutcome,
    StoreBusy,
    StoreError,
    StoreReadOnly,
)


@dataclass
class StoreCheckpoints:
    """Save a session's snapshot as the progress row, and record it in the history when it ends."""

    store: Store
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    pain_before: int | None = None
    pain_where: str | None = None
    """Where the pain was before the session (left, right, both, middle), if asked and answered."""
    finished_id: int | None = None
    """The history row of the finished session, for the pain rating asked on the summary."""
    owner: str | None = None
    """This process's owner token (``SessionLock.token``), written into the progress row."""
    claimed: bool = False
    """Whether the progress row is ours yet: the first save takes it over, later ones check it stays ours."""

    def save(self, session: Session) -> None:
        """Upsert the progress row with the session's snapshot."""
        routine = session.routine
        try:
            self.store.save_progress(
                routine_id=routine.id,
                routine_name=routine.name,
                routine_hash=routine.content_hash,
                snapshot=self._snapshot(session),
                started_at=self.started_at,
                pain_before=self.pain_before,
                owner=self.owner,
                claim=not self.claimed,
            )
        except StoreBusy as exc:
            raise CheckpointError(
                f"{exc}. The session goes on, and is saved as soon as that program lets go.", kind="busy"
            ) from exc
        except StoreReadOnly as exc:
            # A folder that was read-only when the store opened was said then, once (its notice).
            raise CheckpointError(
                f"{exc}. The session goes on, but nothing from it will be saved.", told=self.store.read_only
            ) from exc
        except NotOwner as exc:
            raise CheckpointError(f"{exc}. This window no longer saves it.", kind="owner") from exc
        except StoreError as exc:
            raise CheckpointError(f"{exc}. The session goes on; it may not resume after a crash.") from exc
        self.claimed = True

    def _snapshot(self, session: Session) -> dict[str, object]:
        # Where the pain was rides along in the snapshot (the engine does not use it), so a resumed
        # session still records it; the progress row itself keeps its columns.
        snapshot = session.snapshot()
        if self.pain_where is not None:
            snapshot = replace(snapshot, pain_where=self.pain_where)
        return snapshot.to_dict()

    @classmethod
    def resuming(cls, store: Store, progress: Progress) -> StoreCheckpoints:
        """Checkpoints that carry on the saved session's start time and ratings."""
        where = progress.snapshot.get(PAIN_WHERE_KEY)
        return cls(
            store, progress.started_at, progress.pain_before, where if isinstance(where, str) else None
        )

    def finish(self, session: Session) -> None:
        """Record the finished session and clear the progress, in one transaction."""
        summary = session.summary()
        record = SessionRecord(
            routine_id=session.routine.id,
            routine_name=session.routine.name,
            started_at=self.started_at,
            ended_at=datetime.now(UTC),
            active_seconds=summary.active_seconds,
            region_seconds=summary.region_seconds,
            skipped=summary.skipped,
            hurts=summary.hurts,
            completed=summary.completed,
            pain_before=self.pain_before,
            steps=step_outcomes(session),
            pain_where=self.pain_where,
        )
        try:
            self.finished_id = self.store.finish(record, owner=self.owner)
        except StoreReadOnly as exc:
            raise CheckpointError(
                f"{exc}. This session is not in your history.", told=self.store.read_only
            ) from exc
        except StoreError as exc:
            raise CheckpointError(f"{exc}. This session is not in your history.") from exc


def step_outcomes(session: Session) -> tuple[StepOutcome, ...]:
    """Each step's region, side, whole seconds worked and outcome, for the history by region and side."""
    return tuple(
        StepOutcome(step.index, step.region, step.side, round(record.worked), record.outcome.value)
        for step, record in zip(session.routine.steps, session.records, strict=True)
    )
