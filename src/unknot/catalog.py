"""The facts unknot works from: body regions, massage techniques, and the safety reminder.

Data only. Routines name regions and techniques by the ids below; the loader checks them, the player and the
plain mode show the names and instructions, the builder and the schema read the lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from unknot.routine import Pressure

View = Literal["back", "front"]


@dataclass(frozen=True)
class Region:
    """A part of the body to work on."""

    id: str
    name: str
    """Display name, e.g. "Gluteus medius"."""
    short_name: str
    """At most 12 characters, for narrow screens."""
    where: str
    """Where it is, in words a person can find on themselves."""
    why: str
    """Why it matters for the SI joint and the lower back."""
    view: View
    """Which outline of the body map shows it."""
    sided: bool
    """True when the region has a left and a right worked separately."""


@dataclass(frozen=True)
class Technique:
    """A way of working a region."""

    id: str
    name: str
    what: str
    """What it is and what it does."""
    how: str
    """How to do it on yourself."""
    pressure: Pressure
    """Typical pressure."""
    depth: int
    """1 light, 2 moderate, 3 deep: lint uses it to check that deep work follows a lighter warm-up."""


REGIONS: Mapping[str, Region] = MappingProxyType({})
TECHNIQUES: Mapping[str, Technique] = MappingProxyType({})


def instruction(region: str, technique: str) -> str:
    """The default instruction for working ``region`` with ``technique``."""
    raise NotImplementedError


REMINDER_TITLE = "Consult a qualified professional"
