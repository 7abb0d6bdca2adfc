"""Checkpoints kept in the store: the bridge between the session runner and SQLite."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from unknot.engine import Session
from unknot.runner import CheckpointError
from unknot.store import NotOwner, SessionRecord, Store, StoreBusy, StoreError, StoreReadOnly


@dataclass
class StoreCheckpoints:
    """Save a session's snapshot as the progress row, and record it in the history when it ends."""

    store: Store
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    pain_before: int | None = None
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
                snapshot=session.snapshot(),
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
            raise CheckpointError(f"{exc}. The session goes on, but nothing from it will be saved.") from exc
        except NotOwner as exc:
            raise CheckpointError(f"{exc}. This window no longer saves it.", kind="owner") from exc
        except StoreError as exc:
            raise CheckpointError(f"{exc}. The session goes on; it may not resume after a crash.") from exc
        self.claimed = True

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
        )
        try:
            self.finished_id = self.store.finish(record, owner=self.owner)
        except StoreError as exc:
            raise CheckpointError(f"{exc}. This session is not in your history.") from exc
