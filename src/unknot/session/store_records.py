"""What the store keeps, as values: the session in progress, finished sessions and their steps, and the
errors a write can raise (their messages are for the user). Wall times are ISO-8601 UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


class StoreError(Exception):
    """A write that could not be saved (full disk, read-only file, ...); the message is for the user."""


class StoreBusy(StoreError):
    """Another program holds the database's write lock; trying again later may well work."""


class StoreReadOnly(StoreError):
    """The data folder or the database file cannot be written: nothing will be saved this run."""


class NotOwner(StoreError):
    """The progress row belongs to another unknot window's session (see ``unknot.session.ownership``)."""


@dataclass(frozen=True)
class Progress:
    """The session in progress, as saved for resuming after a quit or a crash."""

    routine_id: str
    routine_name: str
    routine_hash: str
    snapshot: dict[str, Any]
    started_at: datetime
    updated_at: datetime
    pain_before: int | None


@dataclass(frozen=True)
class SessionRecord:
    """A finished session as the player reports it; ``skipped`` and ``hurts`` are segment indices."""

    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    active_seconds: int
    region_seconds: dict[str, int]
    skipped: list[int]
    hurts: list[int]
    completed: bool
    pain_before: int | None = None
    pain_after: int | None = None
    steps: tuple[StepOutcome, ...] = ()
    """Each step's side, seconds and outcome (empty for sessions from before schema 2)."""
    pain_where: str | None = None
    """Where the pain was before: left, right, both or middle."""


@dataclass(frozen=True)
class StepOutcome:
    """What one step of a finished session came to."""

    step: int | None
    region: str
    side: str
    seconds: int
    outcome: str


@dataclass(frozen=True, kw_only=True)
class FinishedSession(SessionRecord):
    """A session from the history, with the id that ``set_pain`` takes."""

    id: int


def iso(moment: datetime) -> str:
    """``moment`` as stored: ISO-8601 in UTC to the second (``2024-05-01T08:30:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_json(text: str, kind: type) -> Any:
    """The JSON value in ``text`` when it is a ``kind``, else None."""
    # Our rows always hold valid JSON; a hand-edited one should not take the history screen down.
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, kind) else None


def check_pain(value: int | None) -> None:
    """Raise :class:`ValueError` unless ``value`` is None or a whole number from 0 to 10."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10):
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {value!r}")
