"""The plan every export reads: the ``unknot show --json`` document, and named accessors for its fields.

Audio, chapters, the sheet and the calendar all take their times from this one dict (see
:func:`unknot.model.plan.routine_json`), never from a second computation. Reading it goes through
:class:`PlanStep`, the one place that knows the field names, so a change of the document changes only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unknot.model import catalog
from unknot.model.plan import region_title, routine_json
from unknot.model.positions import POSITIONS, TOOLS
from unknot.model.routine import Routine

Plan = dict[str, Any]
PROPER_NAMES = frozenset({"Swedish"})
"""Words of technique names that keep their capital inside a sentence."""


def plan_of(routine: Routine) -> Plan:
    """The routine's ``show --json`` document."""
    return routine_json(routine)


@dataclass(frozen=True)
class PlanStep:
    """One segment of the plan (one side of a routine's segment), read from the plan's fields."""

    number: int
    """1-based."""
    count: int
    region: str
    side: str
    technique: str
    start: float
    """Seconds from the session's start to the start of the work."""
    seconds: int
    get_ready: int
    """Seconds of set-up before :attr:`start`."""
    position: str
    tool: str
    pressure: str
    instruction: str
    phases: tuple[tuple[str, int], ...]

    @property
    def setup_start(self) -> float:
        """When this step's set-up begins: its chapter starts here."""
        return self.start - self.get_ready

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def title(self) -> str:
        """``Left piriformis`` / ``Lower back``."""
        return region_title(self.region, self.side)

    @property
    def technique_name(self) -> str:
        return catalog.TECHNIQUES[self.technique].name

    @property
    def technique_words(self) -> str:
        """The technique's name inside a sentence: ``trigger point``, but ``Swedish`` (a proper name)."""
        name = self.technique_name
        return name if name.split()[0] in PROPER_NAMES else name[:1].lower() + name[1:]

    @property
    def chapter_title(self) -> str:
        """``3/12 Left piriformis - trigger point``."""
        return f"{self.number}/{self.count} {self.title} - {self.technique_words}"

    @property
    def position_name(self) -> str:
        return POSITIONS[self.position].name if self.position in POSITIONS else self.position

    @property
    def position_setup(self) -> str:
        return POSITIONS[self.position].setup if self.position in POSITIONS else ""

    @property
    def tool_name(self) -> str:
        return tool_name(self.tool)


def steps(plan: Plan) -> list[PlanStep]:
    """The plan's segments, in order."""
    segments = plan["segments"]
    return [
        PlanStep(
            number=i + 1,
            count=len(segments),
            region=seg["region"],
            side=seg["side"],
            technique=seg["technique"],
            start=float(seg["start"]),
            seconds=int(seg["seconds"]),
            get_ready=int(seg["get_ready"]),
            position=seg["position"],
            tool=seg["tool"],
            pressure=seg["pressure"],
            instruction=seg["instruction"],
            phases=tuple((p["name"], int(p["seconds"])) for p in seg["phases"]),
        )
        for i, seg in enumerate(segments)
    ]


def total_seconds(plan: Plan) -> int:
    return int(plan["total_seconds"])


def equipment(plan: Plan) -> list[str]:
    """Tool ids in order of first use."""
    return list(plan["equipment"])


def equipment_names(plan: Plan) -> list[str]:
    return [tool_name(t) for t in equipment(plan)]


def tool_name(tool: str) -> str:
    """A tool id's display name (the id itself for one the catalog no longer knows)."""
    return TOOLS[tool].name if tool in TOOLS else tool


def regions(plan: Plan) -> list[str]:
    """Region names in order of first use."""
    return list(dict.fromkeys(catalog.REGIONS[seg["region"]].name for seg in plan["segments"]))
