"""A session saved as data: :class:`Snapshot`, what the progress row keeps so a session can be resumed.

The engine captures one (:meth:`unknot.session.engine.Session.snapshot`) and rebuilds a session from one
(:meth:`~unknot.session.engine.Session.restore`); the store keeps it as JSON through :meth:`Snapshot.to_dict`
and :meth:`Snapshot.from_dict`. The JSON keys, their order and their value types are a stored format:
sessions saved by earlier versions must still restore, so a key is only ever added, and ``to_dict`` writes
them in the order they have always had. Keys this version does not know ride along in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from unknot.model.routine import Routine
from unknot.session.events import Outcome, Phase

SNAPSHOT_VERSION = 1
PAIN_WHERE_KEY = "pain_where"
"""Where the pain was before the session: saved by the checkpoints, not by the engine."""

_KEYS = (
    "version",
    "routine_id",
    "routine_hash",
    "source",
    "phase",
    "step",
    "done",
    "length",
    "paused",
    "waiting",
    "body",
    "fired",
    "finished",
    "active",
    "records",
    PAIN_WHERE_KEY,
)


class SnapshotMismatch(ValueError):
    """A snapshot that does not belong to this routine (its file changed, or it is damaged)."""


@dataclass(frozen=True)
class Snapshot:
    """A session as plain data, with no clock values: its phase and how far in, and each step's tally."""

    routine_id: str
    routine_hash: str
    source: str | None
    """The routine's file, to find it again; None for a routine that has none."""
    phase: Phase
    step: int
    done: float
    """Seconds of the phase already run."""
    length: float
    """Seconds the phase lasts (after any +/-)."""
    paused: bool
    waiting: bool
    """In a set-up wait: the get-ready ran out and the session waits for the user."""
    body: tuple[str, str] | None
    """The (position, tool) the body was set up for; None when not set up yet or saved before it was kept."""
    fired: tuple[str, ...]
    """The cues of this phase already heard (``halfway``, ``tick:3``, ``phase:hold``...)."""
    finished: bool
    active: float
    """Running seconds of the whole session, get-ready included, pauses excluded."""
    records: tuple[tuple[Outcome, float], ...]
    """Each step's outcome and seconds of work done on it."""
    version: int = SNAPSHOT_VERSION
    pain_where: str | None = None
    """Where the pain was before the session (left, right, both, middle), if asked and answered."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept so that saving again loses nothing."""

    @property
    def left(self) -> float:
        """Seconds left in the phase it was saved in."""
        return self.length - self.done

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form the store keeps, key for key as it has always been written."""
        data: dict[str, Any] = {
            "version": self.version,
            "routine_id": self.routine_id,
            "routine_hash": self.routine_hash,
            "source": self.source,
            "phase": self.phase.value,
            "step": self.step,
            "done": self.done,
            "length": self.length,
            "paused": self.paused,
            "waiting": self.waiting,
            "body": list(self.body) if self.body is not None else None,
            "fired": list(self.fired),
            "finished": self.finished,
            "active": self.active,
            "records": [[outcome.value, worked] for outcome, worked in self.records],
        }
        if self.pain_where is not None:
            data[PAIN_WHERE_KEY] = self.pain_where
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """Read a stored snapshot; raises :class:`SnapshotMismatch` when it is damaged.

        ``records``, ``step``, ``phase``, ``done`` and ``length`` must be there; the rest may be missing
        (older versions did not save ``body`` or ``waiting``) and takes its default.
        """
        try:
            records = _records(data["records"])
            body = data.get("body")
            where = data.get(PAIN_WHERE_KEY)
            version = data.get("version", SNAPSHOT_VERSION)
            source = data.get("source")
            return cls(
                routine_id=str(data.get("routine_id", "")),
                routine_hash=str(data.get("routine_hash", "")),
                source=None if source is None else str(source),
                phase=Phase(data["phase"]),
                step=int(data["step"]),
                done=float(data["done"]),
                length=float(data["length"]),
                paused=bool(data.get("paused", False)),
                waiting=bool(data.get("waiting", False)),
                # Anything but a [position, tool] pair reads as "where the plan puts it" on resuming.
                body=(str(body[0]), str(body[1])) if isinstance(body, list) and len(body) == 2 else None,
                fired=tuple(str(key) for key in data.get("fired", [])),
                finished=bool(data.get("finished", False)),
                active=float(data.get("active", 0.0)),
                records=records,
                version=version if isinstance(version, int) else SNAPSHOT_VERSION,
                pain_where=where if isinstance(where, str) else None,
                extra={key: value for key, value in data.items() if key not in _KEYS},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotMismatch(f"the saved session is damaged ({exc})") from exc


def matching(routine: Routine, saved: Snapshot | Mapping[str, Any]) -> Snapshot:
    """The saved session, read and checked against ``routine``, ready to resume.

    Raises :class:`SnapshotMismatch` when it belongs to another version of the routine, had finished, or
    is damaged. The checks run in the order they always have, so the reason the user reads is the same.
    """
    data = saved.to_dict() if isinstance(saved, Snapshot) else saved
    try:
        if data.get("finished"):
            raise SnapshotMismatch("the saved session had already finished")
        if data.get("routine_hash") != routine.content_hash:
            raise SnapshotMismatch("the routine's file has changed since this session was saved")
        if len(data["records"]) != len(routine.steps):
            raise SnapshotMismatch("the snapshot does not match the routine's steps")
        records = _records(data["records"])
        active = float(data.get("active", 0.0))
        step = int(data["step"])
        if not 0 <= step < len(routine.steps) or data["phase"] not in ("get_ready", "segment"):
            raise SnapshotMismatch("the snapshot points outside the routine")
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, SnapshotMismatch):
            raise
        raise SnapshotMismatch(f"the saved session is damaged ({exc})") from exc
    snapshot = Snapshot.from_dict(data)
    # A phase cannot have run longer than it lasts (a hand-edited or torn value).
    done = min(snapshot.done, snapshot.length)
    return replace(snapshot, records=records, active=active, step=step, done=done)


def _records(raw: Any) -> tuple[tuple[Outcome, float], ...]:
    return tuple((Outcome(outcome), float(worked)) for outcome, worked in raw)
